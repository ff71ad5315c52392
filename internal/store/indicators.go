package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/indicators"
)

// IndicatorScope is the CEN specialist service as one user may report on
// it: its teams (those of services with the specialist-cen tier) and the
// services they belong to.
type IndicatorScope struct {
	Teams      []directory.Team
	ServiceIDs []string
}

// CENScope finds the CEN specialist teams among teamIDs, or every CEN
// specialist team when teamIDs is nil.
func (db *DB) CENScope(ctx context.Context, teamIDs []int64) (IndicatorScope, error) {
	var sc IndicatorScope
	teams, err := queryAll(ctx, db, "CEN teams", `SELECT t.id, t.name, t.service_id FROM teams t JOIN services s ON s.id = t.service_id
		WHERE s.tier = 'specialist-cen' ORDER BY t.name`, nil, func(rows scanner, t *directory.Team) error {
		return rows.Scan(&t.ID, &t.Name, &t.ServiceID)
	})
	if err != nil {
		return sc, err
	}
	for _, t := range teams {
		if teamIDs != nil && !slices.Contains(teamIDs, t.ID) {
			continue
		}
		sc.Teams = append(sc.Teams, t)
		if !containsString(sc.ServiceIDs, t.ServiceID) {
			sc.ServiceIDs = append(sc.ServiceIDs, t.ServiceID)
		}
	}
	return sc, nil
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// in is "(?, ?, …)" with its arguments; never empty, so an empty scope
// matches nothing.
func in[T any](xs []T) (string, []any) {
	if len(xs) == 0 {
		return "(NULL)", nil
	}
	args := make([]any, len(xs))
	for i, x := range xs {
		args[i] = x
	}
	return "(?" + strings.Repeat(", ?", len(xs)-1) + ")", args
}

// IndicatorFacts reads what the principles-in-practice indicators are
// computed from, for one scope and period, as of db.Now. Nothing read here
// leaves as anything but counts: it is not a read of anyone's record, so
// it is not audited person by person.
func (db *DB) IndicatorFacts(ctx context.Context, sc IndicatorScope, p indicators.Period) (indicators.Facts, error) {
	f := indicators.Facts{Period: p, Now: db.Now(), Liaison: map[string]int{}}
	from, until := p.From.UTC(), p.To.AddDate(0, 0, 1).UTC()
	svc, svcArgs := in(sc.ServiceIDs)
	var ids []int64
	for _, t := range sc.Teams {
		ids = append(ids, t.ID)
	}
	teams, teamArgs := in(ids)
	err := db.view(ctx, func(tx *Tx) error {
		steps := []func() error{
			func() error { return tx.indicatorReferrals(ctx, &f, svc, svcArgs, teams, teamArgs, from, until) },
			func() error { return tx.indicatorDeclines(ctx, &f, svc, svcArgs, from, until) },
			func() error { return tx.indicatorFollowUps(ctx, &f, svc, svcArgs, teams, teamArgs, from, until) },
			func() error { return tx.indicatorEndings(ctx, &f, teams, teamArgs, p) },
			func() error { return tx.indicatorContinuity(ctx, &f, teams, teamArgs) },
			func() error { return tx.indicatorEpisodes(ctx, &f, teams, teamArgs) },
			func() error { return tx.indicatorLiaison(ctx, &f, teams, teamArgs, p) },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return f, fmt.Errorf("indicators: %w", err)
	}
	if err := db.indicatorWaiting(ctx, &f, sc.ServiceIDs); err != nil {
		return f, err
	}
	if f.Pairs, err = db.MeasurePairs(ctx, append([]int64{}, ids...)); err != nil {
		return f, err
	}
	return f, nil
}

func args(groups ...[]any) []any {
	var out []any
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// indicatorReferrals reads referrals received in the period with their
// first attended assessment, when they were assessed, and the person's
// equality fields; then the start of treatment from the person's episodes.
func (t *Tx) indicatorReferrals(ctx context.Context, f *indicators.Facts, svc string, svcArgs []any, teams string, teamArgs []any, from, until time.Time) error {
	var people []int64
	err := eachRow(ctx, t, "referrals", `SELECT r.person_id, r.received_at, r.paused_seconds, r.decision, r.decided_at,
		(SELECT MIN(a.starts_at) FROM appointments a WHERE a.referral_id = r.id AND a.kind = 'assessment' AND a.outcome = 'attended'),
		(SELECT MIN(e.at) FROM referral_events e WHERE e.referral_id = r.id AND e.status = 'assessed'),
		p.ethnicity, p.gender, p.sexuality, p.date_of_birth
		FROM referrals r JOIN people p ON p.id = r.person_id
		WHERE r.service_id IN `+svc+` AND r.received_at >= ? AND r.received_at < ? ORDER BY r.id`, args(svcArgs, []any{from, until}), func(rows scanner) error {
		var r indicators.Referral
		var person, paused int64
		var decision, dob string
		if err := rows.Scan(&person, dbTime{&r.ReceivedAt}, &paused, &decision, dbTime{&r.DecidedAt}, dbTime{&r.FirstAssessment}, dbTime{&r.AssessedAt},
			&r.Group.Ethnicity, &r.Group.Gender, &r.Group.Sexuality, &dob); err != nil {
			return err
		}
		r.Paused, r.Decision = time.Duration(paused)*time.Second, care.Decision(decision)
		r.Group.AgeBand = care.AgeBand(care.Person{DateOfBirth: parseDateText(dob)}.AgeOn(r.ReceivedAt))
		f.Referrals = append(f.Referrals, r)
		people = append(people, person)
		return nil
	})
	if err != nil {
		return err
	}
	// Treatment starts: per episode of the service's teams, its start and
	// its first attended appointment.
	type start struct{ started, attended time.Time }
	starts := map[int64][]start{}
	err = eachRow(ctx, t, "treatment starts", `SELECT e.person_id, e.started_at,
		(SELECT MIN(a.starts_at) FROM appointments a WHERE a.episode_id = e.id AND a.outcome = 'attended')
		FROM episodes e WHERE e.team_id IN `+teams+` AND e.started_at >= ?`, args(teamArgs, []any{from}), func(rows scanner) error {
		var person int64
		var s start
		if err := rows.Scan(&person, dbTime{&s.started}, dbTime{&s.attended}); err != nil {
			return err
		}
		starts[person] = append(starts[person], s)
		return nil
	})
	if err != nil {
		return err
	}
	for i := range f.Referrals {
		r := &f.Referrals[i]
		if r.AssessedAt.IsZero() {
			continue
		}
		for _, s := range starts[people[i]] {
			at := s.attended
			if at.IsZero() {
				at = s.started
			}
			if !s.started.Before(r.AssessedAt) && (r.TreatmentAt.IsZero() || at.Before(r.TreatmentAt)) {
				r.TreatmentAt = at
			}
		}
	}
	return nil
}

func (t *Tx) indicatorDeclines(ctx context.Context, f *indicators.Facts, svc string, svcArgs []any, from, until time.Time) error {
	return eachRow(ctx, t, "declines", `SELECT CASE WHEN onward_service_id IS NULL THEN 0 ELSE 1 END, CASE WHEN onward_exception = '' THEN 0 ELSE 1 END,
		CASE WHEN onward_outside_reason = '' THEN 0 ELSE 1 END
		FROM referrals WHERE service_id IN `+svc+` AND decision = 'declined' AND decided_at >= ? AND decided_at < ?`, args(svcArgs, []any{from, until}), func(rows scanner) error {
		var service, exception, outside int
		if err := rows.Scan(&service, &exception, &outside); err != nil {
			return err
		}
		f.Declines = append(f.Declines, indicators.Referral{Decision: care.DecisionDeclined, OnwardService: service == 1, OnwardException: exception == 1,
			OutsideCriteria: outside == 1})
		return nil
	})
}

// indicatorWaiting reads who waits for assessment now, with their
// service's amber and red limits.
func (db *DB) indicatorWaiting(ctx context.Context, f *indicators.Facts, serviceIDs []string) error {
	for _, id := range serviceIDs {
		th, err := db.WaitThresholds(ctx, id)
		if err != nil {
			return err
		}
		err = eachRow(ctx, db, "waiting now", `SELECT decided_at FROM referrals WHERE service_id = ? AND decision = 'accepted'
			AND decided_at IS NOT NULL AND status IN ('accepted-for-assessment', 'waiting', 'assessment-booked')`, []any{id}, func(rows scanner) error {
			w := indicators.Waiting{Thresholds: th}
			if err := rows.Scan(dbTime{&w.DecidedAt}); err != nil {
				return err
			}
			f.Waiting = append(f.Waiting, w)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
