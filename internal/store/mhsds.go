package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/mhsds"
)

// ourServices are the directory services this record system runs: the
// ones with teams. Referrals to any other service are not our activity.
const ourServices = `(SELECT service_id FROM teams)`

// MHSDSActivity gathers one month's activity for the MHSDS extract, every
// query bounded to the month, and audits the read of each person's record
// as an export by a.
func (db *DB) MHSDSActivity(ctx context.Context, a auth.Actor, m mhsds.Month) (mhsds.Activity, error) {
	var out mhsds.Activity
	start, end, now := m.Start.UTC(), m.End.UTC(), db.Now().UTC()
	err := db.view(ctx, func(tx *Tx) error {
		// A referral is in the month if it was received before the month
		// ended and neither declined nor closed by an ended episode before
		// the month began.
		episode := `FROM episodes e JOIN teams t ON t.id = e.team_id WHERE e.person_id = r.person_id AND t.service_id = r.service_id AND e.started_at >= r.received_at`
		var err error
		out.Referrals, err = queryAll(ctx, tx, "mhsds referrals", `SELECT r.id, r.person_id, r.received_at, r.referrer_tier, r.decision, r.decided_at,
			(SELECT e.team_id `+episode+` ORDER BY e.started_at LIMIT 1), (SELECT e.ended_at `+episode+` ORDER BY e.started_at LIMIT 1)
			FROM referrals r WHERE r.service_id IN `+ourServices+` AND r.received_at < ?
			AND NOT (r.decision = 'declined' AND r.decided_at < ?)
			AND NOT EXISTS (SELECT 1 `+episode+` AND e.ended_at < ?) ORDER BY r.id`, []any{end, start, start},
			func(rows scanner, r *mhsds.Referral) error {
				var decision string
				var decided, ended time.Time
				var team sql.NullInt64
				if err := rows.Scan(&r.ID, &r.PersonID, dbTime{&r.Received}, &r.Referrer, &decision, dbTime{&decided}, &team, dbTime{&ended}); err != nil {
					return err
				}
				r.TeamID, r.Closed = team.Int64, ended
				if decision == "declined" {
					r.Rejected, r.Closed = decided, decided
				}
				return nil
			})
		if err != nil {
			return err
		}
		// Contacts: appointments in the month, with our teams or on a
		// referral to our service; one not yet due with no outcome has not
		// happened and is left out.
		out.Contacts, err = queryAll(ctx, tx, "mhsds contacts", `SELECT a.id, a.person_id, COALESCE(a.referral_id, 0), COALESCE(e.team_id, 0), a.starts_at, a.minutes, a.outcome
			FROM appointments a LEFT JOIN episodes e ON e.id = a.episode_id
			WHERE a.starts_at >= ? AND a.starts_at < ? AND (a.outcome <> '' OR a.starts_at < ?)
			AND (a.episode_id IS NOT NULL OR a.referral_id IN (SELECT id FROM referrals WHERE service_id IN `+ourServices+`))
			ORDER BY a.starts_at, a.id`, []any{start, end, now},
			func(rows scanner, c *mhsds.Contact) error {
				return rows.Scan(&c.ID, &c.PersonID, &c.ReferralID, &c.TeamID, dbTime{&c.Starts}, &c.Minutes, &c.Outcome)
			})
		if err != nil {
			return err
		}
		first, after := m.Start.Format(time.DateOnly), m.End.Format(time.DateOnly)
		out.Liaison, err = queryAll(ctx, tx, "mhsds liaison", `SELECT l.id, l.person_id, e.team_id, l.on_date
			FROM liaison l JOIN care_plans p ON p.id = l.plan_id JOIN episodes e ON e.id = p.episode_id
			WHERE l.on_date >= ? AND l.on_date < ? ORDER BY l.on_date, l.id`, []any{first, after},
			func(rows scanner, l *mhsds.Liaison) error { return rows.Scan(&l.ID, &l.PersonID, &l.TeamID, &l.On) })
		if err != nil {
			return err
		}
		out.Scores, err = queryAll(ctx, tx, "mhsds scores", `SELECT id, person_id, measure_id, taken_at, total FROM measure_responses
			WHERE taken_at >= ? AND taken_at < ? AND measure_id IN ('PHQ-9', 'GAD-7', 'CORE-10') ORDER BY taken_at, id`, []any{start, end},
			func(rows scanner, s *mhsds.Score) error {
				return rows.Scan(&s.ID, &s.PersonID, &s.MeasureID, dbTime{&s.Taken}, &s.Total)
			})
		if err != nil {
			return err
		}
		out.People, err = mhsdsPeople(ctx, tx, out)
		return err
	})
	if err != nil {
		return mhsds.Activity{}, fmt.Errorf("MHSDS extract for %s: %w", m.Start.Format("2006-01"), err)
	}
	events := make([]auth.Event, len(out.People))
	for i, p := range out.People {
		events[i] = a.Event(auth.ActionExport, p.ID, "mhsds/"+m.Start.Format("2006-01"))
	}
	if err := db.Update(ctx, func(tx *Tx) error { return tx.auditMany(ctx, "audit_pending", events) }); err != nil {
		return mhsds.Activity{}, fmt.Errorf("audit MHSDS extract: %w", err)
	}
	return out, nil
}

// mhsdsPeople reads everyone the month's rows name, a few hundred at a time.
func mhsdsPeople(ctx context.Context, tx *Tx, a mhsds.Activity) ([]mhsds.Person, error) {
	seen := map[int64]bool{}
	var ids []any
	note := func(id int64) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, r := range a.Referrals {
		note(r.PersonID)
	}
	for _, c := range a.Contacts {
		note(c.PersonID)
	}
	for _, l := range a.Liaison {
		note(l.PersonID)
	}
	for _, s := range a.Scores {
		note(s.PersonID)
	}
	var out []mhsds.Person
	for lo := 0; lo < len(ids); lo += 500 {
		chunk := ids[lo:min(lo+500, len(ids))]
		rows, err := queryAll(ctx, tx, "mhsds people", `SELECT id, nhs_number, date_of_birth, gender, ethnicity FROM people WHERE id IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`) ORDER BY id`, chunk, func(rows scanner, p *mhsds.Person) error {
			return rows.Scan(&p.ID, &p.NHSNumber, &p.DateOfBirth, &p.Gender, &p.Ethnicity)
		})
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}
