package demo

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/staff"
	"throughline/internal/store"
)

// loadReflective gives each CEN team a monthly reflective-practice group
// facilitated by a psychologist from the other team (an outside
// facilitator, as is usual), a year of sessions in which attendance
// thins in the busy months and some people come rarely, and a team
// formulation for the demo service user: a first version kept within the
// team, then a second the team chose to share with them.
func loadReflective(ctx context.Context, db *store.DB, opt Options, r *roster) error {
	clock := db.Now
	db.Now = func() time.Time { return opt.Now.UTC() }
	defer func() { db.Now = clock }()
	today := staff.Today(opt.Now)
	outside := map[string]string{"community": staffSupervisors["therapies"][0], "therapies": staffSupervisors["community"][0]}
	for _, key := range []string{"community", "therapies"} {
		team := r.teams[key]
		boss, err := db.UserByID(ctx, r.managers[key][len(r.managers[key])-1])
		if err != nil {
			return err
		}
		members, err := db.TeamStaff(ctx, []int64{team})
		if err != nil {
			return err
		}
		g := staff.ReflectiveGroup{TeamID: team, Name: "Monthly reflective practice", FacilitatorID: r.ids[outside[key]], Frequency: staff.Monthly}
		if err := db.CreateReflectiveGroup(ctx, auth.Actor{User: boss}, &g); err != nil {
			return fmt.Errorf("demo reflective group: %w", err)
		}
		for k := 11; k >= 0; k-- {
			s := staff.ReflectiveSession{GroupID: g.ID, HeldOn: lastWorkday(today.AddDate(0, -k, -12)), FacilitatorID: g.FacilitatorID}
			if s.HeldOn.After(today) {
				continue
			}
			for i, u := range members {
				// Most come most months; every fourth person rarely; in the
				// winter months (k of 2 and 3) fewer come at all.
				miss := (i+k)%3 == 0 || (i%4 == 3 && k%4 != 0) || ((k == 2 || k == 3) && i%2 == 1)
				if u.ID != g.FacilitatorID && !miss {
					s.AttendeeIDs = append(s.AttendeeIDs, u.ID)
				}
			}
			if len(s.AttendeeIDs) == 0 {
				continue
			}
			// Recorded by the facilitator, or by the manager when the
			// facilitator is on leave.
			by := auth.Actor{User: auth.User{ID: g.FacilitatorID, Role: auth.Clinician}}
			if k%5 == 4 {
				by = auth.Actor{User: boss}
			}
			if err := db.RecordReflectiveSession(ctx, by, &s); err != nil {
				return fmt.Errorf("demo reflective session: %w", err)
			}
		}
	}
	return loadTeamFormulation(ctx, db, today)
}

// loadTeamFormulation writes the demo service user's team formulation.
func loadTeamFormulation(ctx context.Context, db *store.DB, today time.Time) error {
	u, err := db.UserByUsername(ctx, "serviceuser")
	if err != nil {
		return fmt.Errorf("demo team formulation: the service user: %w", err)
	}
	eps, err := db.Episodes(ctx, store.EpisodeFilter{PersonID: u.PersonID, ActiveOnly: true})
	if err != nil || len(eps) == 0 {
		return fmt.Errorf("demo team formulation: the service user's open episode: %d, %w", len(eps), err)
	}
	worker := auth.Actor{User: auth.User{ID: eps[0].NamedWorkerID, Role: auth.Clinician}, Relationship: auth.RelCaseload}
	f := staff.TeamFormulation{PersonID: u.PersonID, AgreedOn: lastWorkday(today.AddDate(0, 0, -40)),
		Present:   "Named worker, team psychologist, duty worker, team manager",
		Happening: "Calls to the duty line rise in the evenings after appointments are moved at short notice. Each call is answered by someone different.",
		Patterns:  "When plans change without warning, it feels to them like being let go again, and they reach out urgently. Different answers from different workers make that feeling stronger.",
		Helps:     "Knowing who will call back and when. Hearing the same plan from everyone. Time to talk about endings before they happen.",
		WillTry:   "Keep appointment times fixed where we can and give notice of any change. A planned call on Tuesday evenings. Duty workers read the crisis plan before calling back.",
	}
	if err := db.SaveTeamFormulation(ctx, worker, &f); err != nil {
		return fmt.Errorf("demo team formulation: %w", err)
	}
	f.AgreedOn = lastWorkday(today.AddDate(0, 0, -9))
	f.Present += ", and the person themselves"
	f.WillTry += " Review together in three months."
	f.Shared = true
	if err := db.SaveTeamFormulation(ctx, worker, &f); err != nil {
		return fmt.Errorf("demo team formulation, shared: %w", err)
	}
	return nil
}
