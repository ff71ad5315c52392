package demo

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// Ongoing care for every active episode: a co-produced care plan with
// goals in the person's words rated over time, needs with actions and
// liaison, a crisis plan with contacts and sharing consents, medication
// for Community Team episodes, carers for some people, and a history of
// steps up and down, modality changes and new named workers.

var demoGoals = []string{
	"To feel safe enough to go to my sister's for Sunday lunch",
	"Get through a bad night without going to A&E",
	"Go back to the allotment, even just once a week",
	"Stop feeling like everyone is about to leave me",
	"To sleep more than four hours",
	"Be able to say no to people without feeling awful after",
	"Finish the first term of my college course",
	"Have one friend I can text when it gets bad",
	"Sort out the money so the letters stop",
	"Notice when I'm spiralling before it's too late",
	"Walk the dog every day, even on the bad days",
	"Feel less ashamed about what happened",
}

type demoNeed struct {
	domain, need string
	actions      []care.Action // StaffID 0 with OwnerStaff means the named worker
	agency       string        // liaison agency, when liaison happened
	liaison      string
}

var demoNeeds = []demoNeed{
	{"mental-health", "Intense distress most evenings; urges to self-harm when alone", []care.Action{
		{Text: "Weekly SCM sessions focusing on what happens before the urges", OwnerKind: care.OwnerStaff},
		{Text: "Try the distress plan from session before calling anyone", OwnerKind: care.OwnerPerson}}, "gp", "Shared the crisis plan with the practice; GP to review sleep medication"},
	{"housing", "Damp flat and a landlord who does not reply; worried about eviction", []care.Action{
		{Text: "Write a letter of support about the effect on mental health", OwnerKind: care.OwnerStaff},
		{Text: "Arrange a damp inspection", OwnerKind: care.OwnerAgency, Agency: "housing-provider"}}, "housing-provider", "Repairs team agreed a damp survey; tenancy officer aware of support needs"},
	{"money", "Universal Credit stopped after a missed appointment; rent arrears", []care.Action{
		{Text: "Help with the mandatory reconsideration form", OwnerKind: care.OwnerAgency, Agency: "voluntary-sector"},
		{Text: "Bring the letters to the next session", OwnerKind: care.OwnerPerson}}, "benefits", "Work coach agreed to note the health condition and offer phone appointments"},
	{"social", "Very isolated since moving; no one to call in the evenings", []care.Action{
		{Text: "Try the peer support group on Thursdays", OwnerKind: care.OwnerPerson},
		{Text: "Introduce the person to the group facilitator", OwnerKind: care.OwnerAgency, Agency: "voluntary-sector"}}, "voluntary-sector", "Mind group facilitator will meet the person before the first group"},
	{"relationships", "Arguments with mum leave the person feeling abandoned for days", []care.Action{
		{Text: "Practise the 'pause and check' skill before replying to messages", OwnerKind: care.OwnerPerson}}, "", ""},
	{"physical-health", "Not seen a GP for two years; back pain and poor sleep", []care.Action{
		{Text: "Book a GP appointment for a physical health check", OwnerKind: care.OwnerPerson},
		{Text: "Annual physical health check and bloods", OwnerKind: care.OwnerAgency, Agency: "gp"}}, "gp", "Practice nurse booked a physical health check"},
	{"work-education", "Wants to return to college but worries about coping", []care.Action{
		{Text: "Talk to student support about a reduced timetable", OwnerKind: care.OwnerPerson}}, "", ""},
	{"substance-use", "Drinking more at weekends to cope with flashbacks", []care.Action{
		{Text: "Keep a drink diary alongside the mood diary", OwnerKind: care.OwnerPerson},
		{Text: "Offer a joint appointment with the drug and alcohol service", OwnerKind: care.OwnerStaff}}, "social-care", "Agreed a joint visit with the substance use worker"},
	{"safety", "Feels unsafe when an ex-partner turns up at the flat", []care.Action{
		{Text: "Safety planning and referral to the domestic abuse service", OwnerKind: care.OwnerStaff}}, "social-care", "Adult social care safeguarding discussion; person's wishes recorded"},
}

var warningSigns = []string{
	"I stop answering my phone and stay in bed; I stop eating",
	"I start cleaning all night and can't sit still; my thoughts race",
	"I go very quiet and cancel everything; I start giving things away",
	"I pick fights with the people closest to me, then feel I have ruined everything",
}

var helps = []string{
	"Someone sitting with me, not asking lots of questions; a blanket and tea",
	"Going for a walk with the dog; loud music on headphones",
	"Being reminded that this feeling will pass, in a calm voice",
	"A text first, then a call; knowing what will happen next",
}

var notHelps = []string{
	"Being told to calm down, or that I'm overreacting",
	"Lots of people in the room; being touched without asking",
	"Being asked the same questions again by someone new",
	"Being left on hold or passed between services",
}

var carerDefs = []struct{ name, rel string }{
	{"Jo", "Sister"}, {"Sam", "Partner"}, {"Pat", "Mum"}, {"Chris", "Friend"}, {"Alex", "Brother"}, {"Morgan", "Dad"},
}

// loadOngoingCare writes ongoing care for every active episode, worker by
// worker, a few hundred episodes to a transaction. The database clock is
// set to opt.Now while it runs, so validation sees the demo's "today".
func loadOngoingCare(ctx context.Context, db *store.DB, g *gen, prog Progress) error {
	restore := db.Now
	db.Now = func() time.Time { return g.now }
	defer func() { db.Now = restore }()
	names := g.staff.names
	all, err := db.Episodes(ctx, store.EpisodeFilter{ActiveOnly: true, Limit: store.AllRows})
	if err != nil {
		return err
	}
	byWorker := map[int64][]care.Episode{}
	for _, e := range all {
		byWorker[e.NamedWorkerID] = append(byWorker[e.NamedWorkerID], e.Episode)
	}
	var batch []care.Episode
	flush := func() error {
		err := bulk(ctx, db, func(ctx context.Context, tx *store.Tx) error {
			for _, e := range batch {
				if err := g.ongoing(ctx, tx, e, names); err != nil {
					return fmt.Errorf("episode %d: %w", e.ID, err)
				}
			}
			return nil
		})
		prog.Add(len(batch))
		batch = batch[:0]
		return err
	}
	prog.Phase("Care plans", len(all))
	seen := map[int64]bool{}
	for _, key := range []string{"community", "therapies"} {
		for _, w := range g.staff.pool[key] {
			if seen[w] {
				continue
			}
			seen[w] = true
			// Most recently started first, as each worker's list reads.
			batch = append(batch, byWorker[w]...)
			if len(batch) >= batchSize/4 {
				if err := flush(); err != nil {
					return fmt.Errorf("demo: ongoing care: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("demo: ongoing care: %w", err)
	}
	prog.Done()
	return nil
}

func (g *gen) ongoing(ctx context.Context, tx *store.Tx, e care.Episode, names map[int64]string) error {
	worker := auth.Actor{User: auth.User{ID: e.NamedWorkerID, Username: "demo", Role: auth.Clinician}, Relationship: auth.RelCaseload}
	community := e.Pathway == care.PathwayCommunity
	if err := g.history(ctx, tx, e, names); err != nil {
		return err
	}
	// Goals, rated roughly monthly since the episode began, mostly improving.
	for range g.between(1, 3) {
		goal := care.Goal{PersonID: e.PersonID, EpisodeID: e.ID, Text: g.pick(demoGoals), OwnWords: g.chance(0.85),
			CreatedAt: g.past(e.StartedAt.Add(days(g.between(1, 14))))}
		rating := g.between(0, 4)
		for at := goal.CreatedAt; at.Before(g.now); at = at.AddDate(0, 0, g.between(21, 45)) {
			goal.Ratings = append(goal.Ratings, care.GoalRating{At: at, Rating: rating})
			rating = min(10, max(0, rating+g.between(-1, 2)))
		}
		if err := tx.CreateGoal(ctx, worker, &goal); err != nil {
			return err
		}
	}
	// Needs with actions, and liaison about some of them.
	plan := care.CarePlan{PersonID: e.PersonID, EpisodeID: e.ID, Agreement: []care.Agreement{care.AgreementAgreed, care.AgreementWithChanges, care.AgreementNotYet}[g.weighted(65, 25, 10)],
		ReviewOn: dateOnly(g.now.AddDate(0, 0, g.between(-20, 120)))}
	if plan.Agreement != care.AgreementNotYet && g.chance(0.6) {
		plan.PersonComments = g.pick([]string{"I want my sister to know about the crisis plan.", "This feels more like my plan than the last one.",
			"I'd rather have sessions in the afternoon.", "Please don't phone before 10am."})
	}
	picked := map[int]bool{}
	var liaise []demoNeed
	for range g.between(2, 4) {
		i := g.r.IntN(len(demoNeeds))
		if picked[i] {
			continue
		}
		picked[i] = true
		dn := demoNeeds[i]
		n := care.Need{Domain: dn.domain, Description: dn.need}
		for _, a := range dn.actions {
			if a.OwnerKind == care.OwnerStaff {
				a.StaffID = e.NamedWorkerID
			}
			n.Actions = append(n.Actions, a)
		}
		plan.Needs = append(plan.Needs, n)
		if dn.agency != "" {
			liaise = append(liaise, dn)
		}
	}
	if err := tx.SaveCarePlan(ctx, worker, &plan); err != nil {
		return err
	}
	for _, dn := range liaise {
		l := care.Liaison{PersonID: e.PersonID, PlanID: plan.ID, On: dateOnly(g.now.AddDate(0, 0, -g.between(3, 90))), Agency: dn.agency,
			Contact: g.pick([]string{"Duty worker", "Practice nurse", "Tenancy officer", "Group facilitator", "Case worker"}), Discussed: dn.liaison, Domain: dn.domain}
		if err := tx.AddLiaison(ctx, worker, &l); err != nil {
			return err
		}
	}
	// A crisis plan with the named worker, 24/7 lines and consents.
	hours := "Monday to Friday, 9am to 5pm"
	c := care.CrisisPlan{PersonID: e.PersonID, WarningSigns: g.pick(warningSigns), ICanDo: "Use my distress plan; text someone on my list; go somewhere with people around",
		OthersCanDo: "Check in by text; help me get to a safe place; remind me of my plan", Helps: g.pick(helps), DoesNotHelp: g.pick(notHelps),
		Contacts: []care.CrisisContact{{Name: names[e.NamedWorkerID], Role: "Named worker", Phone: "01632 960" + fmt.Sprintf("%03d", g.between(100, 999)), Hours: hours},
			{Name: "NHS 111, option 2", Role: "Mental health crisis line", Phone: "111", Hours: "24 hours, every day"},
			{Name: "Samaritans", Role: "Listening line", Phone: "116 123", Hours: "24 hours, every day"}},
		Shares: []care.CrisisShare{{Recipient: "GP", Consented: true, On: g.past(e.StartedAt.Add(days(7)))}}}
	if g.chance(0.4) {
		c.Shares = append(c.Shares, care.CrisisShare{Recipient: "A&E mental health liaison", Consented: g.chance(0.8), On: g.past(e.StartedAt.Add(days(14)))})
	}
	if err := tx.SaveCrisisPlan(ctx, worker, &c); err != nil {
		return err
	}
	if community && g.chance(0.75) {
		if err := g.medication(ctx, tx, worker, e, names); err != nil {
			return err
		}
	}
	if g.chance(0.35) {
		cd := carerDefs[g.r.IntN(len(carerDefs))]
		carer := care.Carer{PersonID: e.PersonID, Name: cd.name + " " + g.pick([]string{"Reed", "Patel", "Murphy", "Okoro", "Hughes"}), Relationship: cd.rel,
			Contact: "07700 900" + fmt.Sprintf("%03d", g.between(100, 999)), ConsentOn: g.past(e.StartedAt.Add(days(10))),
			Share: care.CarerShare{Appointments: g.chance(0.7), CarePlan: g.chance(0.4), CrisisPlan: true, Medication: community && g.chance(0.3)}}
		if g.chance(0.2) {
			carer.Until = dateOnly(g.now.AddDate(0, g.between(1, 6), 0))
		}
		if err := tx.AddCarer(ctx, worker, &carer); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) medication(ctx context.Context, tx *store.Tx, a auth.Actor, e care.Episode, names map[int64]string) error {
	prescriber := g.pick([]string{"Dr Imran Chaudhry", "Dr Eleanor Hughes"})
	meds := []struct{ name, dose, freq string }{
		{"Sertraline", "100mg", "once a day"}, {"Quetiapine", "25mg", "at night"}, {"Mirtazapine", "15mg", "at night"},
		{"Lamotrigine", "100mg", "twice a day"}, {"Propranolol", "10mg", "up to three times a day when anxious"},
	}
	for i := range g.between(1, 2) {
		m := meds[(g.r.IntN(len(meds))+i)%len(meds)]
		start := g.past(e.StartedAt.Add(days(g.between(0, 60))))
		med := care.Medication{PersonID: e.PersonID, EpisodeID: e.ID, Name: m.name, Dose: m.dose, Frequency: m.freq, Prescriber: prescriber,
			StartedOn: start, ReviewOn: dateOnly(g.now.AddDate(0, 0, g.between(-30, 90)))}
		if med.ReviewOn.Before(start) {
			med.ReviewOn = start.AddDate(0, 3, 0)
		}
		if err := tx.AddMedication(ctx, a, &med); err != nil {
			return err
		}
	}
	return nil
}

// history writes the changes that led to the episode's current state:
// its intensity, an earlier modality, or an earlier named worker.
func (g *gen) history(ctx context.Context, tx *store.Tx, e care.Episode, names map[int64]string) error {
	span := g.now.Sub(e.StartedAt)
	if span < 48*time.Hour {
		return nil
	}
	at := func() time.Time { return e.StartedAt.Add(time.Duration(g.r.Int64N(int64(span)))) }
	manager := auth.Actor{User: auth.User{ID: g.staff.teamManager[e.TeamID], Role: auth.TeamManager}}
	worker := auth.Actor{User: auth.User{ID: e.NamedWorkerID, Role: auth.Clinician}}
	var events []care.EpisodeEvent
	switch e.Intensity {
	case "high":
		events = append(events, care.EpisodeEvent{Kind: care.EventStepUp, From: "standard", To: "high",
			Reason: g.pick([]string{"Crisis after a bereavement; more contact for now", "Eviction notice; needs more support while housing is sorted", "More self-harm since the anniversary; agreed twice-weekly contact"})})
	case "low":
		events = append(events, care.EpisodeEvent{Kind: care.EventStepDown, From: "standard", To: "low",
			Reason: g.pick([]string{"Settled in new flat; wants fortnightly contact while starting college", "Goals mostly met; agreed to step down before planning the ending"})})
	}
	if e.Pathway == care.PathwayTherapies && g.chance(0.15) {
		from := map[string]string{"MBT": "DIT", "DBT": "MBT", "DIT": "MBT"}[e.Modality]
		events = append(events, care.EpisodeEvent{Kind: care.EventModality, From: from, To: e.Modality,
			Reason: "Talked it through in review; " + e.Modality + " fits what the person wants to work on better"})
	}
	if g.chance(0.15) {
		others := g.staff.teamWorkers[e.TeamID]
		if prev := others[g.r.IntN(len(others))]; prev != e.NamedWorkerID {
			events = append(events, care.EpisodeEvent{Kind: care.EventReassign, From: names[prev], To: names[e.NamedWorkerID],
				Reason:       g.pick([]string{"Previous worker left the team", "Previous worker on long-term leave", "The person asked for a worker of a different gender"}),
				HandoverNote: "Prefers a text before a call. Goals and crisis plan are up to date; housing letter in progress. Finds endings hard, so introductions matter."})
		}
	}
	for i := range events {
		events[i].EpisodeID, events[i].PersonID, events[i].At = e.ID, e.PersonID, at()
		a := worker
		if events[i].Kind == care.EventReassign {
			a = manager
		}
		if err := tx.AddEpisodeEvent(ctx, a, &events[i]); err != nil {
			return err
		}
	}
	return nil
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// past is t's date, or today when t has not come yet.
func (g *gen) past(t time.Time) time.Time {
	if t.After(g.now) {
		t = g.now
	}
	return dateOnly(t)
}
