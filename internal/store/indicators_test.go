package store_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/indicators"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// indicatorRegion builds a small CEN service, row by row, in which every
// indicator is worked out by hand in TestIndicatorFacts. People are
// P1…P12; the period is the first quarter of 2026 and now is 1 April.
func indicatorRegion(t *testing.T, db *store.DB) (cen, cmht directory.Team) {
	t.Helper()
	ctx := context.Background()
	cen, worker, _ := region(t, db)
	err := db.Update(ctx, func(tx *store.Tx) error {
		s := directory.Service{ID: "cmht", Name: "CMHT", Tier: "secondary"}
		if err := tx.CreateService(ctx, &s); err != nil {
			return err
		}
		cmht = directory.Team{Name: "CMHT North", ServiceID: "cmht"}
		return tx.CreateTeam(ctx, &cmht)
	})
	if err != nil {
		t.Fatal(err)
	}
	a := mustUser(t, db, auth.User{Username: "a", DisplayName: "A", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{cen.ID}})
	b := mustUser(t, db, auth.User{Username: "b", DisplayName: "B", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{cen.ID}})
	p := map[int]int64{}
	for i := 1; i <= 12; i++ {
		p[i] = mustPerson(t, db, fmt.Sprintf("P%d", i)).ID
	}
	ts := func(s string) string { return "'" + s + ":00+00:00'" }
	var q []string
	add := func(f string, args ...any) { q = append(q, fmt.Sprintf(f, args...)) }
	for i := 1; i <= 5; i++ {
		add(`UPDATE people SET ethnicity = 'White British', gender = 'woman' WHERE id = %d`, p[i])
	}
	add(`UPDATE people SET gender = 'man' WHERE id = %d`, p[6])
	ref := func(name string, person int, service, status, received, decision, decided, onward, exception string, paused int) {
		add(`INSERT INTO referrals (person_id, service_id, reason, status, received_at, updated_at, decision, decided_at, onward_service_id, onward_exception, paused_seconds)
			VALUES (%d, '%s', '%s', '%s', %s, %s, '%s', %s, %s, '%s', %d)`, p[person], service, name, status, ts(received), ts(received), decision, decided, onward, exception, paused)
	}
	refID := func(name string) string { return fmt.Sprintf(`(SELECT id FROM referrals WHERE reason = '%s')`, name) }
	// R1…R5: received 5 January, accepted, assessed after 10, 20, 30, 40
	// and 50 days; R3 was paused for 5 days, so its wait is 25.
	for i, d := range []int{10, 20, 30, 40, 50} {
		n := i + 1
		paused := 0
		if n == 3 {
			paused = 5 * 86400
		}
		ref(fmt.Sprintf("R%d", n), n, "cen", "outcome", "2026-01-05 09:00", "accepted", ts("2026-01-06 09:00"), "NULL", "", paused)
		seen := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC).AddDate(0, 0, d)
		add(`INSERT INTO appointments (person_id, referral_id, kind, starts_at, outcome, notes, created_at, updated_at)
			VALUES (%d, %s, 'assessment', %s, 'attended', 'asmt-%d', %s, %s)`, p[n], refID(fmt.Sprintf("R%d", n)), ts(seen.Format("2006-01-02 15:04")), n, ts("2026-01-01 09:00"), ts("2026-01-01 09:00"))
		add(`INSERT INTO appointment_staff (appointment_id, user_id) SELECT id, %d FROM appointments WHERE notes = 'asmt-%d'`, a.ID, n)
		add(`INSERT INTO referral_events (referral_id, at, status) VALUES (%s, %s, 'assessed')`, refID(fmt.Sprintf("R%d", n)), ts(seen.AddDate(0, 0, 1).Format("2006-01-02 15:04")))
	}
	// R6: received in the period, declined with a written exception.
	ref("R6", 6, "cen", "declined", "2026-01-05 09:00", "declined", ts("2026-01-08 09:00"), "NULL", "No local service takes this", 0)
	// D1…D5 received in December, declined in January; D6 declined in December.
	for i, onward := range []string{"'cmht'", "'cmht'", "'cmht'", "NULL", "NULL", "'cmht'"} {
		exception, decided := "", ts("2026-01-02 09:00")
		if i == 3 {
			exception = "Nothing suitable nearby"
		}
		if i == 5 {
			decided = ts("2025-12-22 09:00")
		}
		ref(fmt.Sprintf("D%d", i+1), 7, "cen", "declined", "2025-12-20 09:00", "declined", decided, onward, exception, 0)
	}
	// Outside the period or the service.
	ref("R7", 7, "cen", "outcome", "2025-12-01 09:00", "accepted", ts("2025-12-02 09:00"), "NULL", "", 0)
	ref("X1", 8, "cmht", "received", "2026-01-10 09:00", "", "NULL", "NULL", "", 0)
	// Waiting now: accepted 2, 7 and 13 weeks ago.
	for i, weeks := range []int{2, 7, 13} {
		ref(fmt.Sprintf("W%d", i+1), 8, "cen", "waiting", "2025-11-01 09:00", "accepted", ts(time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, -7*weeks).Format("2006-01-02 15:04")), "NULL", "", 0)
	}
	// Episodes: P1…P4 start 7, 14, 21, 28 days after assessment and are
	// first seen a week later; P5 starts 7 days after, not yet seen.
	ep := map[int]int64{}
	starts := map[int]string{1: "2026-01-23", 2: "2026-02-09", 3: "2026-02-26", 4: "2026-03-15", 5: "2026-03-04", 8: "2026-01-01",
		9: "2025-10-01", 10: "2025-10-01", 11: "2025-10-01", 12: "2025-06-01"}
	for n, s := range starts {
		team := cen.ID
		if n == 8 {
			team = cmht.ID
		}
		at, _ := time.Parse("2006-01-02", s)
		ep[n] = mustEpisode(t, db, care.Episode{PersonID: p[n], TeamID: team, NamedWorkerID: worker.ID, Pathway: "community-scm", Modality: "SCM", StartedAt: at.Add(9 * time.Hour)}).ID
	}
	appt := func(n int, tag, at, outcome string, staff int64) {
		add(`INSERT INTO appointments (person_id, episode_id, kind, starts_at, outcome, notes, created_at, updated_at)
			VALUES (%d, %d, 'individual', %s, '%s', '%s', %s, %s)`, p[n], ep[n], ts(at), outcome, tag, ts("2025-06-01 09:00"), ts("2025-06-01 09:00"))
		if staff != 0 {
			add(`INSERT INTO appointment_staff (appointment_id, user_id) SELECT id, %d FROM appointments WHERE notes = '%s'`, staff, tag)
		}
	}
	appt(1, "seen-1", "2026-01-30 09:00", "attended", b.ID)
	appt(2, "seen-2", "2026-02-16 09:00", "attended", b.ID)
	appt(3, "seen-3", "2026-03-05 09:00", "attended", a.ID)
	appt(4, "seen-4", "2026-03-22 09:00", "attended", a.ID)
	add(`INSERT INTO outreach_attempts (person_id, at, method, outcome, created_at) VALUES (%d, %s, 'phone', 'reached', %s)`, p[5], ts("2026-03-20 10:00"), ts("2026-03-20 10:00"))
	// Missed appointments and their follow-ups.
	task := func(tag, due, done string) {
		add(`INSERT INTO tasks (person_id, assignee_id, kind, title, due_on, appointment_id, created_at, done_at)
			SELECT person_id, %d, 'dna-follow-up', 'Follow up', '%s', id, starts_at, %s FROM appointments WHERE notes = '%s'`, worker.ID, due, done, tag)
	}
	add(`INSERT INTO appointments (person_id, referral_id, kind, starts_at, outcome, notes, created_at, updated_at)
		VALUES (%d, %s, 'assessment', %s, 'did-not-attend', 'dna-1', %s, %s)`, p[1], refID("R1"), ts("2026-01-07 10:00"), ts("2026-01-01 09:00"), ts("2026-01-01 09:00"))
	task("dna-1", "2026-01-09", ts("2026-01-09 16:00"))
	appt(1, "dna-2", "2026-03-06 10:00", "did-not-attend", 0)
	task("dna-2", "2026-03-10", ts("2026-03-11 09:00"))
	// dna-5: written up late, but the call was made the next working day.
	appt(4, "dna-5", "2026-03-27 10:00", "did-not-attend", 0)
	task("dna-5", "2026-03-31", ts("2026-04-01 09:00"))
	add(`INSERT INTO outreach_attempts (person_id, task_id, at, method, outcome, created_at)
		SELECT person_id, id, %s, 'phone', 'reached', %s FROM tasks WHERE appointment_id = (SELECT id FROM appointments WHERE notes = 'dna-5')`, ts("2026-03-30 11:00"), ts("2026-04-01 09:00"))
	appt(2, "dna-3", "2026-03-30 10:00", "did-not-attend", 0)
	task("dna-3", "2026-04-01", "NULL")
	appt(3, "dna-4", "2026-03-20 10:00", "did-not-attend", 0)
	task("dna-4", "2026-03-24", "NULL")
	appt(8, "dna-cmht", "2026-02-02 10:00", "did-not-attend", 0)
	task("dna-cmht", "2026-02-04", "NULL")
	add(`INSERT INTO appointments (person_id, referral_id, kind, starts_at, outcome, notes, created_at, updated_at)
		VALUES (%d, %s, 'assessment', %s, 'did-not-attend', 'dna-old', %s, %s)`, p[7], refID("R7"), ts("2025-12-10 10:00"), ts("2025-12-01 09:00"), ts("2025-12-01 09:00"))
	task("dna-old", "2025-12-12", "NULL")
	// Endings: P9 and P10 for loss of contact in the period, P9 after
	// enough outreach; P11 planned; P12 before the period.
	end := func(n int, kind, reason, on string) {
		add(`UPDATE episodes SET ended_at = %s WHERE id = %d`, ts(on+" 17:00"), ep[n])
		add(`INSERT INTO episode_endings (episode_id, person_id, kind, reason, ended_on, created_at) VALUES (%d, %d, '%s', '%s', '%s', %s)`, ep[n], p[n], kind, reason, on, ts(on+" 17:00"))
	}
	appt(9, "seen-9", "2026-01-10 10:00", "attended", a.ID)
	for _, o := range []string{"2026-01-05 phone", "2026-01-20 phone", "2026-01-27 letter", "2026-02-03 text"} {
		add(`INSERT INTO outreach_attempts (person_id, at, method, outcome, created_at) VALUES (%d, %s, '%s', 'no-answer', %s)`, p[9], ts(o[:10]+" 10:00"), o[11:], ts(o[:10]+" 10:00"))
	}
	for _, d := range []string{"2026-02-01", "2026-02-08", "2026-02-15"} {
		add(`INSERT INTO outreach_attempts (person_id, at, method, outcome, created_at) VALUES (%d, %s, 'phone', 'no-answer', %s)`, p[10], ts(d+" 10:00"), ts(d+" 10:00"))
	}
	end(9, "unplanned", "non-engagement", "2026-02-20")
	end(10, "unplanned", "non-engagement", "2026-03-01")
	end(11, "planned", "", "2026-02-10")
	end(12, "unplanned", "non-engagement", "2025-12-01")
	// Goals, care plans, actions, liaison and crisis plans.
	goal := func(n int, own bool, status string) {
		add(`INSERT INTO goals (person_id, episode_id, text, own_words, status, created_at) VALUES (%d, %d, 'a goal', %t, '%s', %s)`, p[n], ep[n], own, status, ts("2026-02-01 10:00"))
	}
	goal(1, true, "active")
	goal(1, true, "active")
	goal(1, false, "active")
	goal(1, true, "achieved")
	goal(2, true, "active")
	plan := func(n int, agreement string) {
		add(`INSERT INTO care_plans (person_id, episode_id, review_on, agreement, updated_at) VALUES (%d, %d, '2026-06-01', '%s', %s)`, p[n], ep[n], agreement, ts("2026-02-01 10:00"))
	}
	planID := func(n int) string { return fmt.Sprintf(`(SELECT id FROM care_plans WHERE episode_id = %d)`, ep[n]) }
	plan(1, "agreed")
	plan(2, "not-yet")
	plan(3, "agreed-with-changes")
	action := func(n int, domain, owner, agency string) {
		add(`INSERT INTO care_plan_actions (plan_id, domain, position, text, owner_kind, agency) VALUES (%s, '%s', 1, 'an action', '%s', '%s')`, planID(n), domain, owner, agency)
	}
	action(1, "housing", "agency", "housing-provider")
	action(2, "mental-health", "agency", "gp")
	action(3, "housing", "staff", "")
	liaison := func(n int, on, agency string) {
		add(`INSERT INTO liaison (person_id, plan_id, on_date, agency, discussed, domain, created_at) VALUES (%d, %s, '%s', '%s', 'talked', 'housing', %s)`, p[n], planID(n), on, agency, ts(on+" 10:00"))
	}
	liaison(1, "2026-02-01", "gp")
	liaison(1, "2026-03-01", "gp")
	liaison(1, "2025-12-15", "housing-provider")
	liaison(2, "2026-03-31", "social-care")
	for _, n := range []int{1, 3} {
		add(`INSERT INTO crisis_plans (person_id, warning_signs, updated_at) VALUES (%d, 'signs', %s)`, p[n], ts("2026-02-01 10:00"))
	}
	storetest.Seed(t, db, q...)
	return cen, cmht
}

func TestIndicatorFacts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		cen, cmht := indicatorRegion(t, db)
		period := indicators.Period{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}

		sc, err := db.CENScope(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Teams) != 1 || sc.Teams[0].ID != cen.ID || !slices.Equal(sc.ServiceIDs, []string{"cen"}) {
			t.Fatalf("scope = %+v, want the CEN team only", sc)
		}
		f, err := db.IndicatorFacts(ctx, sc, period)
		if err != nil {
			t.Fatal(err)
		}

		// Timely.
		var toAssess, toTreat []float64
		for _, r := range f.Referrals {
			if !r.FirstAssessment.IsZero() {
				toAssess = append(toAssess, indicators.DaysBetween(r.ReceivedAt, r.FirstAssessment, r.Paused))
			}
			if !r.TreatmentAt.IsZero() {
				toTreat = append(toTreat, indicators.DaysBetween(r.AssessedAt, r.TreatmentAt, 0))
			}
		}
		if got, want := len(f.Referrals), 6; got != want {
			t.Errorf("referrals in the period = %d, want %d", got, want)
		}
		if want := []float64{10, 20, 25, 40, 50}; !slices.Equal(toAssess, want) {
			t.Errorf("days to assessment = %v, want %v", toAssess, want)
		}
		if want := []float64{14, 21, 28, 35, 7}; !slices.Equal(toTreat, want) {
			t.Errorf("days to treatment = %v, want %v", toTreat, want)
		}
		var rags []care.RAG
		for _, w := range f.Waiting {
			rags = append(rags, w.Thresholds.Rate(now.Sub(w.DecidedAt)))
		}
		slices.Sort(rags)
		if want := []care.RAG{care.RAGAmber, care.RAGGreen, care.RAGRed}; !slices.Equal(rags, want) {
			t.Errorf("waiting now = %v, want %v", rags, want)
		}

		// Consistent.
		service, exception, none := 0, 0, 0
		for _, d := range f.Declines {
			switch {
			case d.OnwardService:
				service++
			case d.OnwardException:
				exception++
			default:
				none++
			}
		}
		if service != 3 || exception != 2 || none != 1 {
			t.Errorf("declines: %d to a service, %d exceptions, %d with neither; want 3, 2, 1", service, exception, none)
		}

		// Followed up.
		inTime, open, overdue := 0, 0, 0
		for _, fu := range f.FollowUps {
			if indicators.FollowedUpInTime(fu.MissedAt, fu.FollowedUpAt()) {
				inTime++
			}
			if fu.DoneAt.IsZero() {
				open++
				if fu.DueOn.Before(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) {
					overdue++
				}
			}
		}
		if len(f.FollowUps) != 5 || inTime != 2 || open != 2 || overdue != 1 {
			t.Errorf("follow-ups: %d, %d in time, %d open, %d overdue; want 5, 2, 2, 1", len(f.FollowUps), inTime, open, overdue)
		}
		enough := 0
		for _, e := range f.Endings {
			if indicators.OutreachEnough(e.Attempts, e.LastAttended) {
				enough++
			}
		}
		if len(f.Endings) != 2 || enough != 1 {
			t.Errorf("non-engagement endings: %d, %d with enough outreach; want 2, 1", len(f.Endings), enough)
		}

		// Continuity: workers seen [2 2 1 1 1]; P1 and P2 not in contact for over 28 days.
		var workers []int
		flags := 0
		for _, c := range f.People {
			cc := care.ComputeContinuity(c.Appointments, c.Reached, now)
			workers = append(workers, cc.DistinctWorkers)
			if cc.Flag {
				flags++
			}
		}
		if want := []int{2, 2, 1, 1, 1}; !slices.Equal(workers, want) || flags != 2 {
			t.Errorf("continuity: workers %v, %d flagged; want %v, 2", workers, flags, want)
		}

		// Co-produced and collaborative.
		goals, own, plans, agreed, social, crisis := 0, 0, 0, 0, 0, 0
		for _, e := range f.Episodes {
			goals, own = goals+e.Goals, own+e.OwnWordsGoals
			if e.Agreement != "" {
				plans++
			}
			if e.Agreement == "agreed" || e.Agreement == "agreed-with-changes" {
				agreed++
			}
			if e.AgencySocialAction {
				social++
			}
			if e.CrisisPlan {
				crisis++
			}
		}
		if len(f.Episodes) != 5 || goals != 4 || own != 3 || plans != 3 || agreed != 2 || social != 1 || crisis != 2 {
			t.Errorf("episodes %d, goals %d (own words %d), plans %d (agreed %d, social by agency %d), crisis plans %d; want 5, 4 (3), 3 (2, 1), 2",
				len(f.Episodes), goals, own, plans, agreed, social, crisis)
		}
		if want := map[string]int{"gp": 2, "social-care": 1}; fmt.Sprint(f.Liaison) != fmt.Sprint(want) {
			t.Errorf("liaison = %v, want %v", f.Liaison, want)
		}

		// Equity by ethnicity: five White British, all accepted and
		// assessed, one not recorded. Groups this small are not shown, so
		// the facts the table is made from are checked.
		var white []float64
		accepted, notRecorded := 0, 0
		for _, r := range f.Referrals {
			switch r.Group.Ethnicity {
			case "White British":
				white = append(white, indicators.DaysBetween(r.ReceivedAt, r.FirstAssessment, r.Paused))
				if r.Decision == care.DecisionAccepted {
					accepted++
				}
			case "", "unknown":
				if !r.FirstAssessment.IsZero() {
					t.Error("the referral with no ethnicity recorded was not assessed")
				}
				notRecorded++
			}
		}
		if len(white) != 5 || accepted != 5 || notRecorded != 1 || math.Round(indicators.Median(white)) != 25 {
			t.Errorf("White British %d (accepted %d, median wait %v), not recorded %d; want 5 (5, 25), 1", len(white), accepted, indicators.Median(white), notRecorded)
		}
		if rows := indicators.Equity(f.Referrals)[0].Rows; len(rows) != 3 || rows[0].Group != "White British" || rows[1].Group != indicators.NotRecorded {
			t.Errorf("equity by ethnicity = %+v, want White British, not recorded and all", rows)
		}
		if ages := indicators.Equity(f.Referrals)[2].Rows; len(ages) != 2 || ages[0].Group != "35-44" {
			t.Errorf("age bands = %+v, want everyone 35-44 (and all)", ages)
		}

		// A manager of the CMHT only has no CEN teams: nothing is counted.
		sc, err = db.CENScope(ctx, []int64{cmht.ID})
		if err != nil || len(sc.Teams) != 0 {
			t.Fatalf("CMHT scope = %+v, %v; want no CEN teams", sc, err)
		}
		f, err = db.IndicatorFacts(ctx, sc, period)
		if err != nil || len(f.Referrals)+len(f.Declines)+len(f.Waiting)+len(f.FollowUps)+len(f.Endings)+len(f.People)+len(f.Episodes)+len(f.Pairs)+len(f.Liaison) != 0 {
			t.Errorf("empty scope read %+v, %v; want nothing", f, err)
		}
	})
}
