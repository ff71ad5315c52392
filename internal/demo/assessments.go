package demo

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// How many waiting CEN referrals the demo takes further along the pathway,
// through the same store actions staff use: upcoming assessments, assessed
// with records and formulations, on the agenda of the next team meeting,
// and decided at the last one with every kind of decision.
const (
	demoBooked     = 6
	demoAssessed   = 6
	demoDiscussion = 5
)

// demoDecisions are the decisions of the last team meeting, one each and
// community and therapies twice, so every kind shows.
var demoDecisions = []care.CaseDecision{
	{Decision: care.DecideCommunity, Rationale: "Would like steady support close to home and help with housing; structured clinical management fits."},
	{Decision: care.DecideTherapies, Modality: "MBT", Rationale: "Wants to understand what happens in relationships; ready to try a group."},
	{Decision: care.DecideTherapies, Modality: "DBT", Rationale: "Wants skills for managing overwhelming feelings; keen on the skills group."},
	{Decision: care.DecideTherapies, Modality: "DIT", Rationale: "Difficulties centre on a recurring pattern in close relationships; a focused therapy suits."},
	{Decision: care.DecideSignpost, SignpostService: "mind", Rationale: "Would most like peer connection and a place to go; Mind's groups fit what they asked for."},
	{Decision: care.DecideSufficient, Rationale: "The formulation gave a way of understanding things that feels enough for now.",
		OnwardNote: "GP will review in three months. The person knows they can ask their GP to refer back to us at any time."},
	{Decision: care.DecideFurtherAsmt, Rationale: "The person asked to meet a psychiatrist before deciding about medication."},
	{Decision: care.DecideCommunity, Rationale: "Needs flexible contact around caring responsibilities; the Community Team can offer that."},
}

// loadAssessmentStages walks waiting CEN referrals on through assessment,
// formulation and team discussion. The database clock is set to each
// step's time so that every record and timeline event is dated as it
// would have been. Referrals made by the fixed referrer login are left
// waiting for the browser tests and the demo's own journeys.
func loadAssessmentStages(ctx context.Context, db *store.DB, g *gen, now time.Time) (opened int, err error) {
	clock := db.Now
	defer func() { db.Now = clock }()
	at := func(t time.Time) { db.Now = func() time.Time { return t } }

	refs, err := db.Referrals(ctx, store.ReferralFilter{ServiceID: cen, Status: care.ReferralWaiting, Limit: store.AllRows})
	if err != nil {
		return 0, err
	}
	var waiting []store.ReferralRow
	for i := len(refs) - 1; i >= 0; i-- { // oldest first
		r := refs[i]
		if r.ReferrerUserID != g.staff.ids["referrer"] && r.ReceivedAt.Before(now.AddDate(0, 0, -60)) {
			waiting = append(waiting, r)
		}
	}
	booked, assessed, discussed, decided := stageCounts(len(waiting))
	if decided == 0 {
		return 0, fmt.Errorf("only %d waiting CEN referrals, want at least 4", len(waiting))
	}
	clin, mgr := g.staff.ids["clinician"], g.staff.ids["manager"]
	assessors := g.staff.clinics["community"]
	a := auth.Actor{User: auth.User{ID: clin, Username: "clinician", DisplayName: "Dr Amara Okafor", Role: auth.Clinician}, Relationship: auth.RelTeamReferr}
	m := auth.Actor{User: auth.User{ID: mgr, Username: "manager", DisplayName: "Ruth Adeyemi", Role: auth.TeamManager}, Relationship: auth.RelTeamReferr}
	// day is d working days from today, so assessments and meetings fall
	// on working days and keep their order whatever today is.
	day := func(d int, hour int) time.Time { return atHour(workdays(now, d), hour) }
	book := func(r store.ReferralRow, when time.Time, i int) (care.Appointment, error) {
		ap := care.Appointment{PersonID: r.PersonID, ReferralID: r.ID, StartsAt: when, Minutes: 90, Location: "Hope Centre, room 2",
			StaffIDs: []int64{assessors[i%len(assessors)], assessors[(i+3)%len(assessors)]}}
		return ap, db.BookAssessment(ctx, a, &ap)
	}
	// assess takes a referral through an attended assessment, the record,
	// the formulation and, for some, the person's comment.
	assess := func(r store.ReferralRow, i int, daysAgo int) error {
		at(day(-daysAgo-7, 9))
		ap, err := book(r, day(-daysAgo, 10), i)
		if err != nil {
			return err
		}
		at(day(-daysAgo, 12))
		if _, err := db.RecordAssessmentAttendance(ctx, a, r.PersonID, ap.ID, ap.Version, care.OutcomeAttended, ""); err != nil {
			return err
		}
		x := demoAssessment(r, i)
		if err := db.SaveAssessment(ctx, a, &x); err != nil {
			return err
		}
		at(day(-daysAgo+1, 11))
		f := demoFormulation(r, i)
		if err := db.SaveFormulation(ctx, a, &f); err != nil {
			return err
		}
		if i%2 == 0 {
			at(day(-daysAgo+2, 15))
			c := care.FormulationComment{FormulationID: f.ID, PersonID: r.PersonID, Text: personComments[i%len(personComments)]}
			if err := db.AddFormulationComment(ctx, a, &c); err != nil {
				return err
			}
		}
		ref, err := db.PersonReferral(ctx, a, r.PersonID, r.ID)
		if err != nil {
			return err
		}
		return db.MarkAssessed(ctx, a, r.PersonID, r.ID, ref.Version)
	}

	next := 0
	take := func() store.ReferralRow { next++; return waiting[next-1] }
	for i := range booked {
		at(day(-2, 9))
		if _, err := book(take(), day(3+i, 10+i%4), i); err != nil {
			return opened, fmt.Errorf("book assessment: %w", err)
		}
	}
	for i := range assessed {
		if err := assess(take(), i, 10+i); err != nil {
			return opened, fmt.Errorf("assessed: %w", err)
		}
	}
	attendees := []int64{mgr, clin, assessors[1%len(assessors)], g.staff.clinics["therapies"][0]}
	last := care.Meeting{ServiceID: cen, At: day(-2, 13), Attendees: attendees, Notes: "Weekly team discussion"}
	upcoming := care.Meeting{ServiceID: cen, At: atHour(nextWorkday(last.At.AddDate(0, 0, 7)), 13), Attendees: attendees, Notes: "Weekly team discussion"}
	at(day(-9, 9))
	if err := db.CreateMeeting(ctx, m, &last); err != nil {
		return 0, err
	}
	if err := db.CreateMeeting(ctx, m, &upcoming); err != nil {
		return 0, err
	}
	for i := range discussed {
		r := take()
		if err := assess(r, i+assessed, 8); err != nil {
			return opened, fmt.Errorf("for discussion: %w", err)
		}
		at(day(-1, 9))
		if err := db.AddCase(ctx, m, upcoming.ID, r.ID); err != nil {
			return opened, err
		}
	}
	for i, d := range demoDecisions[:decided] {
		r := take()
		if err := assess(r, i, 20+i); err != nil {
			return opened, fmt.Errorf("for decision: %w", err)
		}
		at(day(-3, 9))
		if err := db.AddCase(ctx, m, last.ID, r.ID); err != nil {
			return opened, err
		}
		at(day(-2, 14))
		// A team decision opens the episode with the pathway's first team.
		switch d.Decision {
		case care.DecideCommunity:
			d.NamedWorkerID = g.load["community"].assignIn(g.inTeam("community"))
		case care.DecideTherapies:
			d.NamedWorkerID = g.load["therapies"].assignIn(g.inTeam("therapies"))
		}
		ref, err := db.PersonReferral(ctx, m, r.PersonID, r.ID)
		if err != nil {
			return opened, err
		}
		if _, err := db.Decide(ctx, m, r.PersonID, r.ID, ref.Version, &d); err != nil {
			return opened, fmt.Errorf("decide %s: %w", d.Decision, err)
		}
		if d.Decision.OpensEpisode() {
			opened++
		}
	}
	return opened, nil
}

// stageCounts shares the waiting referrals among the stages: the full
// numbers when there are enough, and otherwise one to each stage in turn,
// so that a small test region still takes every step.
func stageCounts(waiting int) (booked, assessed, discussed, decided int) {
	want := [4]int{demoBooked, demoAssessed, demoDiscussion, len(demoDecisions)}
	var got [4]int
	for left := waiting; left > 0; {
		moved := false
		for i := range got {
			if left > 0 && got[i] < want[i] {
				got[i]++
				left--
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return got[0], got[1], got[2], got[3]
}

var personComments = []string{
	"Reading this was hard but it is true. I would add that my sister has always been there.",
	"I don't think I push people away on purpose. I get scared they will leave first.",
	"Please add that drawing helps me, not just walking.",
}

func demoAssessment(r store.ReferralRow, i int) care.Assessment {
	levels := []string{"moderate", "high", "moderate", "low", "very-high"}
	trauma := []string{care.TraumaDiscussed, care.TraumaChoseNotTo, care.TraumaNotAsked}[i%3]
	x := care.Assessment{ReferralID: r.ID, PersonID: r.PersonID, RiskLevel: levels[i%len(levels)], Trauma: trauma,
		Functioning: "Sleeping four to five hours a night. Has stopped going to the gym and finds shopping hard on busy days. Managing part-time work, just.",
		Coping:      "Goes for long walks and plays music loudly. When overwhelmed, cuts off from friends for days.",
		Strengths:   "Warm and funny; a loyal friend. Has kept a job for three years through difficult times. Loves their dog.",
		RiskNarrative: "Thoughts of not wanting to be here when arguments happen at home; no current plans. " +
			"Risk rises with alcohol and after contact with a former partner. Has a crisis plan with their GP.",
		SocialNeeds: []string{"housing", "money"}, SocialNote: "Rent arrears since reduced hours; would like help with a benefits check.",
		DependentChildren: "no", Goals: "\"I want to stop feeling like I'm always on the edge.\""}
	if i%4 == 1 {
		x.DependentChildren, x.SafeguardingNote = "yes", "Two children aged 6 and 9, well supported by their grandmother. No concerns; the person asked for help with parenting when low."
	}
	if trauma == care.TraumaDiscussed {
		x.TraumaNote = "Spoke about growing up with a lot of shouting at home, and chose to leave it there for now."
	}
	return x
}

func demoFormulation(r store.ReferralRow, i int) care.Formulation {
	return care.Formulation{PersonID: r.PersonID, ReferralID: r.ID,
		Happened:  "Growing up, home often felt unpredictable. Moved schools three times. A long relationship ended two years ago, and work hours were cut last year.",
		Strengths: "Humour, loyalty and persistence. A sister who calls every week. Their dog, and walking.",
		Difficult: "Feelings can rise very fast and feel unbearable. Sleep is poor. Money worries make everything harder.",
		Patterns:  "Expecting people to leave, and pulling away first to stay safe; then feeling very alone. Being hard on themselves when things go wrong.",
		Needs:     "Steady, predictable contact with people who do not give up. Help with money and housing. Ways to ride out strong feelings.",
		Helps:     []string{"Walking, music, and time with their dog.", "Knowing when the next contact is.", "Being asked, not told."}[i%3],
	}
}
