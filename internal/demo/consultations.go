package demo

import (
	"context"
	"fmt"
	"slices"

	"throughline/internal/auth"
	"throughline/internal/staff"
	"throughline/internal/store"
)

// demoConsultations are questions other services ask the specialist
// teams, described rather than named, with the advice given ("" while it
// waits).
var demoConsultations = []struct {
	asker, from, team, about, question, advice string
}{
	{"fiona.grant", "cmht-north", "community", "Woman in her 30s, several crisis contacts this month", "She stops answering when we plan discharge. How do we end our involvement without it feeling like rejection?", "Plan the ending with her from the start, agree what stays in place, and offer a review after. Happy to join a joint meeting."},
	{"kofi.mensah", "cmht-south", "community", "Man in his 40s with long contact with services", "The team is split about whether to keep offering appointments he does not attend. What would you suggest?", "Bring it to a team formulation: the split often mirrors his own experience. Keep one consistent worker and a predictable offer."},
	{"rebecca.lowe", "tt-north", "therapies", "Young woman, finished a course of CBT", "Step 3 CBT helped a little but relationships remain very hard. Is she likely to benefit from MBT?", "It sounds worth considering. Please refer with her agreement; we can offer an assessment conversation first."},
	{"arjun.mehta", "tt-south", "therapies", "Not named: a man in his 20s", "He self-harms between sessions. Can we keep working with him in Talking Therapies?", "Often yes, with a shared safety plan and a clear route to the crisis team. We can advise on the plan."},
	{"fiona.grant", "cmht-north", "community", "Older woman, carer for her husband", "How can we involve her husband without losing her trust?", ""},
	{"kofi.mensah", "cmht-south", "therapies", "Man in his 50s", "He asks for a diagnosis every appointment. How should we talk about it?", ""},
}

// loadConsultations asks the demo's consultations and gives the advice,
// and sets caseload limits for the CEN workers (some part-time).
func loadConsultations(ctx context.Context, db *store.DB, r *roster) error {
	advisers := map[string]string{"community": "zara.ali", "therapies": "priya.shah"}
	for i, c := range demoConsultations {
		asker, err := db.UserByID(ctx, r.ids[c.asker])
		if err != nil {
			return err
		}
		q := staff.Consultation{FromServiceID: c.from, TeamID: r.teams[c.team], About: c.about, Question: c.question}
		if err := db.AskConsultation(ctx, auth.Actor{User: asker}, &q); err != nil {
			return fmt.Errorf("demo consultation %d: %w", i, err)
		}
		if c.advice == "" {
			continue
		}
		adviser, err := db.UserByID(ctx, r.ids[advisers[c.team]])
		if err != nil {
			return err
		}
		if err := db.AdviseConsultation(ctx, auth.Actor{User: adviser}, q.ID, c.advice); err != nil {
			return fmt.Errorf("demo advice %d: %w", i, err)
		}
	}
	manager, err := db.UserByID(ctx, r.ids["manager"])
	if err != nil {
		return err
	}
	for _, key := range []string{"community", "therapies"} {
		// The fixed teams' own workers: at larger scales the roster's
		// lists take in the pathway's extra teams, which others manage.
		inTeam, err := db.TeamStaff(ctx, []int64{r.teams[key]})
		if err != nil {
			return err
		}
		for i, u := range inTeam {
			id := u.ID
			if !slices.Contains(r.workers[key], id) {
				continue
			}
			c := staff.Capacity{UserID: id, FullTime: 40, TimePercent: 100}
			if r.peers[id] {
				c.FullTime = 30
			}
			if i%4 == 3 {
				c.TimePercent = 60 // three days a week
			}
			if err := db.SetCapacity(ctx, auth.Actor{User: manager}, c); err != nil {
				return fmt.Errorf("demo capacity: %w", err)
			}
		}
	}
	return nil
}
