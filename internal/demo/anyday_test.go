package demo_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/demo"
	"throughline/internal/store/storetest"
)

// anyDayPeople is small enough for seven builds in a few seconds and large
// enough that every step (assessments, team meetings, groups, endings,
// re-access, measures) still runs.
const anyDayPeople = 300

// TestDemoAnyDay builds the region as of each day of one week, weekend
// included, and checks that nothing it says has happened is after that
// moment, that follow-ups follow the care rule, and that staff work on
// working days.
func TestDemoAnyDay(t *testing.T) {
	hash, err := auth.HashPassword("demo password for tests", auth.Argon2Params{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for d := range 7 {
		now := monday.AddDate(0, 0, d)
		t.Run(now.Format("Mon-2006-01-02"), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "demo.db")
			db := storetest.Open(t, path)
			opt := demo.Options{Seed: 2026, Now: now, PasswordHash: hash, People: anyDayPeople}
			sum, err := demo.Load(context.Background(), db, opt)
			if err != nil {
				t.Fatalf("Load as of %s: %v", now, err)
			}
			t.Logf("%d people, %d referrals, %d episodes", sum.People, sum.Referrals, sum.Episodes)
			raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			checkNothingAfter(t, raw, now)
			checkFollowUps(t, raw, now)
			checkWorkingDays(t, raw)
		})
	}
}

// anyDayNever are queries counting what must not exist; ? is now.
var anyDayNever = []struct{ what, query string }{
	{"attendance on an appointment that has not started", `SELECT COUNT(*) FROM appointments WHERE outcome IN ('attended', 'did-not-attend') AND julianday(starts_at) > julianday(?)`},
	{"any outcome on an appointment to come", `SELECT COUNT(*) FROM appointments WHERE outcome <> '' AND julianday(starts_at) > julianday(?)`},
	{"an outcome recorded in the future", `SELECT COUNT(*) FROM appointments WHERE julianday(outcome_at) > julianday(?)`},
	{"an appointment booked in the future", `SELECT COUNT(*) FROM appointments WHERE julianday(created_at) > julianday(?)`},
	{"a task created in the future", `SELECT COUNT(*) FROM tasks WHERE julianday(created_at) > julianday(?)`},
	{"a task done in the future", `SELECT COUNT(*) FROM tasks WHERE julianday(done_at) > julianday(?)`},
	{"a task done before it was created", `SELECT COUNT(*) FROM tasks WHERE julianday(done_at) < julianday(created_at) AND ? <> ''`},
	{"a referral received in the future", `SELECT COUNT(*) FROM referrals WHERE julianday(received_at) > julianday(?)`},
	{"a referral decided in the future", `SELECT COUNT(*) FROM referrals WHERE julianday(decided_at) > julianday(?)`},
	{"a referral event in the future", `SELECT COUNT(*) FROM referral_events WHERE julianday(at) > julianday(?)`},
	{"a referral event before the referral", `SELECT COUNT(*) FROM referral_events e JOIN referrals r ON r.id = e.referral_id
		WHERE julianday(e.at) < julianday(r.received_at) AND ? <> ''`},
	{"an episode starting in the future", `SELECT COUNT(*) FROM episodes WHERE julianday(started_at) > julianday(?)`},
	{"an episode ending in the future", `SELECT COUNT(*) FROM episodes WHERE julianday(ended_at) > julianday(?)`},
	{"an episode ending before it starts", `SELECT COUNT(*) FROM episodes WHERE julianday(ended_at) < julianday(started_at) AND ? <> ''`},
	{"an ending dated in the future", `SELECT COUNT(*) FROM episode_endings WHERE ended_on > substr(?, 1, 10)`},
	{"a team decision to end care in the future", `SELECT COUNT(*) FROM episode_endings WHERE mdt_on > substr(?, 1, 10)`},
	{"an episode change in the future", `SELECT COUNT(*) FROM episode_events WHERE julianday(at) > julianday(?)`},
	{"outreach in the future", `SELECT COUNT(*) FROM outreach_attempts WHERE julianday(at) > julianday(?)`},
	{"a measure taken in the future", `SELECT COUNT(*) FROM measure_responses WHERE julianday(taken_at) > julianday(?)`},
	{"a goal rated in the future", `SELECT COUNT(*) FROM goal_ratings WHERE julianday(at) > julianday(?)`},
	{"a check-in in the future", `SELECT COUNT(*) FROM referral_check_ins WHERE contact_on > substr(?, 1, 10)`},
	{"a person born in the future", `SELECT COUNT(*) FROM people WHERE date_of_birth > substr(?, 1, 10)`},
	{"an audit event in the future", `SELECT COUNT(*) FROM audit_events WHERE julianday(at) > julianday(?)`},
	{"an audit event waiting to be sealed, in the future", `SELECT COUNT(*) FROM audit_pending WHERE julianday(at) > julianday(?)`},
}

func checkNothingAfter(t *testing.T, raw *sql.DB, now time.Time) {
	t.Helper()
	at := now.UTC().Format("2006-01-02 15:04:05+00:00")
	for _, c := range anyDayNever {
		var n int
		if err := raw.QueryRow(c.query, at).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if n > 0 {
			t.Errorf("%d times: %s", n, c.what)
		}
	}
	// Every step ran: someone came back, and outreach was recorded.
	for _, table := range []string{"episode_reaccess", "outreach_attempts", "measure_responses", "referral_check_ins"} {
		var n int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil || n == 0 {
			t.Errorf("%s: %d rows (%v), want some", table, n, err)
		}
	}
	// The diary has a session still to record and sessions to come.
	var past, future int
	err := raw.QueryRow(`SELECT COALESCE(SUM(julianday(starts_at) < julianday(?1)), 0), COALESCE(SUM(julianday(starts_at) > julianday(?1)), 0)
		FROM appointments WHERE outcome = ''`, at).Scan(&past, &future)
	if err != nil || past == 0 || future == 0 {
		t.Errorf("appointments without an outcome: %d past, %d to come (%v); want some of each", past, future, err)
	}
}

// checkFollowUps: every missed appointment has one follow-up, created when
// the miss was recorded, due two working days after the appointment.
func checkFollowUps(t *testing.T, raw *sql.DB, now time.Time) {
	t.Helper()
	rows, err := raw.Query(`SELECT a.id, a.starts_at, t.due_on, t.created_at, COALESCE(t.done_at, '') FROM appointments a
		LEFT JOIN tasks t ON t.appointment_id = a.id AND t.kind = ? WHERE a.outcome = 'did-not-attend'`, care.TaskFollowUp)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	missed, open := 0, 0
	for rows.Next() {
		var id int64
		var starts, due, created, done sql.NullString
		if err := rows.Scan(&id, &starts, &due, &created, &done); err != nil {
			t.Fatal(err)
		}
		missed++
		if !due.Valid {
			t.Errorf("missed appointment %d has no follow-up task", id)
			continue
		}
		start, created2 := parseStored(t, starts.String), parseStored(t, created.String)
		if want := care.AddWorkingDays(start, care.FollowUpWorkingDays).Format(time.DateOnly); due.String[:10] != want {
			t.Errorf("appointment %d on %s: follow-up due %s, want %s", id, start, due.String, want)
		}
		if created2.Before(start) || created2.After(now) {
			t.Errorf("appointment %d at %s: follow-up created %s, want between then and %s", id, start, created2, now)
		}
		if done.String == "" {
			open++
		} else if d := parseStored(t, done.String); d.Before(created2) || d.After(now) {
			t.Errorf("appointment %d: follow-up created %s done %s, want done by %s", id, created2, d, now)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if missed == 0 || open == 0 || open == missed {
		t.Errorf("%d missed appointments, %d follow-ups open; want some done and some open", missed, open)
	}
}

// checkWorkingDays: appointments, team meetings and endings fall on
// working days; each group meets on the weekday in its name.
func checkWorkingDays(t *testing.T, raw *sql.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT starts_at FROM appointments`,
		`SELECT meets_at FROM mdt_meetings`,
		`SELECT ended_on FROM episode_endings`,
	} {
		for _, s := range storedTimes(t, raw, q) {
			if !care.IsWorkingDay(s) {
				t.Errorf("%s: %s is not a working day", q, s.Format("Monday 2 January 2006"))
			}
		}
	}
	for _, g := range []struct {
		name string
		day  time.Weekday
	}{{"Tuesday DBT skills group", time.Tuesday}, {"Thursday MBT group", time.Thursday}} {
		for _, s := range storedTimes(t, raw, `SELECT s.starts_at FROM care_group_sessions s JOIN care_groups g ON g.id = s.group_id WHERE g.name = '`+g.name+`'`) {
			if s.Weekday() != g.day {
				t.Errorf("%s meets on %s", g.name, s.Format("Monday 2 January 2006"))
			}
		}
	}
}

func storedTimes(t *testing.T, raw *sql.DB, q string) []time.Time {
	t.Helper()
	rows, err := raw.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, parseStored(t, s))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Errorf("%s: nothing stored", q)
	}
	return out
}

// parseStored reads a SQLite timestamp or date as the store writes it.
func parseStored(t *testing.T, s string) time.Time {
	t.Helper()
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, time.DateOnly} {
		if v, err := time.Parse(layout, s); err == nil {
			return v.UTC()
		}
	}
	t.Fatalf("unreadable stored time %q", s)
	return time.Time{}
}
