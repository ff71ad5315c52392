package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/staff"
	"throughline/internal/store"
)

// staffSupervisors are the psychologists who give clinical supervision in
// each CEN team; each also supervises the other.
var staffSupervisors = map[string][2]string{
	"community": {"zara.ali", "rhys.evans"},
	"therapies": {"priya.shah", "david.cohen"},
}

// supervisionNotes are what a supervisor might write: about the work and
// the worker, never a record of the person (that goes in their record).
var supervisionNotes = []string{
	"Thought together about the pull to rescue when someone is in crisis, and about keeping to the agreed plan.",
	"Reflected on the pace of the work and on what helps people feel safe enough to keep coming.",
	"Talked through an ending coming up and how to make it planned rather than a loss.",
	"Noticed tiredness after a hard month; agreed to use the reflective practice group and take leave booked.",
	"Went over the caseload: two people to discuss at the team formulation meeting.",
}

// loadStaffSupport gives the two CEN teams expected supervision, six
// months of supervision histories (some overdue, the fixed clinician's
// among them), and a training record with realistic gaps: the community
// team holds no MBT, DIT or DBT; renewals lapse; a few requests wait.
func loadStaffSupport(ctx context.Context, db *store.DB, opt Options, r *roster) error {
	users := map[int64]auth.User{}
	actorOf := func(id int64) (auth.Actor, error) {
		u, ok := users[id]
		if !ok {
			var err error
			if u, err = db.UserByID(ctx, id); err != nil {
				return auth.Actor{}, err
			}
			users[id] = u
		}
		return auth.Actor{User: u}, nil
	}
	manager, err := actorOf(r.ids["manager"])
	if err != nil {
		return err
	}
	courses, err := db.TrainingCourses(ctx, false)
	if err != nil {
		return err
	}
	// A course missing from the catalogue is 0, which the store refuses
	// with the course's name in the error.
	byName := func(prefix string) int64 {
		for _, c := range courses {
			if strings.HasPrefix(c.Name, prefix) {
				return c.ID
			}
		}
		return 0
	}
	today := staff.Today(opt.Now)
	for _, key := range []string{"community", "therapies"} {
		team := r.teams[key]
		for _, e := range []staff.Expectation{
			{TeamID: team, Role: auth.Clinician, Type: staff.Clinical, Frequency: staff.Monthly},
			{TeamID: team, Role: auth.PeerWorker, Type: staff.Clinical, Frequency: staff.Monthly},
			{TeamID: team, Role: auth.Clinician, Type: staff.Managerial, Frequency: staff.Quarterly},
		} {
			if err := db.SetSupervisionExpectation(ctx, manager, e); err != nil {
				return fmt.Errorf("expectation: %w", err)
			}
		}
		sups := staffSupervisors[key]
		boss := r.managers[key][len(r.managers[key])-1]
		// At larger scales the roster's lists for a pathway take in its
		// extra teams; supervision here is within this one team.
		inTeam, err := db.TeamStaff(ctx, []int64{team})
		if err != nil {
			return err
		}
		var supervisees []int64
		for _, id := range r.members[key] {
			if !slices.ContainsFunc(inTeam, func(u auth.User) bool { return u.ID == id }) {
				continue
			}
			if slices.Contains(r.clinics[key], id) || r.peers[id] {
				supervisees = append(supervisees, id)
			}
		}
		for i, id := range supervisees {
			sup := r.ids[sups[i%2]]
			if sup == id {
				sup = r.ids[sups[(i+1)%2]]
			}
			// How long ago the last clinical session was; 0 = never.
			lastDays := 7 + (i*5)%17
			switch {
			case id == r.ids["clinician"] || i%5 == 2:
				lastDays = 49 + i%3*7
			case i%7 == 4:
				lastDays = 0
			}
			if lastDays > 0 {
				var eps []store.EpisodeRow
				if eps, err = db.Episodes(ctx, store.EpisodeFilter{WorkerID: id, TeamIDs: []int64{team}, ActiveOnly: true, Limit: 2}); err != nil {
					return err
				}
				for k := 5; k >= 0; k-- {
					s := staff.Session{TeamID: team, SupervisorID: sup, SuperviseeIDs: []int64{id}, Type: staff.Clinical,
						HeldOn: lastWorkday(today.AddDate(0, 0, -(lastDays + 28*k))), Minutes: 60, Notes: supervisionNotes[(i+k)%len(supervisionNotes)]}
					if k < len(eps) {
						s.PeopleIDs = []int64{eps[k].PersonID}
					}
					if err := recordSupervision(ctx, db, actorOf, s); err != nil {
						return err
					}
				}
			}
			if slices.Contains(r.clinics[key], id) {
				managerial := 20 + (i*9)%50
				if i%6 == 5 {
					managerial = 115
				}
				s := staff.Session{TeamID: team, SupervisorID: boss, SuperviseeIDs: []int64{id}, Type: staff.Managerial,
					HeldOn: lastWorkday(today.AddDate(0, 0, -managerial)), Minutes: 45, Notes: "Workload, leave and training plans."}
				if err := recordSupervision(ctx, db, actorOf, s); err != nil {
					return err
				}
			}
			if err := loadTraining(ctx, db, actorOf, key, i, id, r, today, byName); err != nil {
				return err
			}
		}
		// Monthly group supervision for the whole team.
		for k := 0; k < 6; k++ {
			var group []int64
			for _, id := range supervisees {
				if id != r.ids[sups[0]] {
					group = append(group, id)
				}
			}
			s := staff.Session{TeamID: team, SupervisorID: r.ids[sups[0]], SuperviseeIDs: group, Type: staff.GroupTeam,
				HeldOn: lastWorkday(today.AddDate(0, 0, -(10 + 30*k))), Minutes: 90, Notes: "Team case discussion and reflection on the month."}
			if err := recordSupervision(ctx, db, actorOf, s); err != nil {
				return err
			}
		}
	}
	return loadConsultations(ctx, db, r)
}

func recordSupervision(ctx context.Context, db *store.DB, actorOf func(int64) (auth.Actor, error), s staff.Session) error {
	a, err := actorOf(s.SupervisorID)
	if err != nil {
		return err
	}
	if err := db.RecordSupervision(ctx, a, &s); err != nil {
		return fmt.Errorf("demo supervision: %w", err)
	}
	return nil
}

// loadTraining records one member of staff's courses. months ago are
// spread so that some renewals are due and some have lapsed.
func loadTraining(ctx context.Context, db *store.DB, actorOf func(int64) (auth.Actor, error), key string, i int, id int64, r *roster,
	today time.Time, course func(string) int64) error {
	a, err := actorOf(id)
	if err != nil {
		return err
	}
	done := func(name string, monthsAgo int) error {
		if err := db.RecordTrainingCompleted(ctx, a, course(name), today.AddDate(0, -monthsAgo, -i)); err != nil {
			return fmt.Errorf("demo training %s: %w", name, err)
		}
		return nil
	}
	clin := slices.Contains(r.clinics[key], id)
	var steps []error
	if i%4 != 3 {
		monthsAgo := 3 + (i*7)%31
		if i%9 == 8 {
			monthsAgo += 10 // lapsed: renewal is every 36 months
		}
		steps = append(steps, done("Knowledge and Understanding Framework: awareness", monthsAgo))
	}
	if i%3 != 0 {
		steps = append(steps, done("Trauma-informed care", 2+(i*11)%40))
	}
	steps = append(steps, done("Safeguarding adults level 3", 1+(i*13)%40))
	switch {
	case key == "community" && clin && i%4 != 1:
		steps = append(steps, done("Structured Clinical Management", 6+i%24))
	case key == "therapies" && clin && i%2 == 0:
		steps = append(steps, done("Mentalization-Based Treatment", 12+i))
	}
	if key == "therapies" && clin && i%5 == 1 {
		steps = append(steps, done("Dynamic Interpersonal Therapy", 20+i))
	}
	if key == "therapies" && clin && i%3 == 2 {
		steps = append(steps, done("Dialectical Behaviour Therapy", 8+i))
	}
	if id == r.ids["priya.shah"] || id == r.ids["zara.ali"] {
		steps = append(steps, done("Knowledge and Understanding Framework: BA", 60))
	}
	// A few requests wait for the manager's answer.
	switch {
	case r.peers[id] && i%3 == 0:
		steps = append(steps, db.RequestTraining(ctx, a, course("Trauma-informed care")))
	case key == "community" && clin && i%5 == 3:
		steps = append(steps, db.RequestTraining(ctx, a, course("Dialectical Behaviour Therapy")))
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	return nil
}
