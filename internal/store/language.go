package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/language"
	"throughline/internal/problem"
)

const languageColumns = `id, term, variants, excepts, why, alternatives, source, retired, version`

func scanLanguageEntry(s scanner, e *language.Entry) error {
	var variants, excepts, alternatives string
	if err := s.Scan(&e.ID, &e.Term, &variants, &excepts, &e.Why, &alternatives, &e.Source, &e.Retired, &e.Version); err != nil {
		return err
	}
	e.Variants, e.Except, e.Alternatives = splitLines(variants), splitLines(excepts), splitLines(alternatives)
	return nil
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// LanguageEntries lists the whole lexicon, retired entries too, by term.
// The first read of a new database writes the seed lexicon, so a service
// starts with cited entries its managers can then change.
func (db *DB) LanguageEntries(ctx context.Context) ([]language.Entry, error) {
	entries, err := db.languageEntries(ctx)
	if err != nil || len(entries) > 0 {
		return entries, err
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM language_entries`).Scan(&n); err != nil || n > 0 {
			return err
		}
		for _, e := range language.Seed() {
			if err := tx.insertLanguageEntry(ctx, "seed lexicon", &e); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return db.languageEntries(ctx)
}

func (db *DB) languageEntries(ctx context.Context) ([]language.Entry, error) {
	return queryAll(ctx, db, "language entries", `SELECT `+languageColumns+` FROM language_entries ORDER BY LOWER(term), id`, nil, scanLanguageEntry)
}

// LanguageEntry loads one entry.
func (db *DB) LanguageEntry(ctx context.Context, id int64) (language.Entry, error) {
	var e language.Entry
	err := scanLanguageEntry(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+languageColumns+` FROM language_entries WHERE id = ?`), id), &e)
	if errors.Is(err, sql.ErrNoRows) {
		return e, problem.Errorf(problem.NotFound, "No such lexicon entry")
	}
	return e, err
}

// AddLanguageEntry adds an entry as version 1.
func (db *DB) AddLanguageEntry(ctx context.Context, a auth.Actor, e *language.Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.termTaken(ctx, e.Term, 0); err != nil {
			return err
		}
		if err := tx.insertLanguageEntry(ctx, a.User.Username, e); err != nil {
			return err
		}
		return tx.auditLanguage(ctx, a, auth.ActionLanguageEntry, e.ID, "added")
	})
}

// UpdateLanguageEntry rewords or retires an entry: e.Version is the version
// the manager edited, so two managers cannot overwrite each other unseen.
func (db *DB) UpdateLanguageEntry(ctx context.Context, a auth.Actor, e *language.Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	now := db.Now()
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.termTaken(ctx, e.Term, e.ID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE language_entries SET term = ?, variants = ?, excepts = ?, why = ?, alternatives = ?, source = ?, retired = ?,
			version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?`,
			e.Term, strings.Join(e.Variants, "\n"), strings.Join(e.Except, "\n"), e.Why, strings.Join(e.Alternatives, "\n"), e.Source, e.Retired,
			a.User.Username, now, e.ID, e.Version)
		if err != nil {
			return fmt.Errorf("update lexicon entry %d: %w", e.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tx.staleOrMissing(ctx, "language_entries", e.ID, "lexicon entry")
		}
		e.Version++
		if err := tx.languageVersion(ctx, a.User.Username, now, *e); err != nil {
			return err
		}
		what := "reworded"
		if e.Retired {
			what = "retired"
		}
		return tx.auditLanguage(ctx, a, auth.ActionLanguageEntry, e.ID, what)
	})
}

func (t *Tx) termTaken(ctx context.Context, term string, id int64) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM language_entries WHERE LOWER(term) = LOWER(?) AND id <> ?`, strings.TrimSpace(term), id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		var v problem.Validation
		v.Add("term", "The lexicon already has this term; reword that entry instead")
		return v.Err()
	}
	return nil
}

func (t *Tx) insertLanguageEntry(ctx context.Context, by string, e *language.Entry) error {
	now := t.db.Now()
	e.Term = strings.TrimSpace(e.Term)
	e.Version = 1
	if err := t.queryRow(ctx, `INSERT INTO language_entries (term, variants, excepts, why, alternatives, source, retired, version, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		e.Term, strings.Join(e.Variants, "\n"), strings.Join(e.Except, "\n"), e.Why, strings.Join(e.Alternatives, "\n"), e.Source, e.Retired, by, now).Scan(&e.ID); err != nil {
		return fmt.Errorf("add lexicon entry: %w", err)
	}
	return t.languageVersion(ctx, by, now, *e)
}

func (t *Tx) languageVersion(ctx context.Context, by string, at time.Time, e language.Entry) error {
	_, err := t.exec(ctx, `INSERT INTO language_entry_versions (entry_id, version, term, variants, excepts, why, alternatives, source, retired, changed_by, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.Version, e.Term, strings.Join(e.Variants, "\n"), strings.Join(e.Except, "\n"), e.Why,
		strings.Join(e.Alternatives, "\n"), e.Source, e.Retired, by, at)
	if err != nil {
		return fmt.Errorf("keep lexicon version: %w", err)
	}
	return nil
}

func (t *Tx) auditLanguage(ctx context.Context, a auth.Actor, action string, id int64, detail string) error {
	e := a.Event(action, 0, fmt.Sprintf("lexicon/%d", id))
	e.Reason = detail
	return t.audit(ctx, e)
}

// LanguageVersion is one kept version of an entry, with who made it and when.
type LanguageVersion struct {
	Entry     language.Entry
	ChangedBy string
	ChangedAt time.Time
}

// LanguageHistory lists an entry's versions, newest first.
func (db *DB) LanguageHistory(ctx context.Context, id int64) ([]LanguageVersion, error) {
	return queryAll(ctx, db, "lexicon history", `SELECT entry_id, term, variants, excepts, why, alternatives, source, retired, version, changed_by, changed_at
		FROM language_entry_versions WHERE entry_id = ? ORDER BY version DESC`, []any{id}, func(s scanner, v *LanguageVersion) error {
		var variants, excepts, alternatives string
		if err := s.Scan(&v.Entry.ID, &v.Entry.Term, &variants, &excepts, &v.Entry.Why, &alternatives, &v.Entry.Source, &v.Entry.Retired, &v.Entry.Version, &v.ChangedBy, &v.ChangedAt); err != nil {
			return err
		}
		v.Entry.Variants, v.Entry.Except, v.Entry.Alternatives = splitLines(variants), splitLines(excepts), splitLines(alternatives)
		return nil
	})
}

// EachTeamText calls fn with each piece of staff-written text created in
// the teams' episodes since the given time, and when it was written: goals
// not in the person's own words, and appointment notes. It returns no
// names: language over time counts phrases, never who wrote them.
//
// It reads stored text when a manager asks rather than counting at every
// save: the count then follows the lexicon as managers change it (a new
// entry counts back through past months), no save path in other parts of
// the record gains work, and the read is bounded by the creation-date
// indexes of migration 0023 to the months shown.
func (db *DB) EachTeamText(ctx context.Context, teamIDs []int64, since time.Time, fn func(at time.Time, text string) error) error {
	q, args := appendIn(`SELECT g.created_at, g.text FROM goals g JOIN episodes e ON e.id = g.episode_id
		WHERE g.created_at >= ? AND NOT g.own_words AND e.team_id IN (0`, []any{since}, teamIDs)
	q += `)`
	q2, args2 := appendIn(` UNION ALL SELECT a.created_at, a.notes || ' ' || a.outcome_note FROM appointments a JOIN episodes e ON e.id = a.episode_id
		WHERE a.created_at >= ? AND e.team_id IN (0`, []any{since}, teamIDs)
	return eachRow(ctx, db, "team text", q+q2+`)`, append(args, args2...), func(s scanner) error {
		var at time.Time
		var text string
		if err := s.Scan(&at, &text); err != nil {
			return err
		}
		return fn(at, text)
	})
}
