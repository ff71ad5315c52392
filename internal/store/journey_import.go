package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/journey"
	"throughline/internal/problem"
)

// JourneyBatch is one file of other services' journeys, loaded whole.
type JourneyBatch struct {
	ID         int64
	Source     string // who recorded the journeys, e.g. "NHS Talking Therapies"
	Filename   string
	ImportedAt time.Time
	ImportedBy string
	Referrals  int
	People     int
}

// importRowsPerInsert is how many referrals one INSERT writes: parsing
// and running one statement per row is most of the cost of a million.
// 9 columns × 200 rows stays well under both databases' parameter limits.
const importRowsPerInsert = 200

// ImportJourneys stores rows (already checked by journey.ParseImport) as
// one batch, in one transaction, with one audit event: all or nothing.
// done, if not nil, hears how many rows have been written.
func (db *DB) ImportJourneys(ctx context.Context, a auth.Actor, source, filename string, rows []journey.ImportRow, done func(int)) (JourneyBatch, error) {
	source, filename = strings.TrimSpace(source), strings.TrimSpace(filename)
	b := JourneyBatch{Source: source, Filename: filename, ImportedAt: db.Now(), ImportedBy: a.User.Username, Referrals: len(rows)}
	switch {
	case source == "" || len(source) > 200:
		return b, problem.Errorf(problem.Invalid, "name the source of the journeys (under 200 characters)")
	case len(rows) == 0:
		return b, problem.Errorf(problem.Invalid, "the file has no journeys")
	}
	seqs := make(map[string]int32, len(rows)/2)
	people := make([]int32, len(rows))
	for i := range rows {
		s, ok := seqs[rows[i].PersonKey]
		if !ok {
			s = int32(len(seqs) + 1)
			seqs[rows[i].PersonKey] = s
		}
		people[i] = s
	}
	b.People = len(seqs)
	// Update, not Bulk: rows appended to one table need no large page
	// cache, which on SQLite is held in this process's heap.
	err := db.Update(ctx, func(t *Tx) error {
		if err := t.queryRow(ctx, `INSERT INTO journey_import_batches (source, filename, imported_at, imported_by, referrals, people)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, b.Source, b.Filename, b.ImportedAt, b.ImportedBy, b.Referrals, b.People).Scan(&b.ID); err != nil {
			return fmt.Errorf("journey batch: %w", err)
		}
		// Prepared once: parsing a 1,800-parameter INSERT is most of
		// running it.
		full, err := t.tx.PrepareContext(ctx, t.db.rebind(insertRows(importRowsPerInsert)))
		if err != nil {
			return fmt.Errorf("journeys: %w", err)
		}
		defer full.Close()
		args := make([]any, 0, importRowsPerInsert*9)
		for lo := 0; lo < len(rows); lo += importRowsPerInsert {
			if err := ctx.Err(); err != nil {
				return err
			}
			hi := min(lo+importRowsPerInsert, len(rows))
			args = args[:0]
			for i := lo; i < hi; i++ {
				r := &rows[i]
				args = append(args, b.ID, people[i], r.ServiceID, epochDay(r.ReferredOn), importDecision(r),
					epochDay(r.DecidedOn), epochDay(r.TreatmentStartedOn), r.Profile, r.Locality)
			}
			var err error
			if hi-lo == importRowsPerInsert {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = t.exec(ctx, insertRows(hi-lo), args...)
			}
			if err != nil {
				return fmt.Errorf("journeys from line %d: %w", rows[lo].Line, err)
			}
			if done != nil {
				done(hi)
			}
		}
		if err := t.refreshAggregates(ctx, AggregateJourneys); err != nil { // aggcache: the journeys page counts imports
			return err
		}
		e := a.Event(auth.ActionJourneyImport, 0, fmt.Sprintf("journey-batch/%d", b.ID))
		e.Reason = fmt.Sprintf("%s: %d referrals of %d people from %s", b.Source, b.Referrals, b.People, b.Filename)
		return t.audit(ctx, e)
	})
	return b, err
}

func insertRows(n int) string {
	return `INSERT INTO imported_referrals (batch_id, person_seq, service_id, referred_on, decision, decided_on, treatment_started_on, profile, locality) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?), ", n), ", ")
}

const secondsPerDay = 24 * 60 * 60

// epochDay is a date as days since 1970-01-01, 0 for none.
func epochDay(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix() / secondsPerDay
}

func fromEpochDay(d int64) time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix(d*secondsPerDay, 0).UTC()
}

func importDecision(r *journey.ImportRow) string {
	if r.Decision == "" {
		return "pending"
	}
	return string(r.Decision)
}

// JourneyBatches lists one page of the imported batches, newest first.
func (db *DB) JourneyBatches(ctx context.Context, page Page) (Paged[JourneyBatch], error) {
	out := Paged[JourneyBatch]{Page: page}
	if err := page.Check(); err != nil {
		return out, err
	}
	err := db.view(ctx, func(t *Tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM journey_import_batches`).Scan(&out.Total); err != nil {
			return err
		}
		rows, err := t.query(ctx, `SELECT id, source, filename, imported_at, imported_by, referrals, people FROM journey_import_batches ORDER BY id DESC`+page.sql())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b JourneyBatch
			if err := rows.Scan(&b.ID, &b.Source, &b.Filename, &b.ImportedAt, &b.ImportedBy, &b.Referrals, &b.People); err != nil {
				return err
			}
			b.ImportedAt = b.ImportedAt.UTC()
			out.Rows = append(out.Rows, b)
		}
		return rows.Err()
	})
	if err != nil {
		return out, fmt.Errorf("journey batches: %w", err)
	}
	return out, nil
}

// JourneySources names the sources of every imported batch, in order.
func (db *DB) JourneySources(ctx context.Context) ([]string, error) {
	var out []string
	err := db.view(ctx, func(t *Tx) error {
		rows, err := t.query(ctx, `SELECT DISTINCT source FROM journey_import_batches ORDER BY source`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// RemoveJourneyBatch deletes a batch and its journeys, audited.
func (db *DB) RemoveJourneyBatch(ctx context.Context, a auth.Actor, id int64) error {
	return db.Update(ctx, func(t *Tx) error {
		var b JourneyBatch
		err := t.queryRow(ctx, `SELECT source, filename, referrals FROM journey_import_batches WHERE id = ?`, id).Scan(&b.Source, &b.Filename, &b.Referrals)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.Errorf(problem.NotFound, "No imported batch with that number")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM imported_referrals WHERE batch_id = ?`, id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM journey_import_batches WHERE id = ?`, id); err != nil {
			return err
		}
		if err := t.refreshAggregates(ctx, AggregateJourneys); err != nil { // aggcache: the journeys page counts imports
			return err
		}
		e := a.Event(auth.ActionJourneyImportRemove, 0, fmt.Sprintf("journey-batch/%d", id))
		e.Reason = fmt.Sprintf("%s: %d referrals from %s removed", b.Source, b.Referrals, b.Filename)
		return t.audit(ctx, e)
	})
}

// ImportedPersonID is the id an imported person has in a journey analysis:
// negative, so that it never meets one of Throughline's own people.
func ImportedPersonID(batch int64, seq int32) int64 { return -(batch<<32 | int64(seq)) }

// ImportedJourneys reads every imported referral as the journey analysis
// reads Throughline's own, its service's tier from the directory. Each
// referral's Source is its batch's source.
func (db *DB) ImportedJourneys(ctx context.Context) ([]journey.Referral, map[int64]string, error) {
	tiers, err := db.serviceTiers(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []journey.Referral
	sources := map[int64]string{}
	err = db.view(ctx, func(t *Tx) error {
		rows, err := t.query(ctx, `SELECT id, source FROM journey_import_batches`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var src string
			if err := rows.Scan(&id, &src); err != nil {
				return err
			}
			sources[id] = src
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rs, err := t.query(ctx, `SELECT batch_id, person_seq, service_id, referred_on, decision, decided_on, treatment_started_on, profile, locality
			FROM imported_referrals ORDER BY batch_id, person_seq`)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var batch int64
			var seq int32
			var referred, decided, treated int64
			var svc, decision, profile, locality string
			if err := rs.Scan(&batch, &seq, &svc, &referred, &decision, &decided, &treated, &profile, &locality); err != nil {
				return err
			}
			r := journey.Referral{PersonID: ImportedPersonID(batch, seq), Locality: locality, ServiceID: svc, ServiceTier: tiers[svc],
				ReferrerTier: "not-recorded", ReceivedAt: fromEpochDay(referred), DecidedAt: fromEpochDay(decided),
				TreatmentStartedAt: fromEpochDay(treated), Profile: profile}
			if decision != "pending" {
				r.Decision = care.Decision(decision)
			}
			out = append(out, r)
		}
		return rs.Err()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("imported journeys: %w", err)
	}
	return out, sources, nil
}
