package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// ongoing writes the day-to-day of care on top of the episodes: session
// histories (mostly attended, some missed and followed up within two
// working days, a few follow-ups still open), the demo clinician's diary
// for this week and next, a DBT skills group and an MBT group with
// attendance, planned and unplanned endings, and one person who came back
// without a new referral. It returns how many audited writes it made.
type ongoing struct {
	ctx    context.Context
	db     *store.DB // its clock is moved to each write's time
	tx     *store.Tx
	r      *rand.Rand
	now    time.Time
	staff  *roster
	writes int
	system auth.Actor
	// small regions end episodes that a full one keeps (see write).
	small bool
	// ends is how many episodes of each modality end, three per unit of scale.
	ends int
	prog Progress
}

// loadOngoing runs with the database clock set to the demo's "today", so
// every rule (attendance only after the start, re-access windows) holds
// relative to Options.Now.
func loadOngoing(ctx context.Context, db *store.DB, opt Options, staff *roster, small bool) (int, error) {
	defer opt.Progress.Done()
	clock := db.Now
	db.Now = func() time.Time { return opt.Now.UTC() }
	defer func() { db.Now = clock }()
	eps, err := db.Episodes(ctx, store.EpisodeFilter{ActiveOnly: true, Limit: store.AllRows})
	if err != nil {
		return 0, err
	}
	o := &ongoing{ctx: ctx, db: db, r: rand.New(rand.NewPCG(opt.Seed, 0x6f6e676f696e67)), now: opt.Now.UTC(), staff: staff, small: small, ends: 3 * max(opt.Scale, 1), prog: opt.Progress}
	o.prog.Phase("Sessions and groups", len(eps))
	o.system = auth.Actor{User: auth.User{ID: staff.ids["clinician"], Username: "clinician", Role: auth.Clinician}, Relationship: auth.RelCaseload}
	err = bulk(ctx, db, func(ctx context.Context, tx *store.Tx) error {
		o.ctx, o.tx = ctx, tx
		return o.write(eps)
	})
	return o.writes, err
}

func (o *ongoing) write(eps []store.EpisodeRow) error {
	clin := o.staff.ids["clinician"]
	byModality := map[string][]store.EpisodeRow{}
	load := map[int64]int{}
	for _, e := range eps {
		load[e.NamedWorkerID]++
		if e.NamedWorkerID != clin {
			byModality[e.Modality] = append(byModality[e.Modality], e)
		}
	}
	for _, e := range eps {
		if e.NamedWorkerID == clin {
			if err := o.history(e, o.now, true); err != nil {
				return err
			}
		}
	}
	var ending []store.EpisodeRow
	for _, m := range []string{"SCM", "MBT", "DIT", "DBT"} {
		list := byModality[m]
		// Everyone in care has a history of sessions, so diaries and
		// continuity read as a real service's would; a few episodes end.
		// A small test region has too few people per worker for that, so
		// it ends its middle ones instead.
		from, keep := 12, 12
		if o.small {
			from, keep = len(list)/2, 0
		}
		for i, e := range list {
			if i >= from && i < from+o.ends && load[e.NamedWorkerID] > keep && !e.StartedAt.After(o.now.AddDate(0, -4, 0)) {
				load[e.NamedWorkerID]--
				ending = append(ending, e)
				continue
			}
			if err := o.history(e, o.now, false); err != nil {
				return err
			}
			o.prog.Add(1)
		}
	}
	if err := o.group("Tuesday DBT skills group", time.Tuesday, care.GroupDBTSkills, byModality["DBT"][:min(8, len(byModality["DBT"]))]); err != nil {
		return err
	}
	if err := o.group("Thursday MBT group", time.Thursday, care.GroupMBT, byModality["MBT"][:min(8, len(byModality["MBT"]))]); err != nil {
		return err
	}
	return o.endings(ending)
}

// at is a session time on day d: 10:00 to 16:00 on the hour.
func (o *ongoing) at(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day, 10+o.r.IntN(7), 0, 0, 0, time.UTC)
}

// history books fortnightly (SCM) or weekly sessions over the last ten
// weeks up to until, and for the demo clinician this week and next.
func (o *ongoing) history(e store.EpisodeRow, until time.Time, diary bool) error {
	step := 7
	if e.Modality == "SCM" {
		step = 14
	}
	start := until.AddDate(0, 0, -70)
	if e.StartedAt.After(start) {
		start = e.StartedAt.AddDate(0, 0, 3)
	}
	others := o.staff.teamWorkers[e.TeamID]
	for d := start; d.Before(until.AddDate(0, 0, -1)); d = d.AddDate(0, 0, step) {
		for !care.IsWorkingDay(d) {
			d = d.AddDate(0, 0, 1)
		}
		if !dateOnly(d).Before(dateOnly(until)) {
			break // a weekend moved it to until's day or later: not yet happened
		}
		staff := []int64{e.NamedWorkerID}
		if o.r.Float64() < 0.12 && len(others) > 0 { // cover for leave, or a joint review
			staff = []int64{others[o.r.IntN(len(others))]}
		}
		kind := care.KindIndividual
		if o.r.Float64() < 0.1 {
			kind = care.KindReview
		}
		outcome := []care.Outcome{care.OutcomeAttended, care.OutcomeDidNotAttend, care.OutcomeCancelledByPerson, care.OutcomeCancelledByTeam}[weightedPick(o.r, 80, 11, 6, 3)]
		if err := o.session(e, kind, o.at(d), staff, outcome); err != nil {
			return err
		}
	}
	if diary {
		// This week and next, plus the last working day's session still to
		// record.
		for _, days := range []int{-1, 1 + o.r.IntN(3), 7 + o.r.IntN(4)} {
			d := nextWorkday(until.AddDate(0, 0, days))
			if days < 0 {
				d = workdays(until, days)
			}
			if err := o.session(e, care.KindIndividual, o.at(d), []int64{e.NamedWorkerID}, care.OutcomeNone); err != nil {
				return err
			}
		}
	}
	return nil
}

func weightedPick(r *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

var outreachNotes = []string{
	"Rang and spoke with them: it had been a hard week at home and getting out felt impossible. Offered a phone session next time.",
	"Spoke on the phone: bus fare ran out before payday. Arranged travel support and rebooked.",
	"No answer; left a gentle voicemail saying we are still here and asking what would make coming in easier.",
	"Texted to check in; they replied that they forgot and would like a reminder the day before. Reminder set up.",
	"Spoke with them: felt ashamed after the last session. Talked it through; they want to keep coming.",
}

// session books one appointment and records its outcome; a missed one is
// followed up within two working days unless it is too recent.
func (o *ongoing) session(e store.EpisodeRow, kind care.AppointmentKind, at time.Time, staff []int64, outcome care.Outcome) error {
	ap := care.Appointment{PersonID: e.PersonID, EpisodeID: e.ID, Kind: kind, StartsAt: at, Minutes: 50, Location: "Kingsmere Hub", StaffIDs: staff}
	if err := o.tx.CreateAppointment(o.ctx, o.system, &ap); err != nil {
		return fmt.Errorf("appointment for episode %d: %w", e.ID, err)
	}
	o.writes++
	if outcome == care.OutcomeNone {
		return nil
	}
	return o.outcome(ap, outcome)
}

// outcome records what happened as the appointment ended, so a missed
// one's follow-up task is created then, and completes the follow-up the
// next working day when that day has come.
func (o *ongoing) outcome(ap care.Appointment, outcome care.Outcome) error {
	o.clockAt(ap.StartsAt.Add(time.Duration(ap.Minutes) * time.Minute))
	defer o.clockAt(o.now)
	task, err := o.tx.RecordOutcome(o.ctx, o.system, ap.ID, ap.Version, outcome, "")
	if err != nil {
		return fmt.Errorf("outcome of appointment %d: %w", ap.ID, err)
	}
	o.writes++
	if task == nil {
		return nil
	}
	o.writes++
	// Recent misses, and a few older ones, are still to follow up.
	done := care.AddWorkingDays(ap.StartsAt, 1).Add(11 * time.Hour)
	if done.After(o.now) || o.r.Float64() < 0.1 {
		return nil
	}
	att := care.OutreachAttempt{At: done, Method: []care.OutreachMethod{care.OutreachPhone, care.OutreachText}[o.r.IntN(2)],
		Outcome: care.OutreachReached, Note: outreachNotes[o.r.IntN(len(outreachNotes))]}
	if att.Note == outreachNotes[2] {
		att.Outcome = care.OutreachMessageLeft
	}
	o.clockAt(done)
	if err := o.tx.CompleteFollowUp(o.ctx, auth.Actor{User: auth.User{ID: task.AssigneeID}}, ap.PersonID, task.ID, task.Version, &att); err != nil {
		return fmt.Errorf("follow up appointment %d: %w", ap.ID, err)
	}
	o.writes += 2
	return nil
}

// clockAt sets the database clock to t, or to today if t has not come.
func (o *ongoing) clockAt(t time.Time) {
	if t.After(o.now) {
		t = o.now
	}
	o.db.Now = func() time.Time { return t }
}

// group runs a programme that started about ten weeks ago with weekly
// sessions on its named weekday, eight or so past (attendance recorded)
// and the rest to come; a bank holiday moves a session a week on.
func (o *ongoing) group(name string, weekday time.Weekday, modality string, members []store.EpisodeRow) error {
	if len(members) == 0 {
		return nil
	}
	fac := o.staff.clinics["therapies"]
	first := dateOnly(o.now.AddDate(0, 0, -70))
	for first.Weekday() != weekday {
		first = first.AddDate(0, 0, 1)
	}
	g := care.Group{Name: name, Modality: modality, TeamID: members[0].TeamID, StartsOn: first,
		EndsOn: o.now.AddDate(0, 5, 0), FacilitatorIDs: fac[:min(2, len(fac))]}
	if modality == care.GroupMBT && len(fac) > 3 {
		g.FacilitatorIDs = fac[2:4]
	}
	if err := o.tx.CreateGroup(o.ctx, o.system, &g); err != nil {
		return fmt.Errorf("create group %s: %w", name, err)
	}
	o.writes++
	for _, m := range members {
		if err := o.tx.AddGroupMember(o.ctx, o.system, g.ID, m.ID); err != nil {
			return fmt.Errorf("group member: %w", err)
		}
		o.writes++
	}
	for week, held := 0, 0; held < 12; week++ {
		d := first.AddDate(0, 0, 7*week)
		if !care.IsWorkingDay(d) {
			continue
		}
		held++
		s := care.GroupSession{GroupID: g.ID, StartsAt: time.Date(d.Year(), d.Month(), d.Day(), 14, 0, 0, 0, time.UTC), Minutes: 150, Location: "Kingsmere Hub, group room"}
		if err := o.tx.AddGroupSession(o.ctx, o.system, &s); err != nil {
			return fmt.Errorf("group session: %w", err)
		}
		o.writes += 1 + len(members)
	}
	// Record attendance for sessions that have happened.
	rows, err := o.tx.GroupPlacesBefore(o.ctx, g.ID, o.now.AddDate(0, 0, -1))
	if err != nil {
		return err
	}
	for _, ap := range rows {
		outcome := []care.Outcome{care.OutcomeAttended, care.OutcomeDidNotAttend, care.OutcomeCancelledByPerson}[weightedPick(o.r, 85, 10, 5)]
		if err := o.outcome(ap, outcome); err != nil {
			return err
		}
	}
	return nil
}

var (
	planned = []struct{ support, back, keep string }{
		{"Weekly peer support group at Kingsmere Mind, Thursdays 6pm; GP review in a month.", "Ring the team on 01632 960 400 and ask for the duty worker, or ask your GP to let us know.", "Noticing the pattern before I shut down, and saying it out loud."},
		{"Volunteering two days a week at the community garden, arranged with the recovery college.", "Call or email the team; you will not need a new referral for 6 months.", "That I can ask for help without it being a crisis."},
		{"Back to work part-time with a workplace adjustment plan; GP aware.", "Contact the team directly, or through your GP.", "The skills cards from group and my safety plan."},
	}
	unplanned = []struct{ reason, note string }{
		{care.ReasonPersonChose, "Told us they want a break from therapy for now; knows the door is open."},
		{care.ReasonMovedAway, "Moved to another area for work; CEN service there contacted with consent."},
		{care.ReasonAnotherService, "Needs specialist eating disorder support first; referred with consent."},
	}
)

// endings closes some episodes well, some unplanned, one after lost
// contact with the outreach and team decision recorded, and brings one
// person back without a new referral.
func (o *ongoing) endings(eps []store.EpisodeRow) error {
	manager := auth.Actor{User: auth.User{ID: o.staff.ids["manager"], Username: "manager", Role: auth.TeamManager}}
	for i, e := range eps {
		ended := lastWorkday(o.now.AddDate(0, 0, -(5 + o.r.IntN(50))))
		if i == 0 {
			ended = lastWorkday(o.now.AddDate(0, 0, -75)) // the person who comes back
		}
		until := ended.AddDate(0, 0, -14)
		if i == 1 {
			until = ended.AddDate(0, 0, -40) // the person who lost contact
		}
		if err := o.history(e, until, false); err != nil {
			return err
		}
		x := care.Ending{EpisodeID: e.ID, EndedOn: ended}
		switch {
		case i%12 < 2*len(planned) && i%2 == 0: // the same mix in every dozen endings
			p := planned[(i/2)%len(planned)]
			x.Kind, x.FurtherSupport, x.HowToComeBack, x.KeepFromWork, x.CopyToPerson = care.EndingPlanned, p.support, p.back, p.keep, true
		case i == 1:
			// Lost contact: three attempts by three methods after the last
			// attended session, then a team decision.
			var last time.Time
			if err := o.lastAttended(e.PersonID, &last); err != nil {
				return err
			}
			if last.IsZero() || !last.Before(ended.AddDate(0, 0, -20)) {
				x.Kind, x.Reason, x.Note = care.EndingUnplanned, care.ReasonPersonChose, "Said they did not want to continue."
				break
			}
			for j, m := range []care.OutreachMethod{care.OutreachPhone, care.OutreachLetter, care.OutreachViaCarer} {
				at := last.AddDate(0, 0, 3+5*j)
				at = nextWorkday(at).Add(at.Sub(dateOnly(at))) // same time of day
				if err := o.tx.RecordOutreach(o.ctx, o.system, &care.OutreachAttempt{PersonID: e.PersonID, EpisodeID: e.ID, At: at, Method: m,
					Outcome: care.OutreachNoAnswer, Note: "Tried to get back in touch; no reply. Letter offered a home visit or a call at any time."}); err != nil {
					return err
				}
				o.writes++
			}
			x.Kind, x.Reason = care.EndingUnplanned, care.ReasonNonEngagement
			x.MDT = care.MDTDecision{On: workdays(ended, -1), Present: "Team manager, named worker, consultant psychiatrist, peer worker",
				Rationale: "No contact for over a month despite phone, letter and contact through their sister. GP informed; letter sent saying how to come back."}
		default:
			u := unplanned[i%len(unplanned)]
			x.Kind, x.Reason, x.Note = care.EndingUnplanned, u.reason, u.note
		}
		if err := o.tx.EndEpisode(o.ctx, manager, e.PersonID, &x); err != nil {
			return fmt.Errorf("end episode %d: %w", e.ID, err)
		}
		o.writes++
		if i == 0 {
			back, err := o.tx.Reaccess(o.ctx, manager, e.PersonID, e.ID, 0, "Got in touch after a difficult few weeks; wanted to come back to the same worker.")
			if err != nil {
				return fmt.Errorf("re-access: %w", err)
			}
			o.writes += 2
			if err := o.session(store.EpisodeRow{Episode: back}, care.KindReview, o.at(care.AddWorkingDays(o.now, 3)), []int64{back.NamedWorkerID}, care.OutcomeNone); err != nil {
				return err
			}
		}
	}
	return nil
}

func (o *ongoing) lastAttended(personID int64, last *time.Time) error {
	aps, err := o.tx.AttendedBefore(o.ctx, personID, o.now)
	if err != nil {
		return err
	}
	*last = aps
	return nil
}
