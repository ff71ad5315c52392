package store

import (
	"context"
	"fmt"
	"strings"

	"throughline/internal/care"
)

// nameWordsBatch is how many word rows one INSERT writes: well inside
// both databases' limits on bound parameters.
const nameWordsBatch = 500

// wordRow is one word a person can be found by.
type wordRow struct {
	word     string
	personID int64
	// The person's names as recorded, so that the matches are put in
	// order from the words alone.
	family, given string
}

// saveNameWords replaces the words person p can be found by (care.NameWords)
// with those of their names now, in the transaction that writes them.
func (t *Tx) saveNameWords(ctx context.Context, p care.Person, replace bool) error {
	if replace {
		if _, err := t.exec(ctx, `DELETE FROM person_name_words WHERE person_id = ?`, p.ID); err != nil {
			return fmt.Errorf("clear name words of person %d: %w", p.ID, err)
		}
	}
	var rows []wordRow
	for _, w := range care.NameWords(p) {
		rows = append(rows, wordRow{w, p.ID, p.FamilyName, p.GivenName})
	}
	return t.insertNameWords(ctx, rows)
}

func (t *Tx) insertNameWords(ctx context.Context, rows []wordRow) error {
	if t.copying() {
		// A PostgreSQL bulk load queues the words for COPY behind their
		// person: a multi-row INSERT naming person_name_words would first
		// write every person still waiting, one COPY per person.
		for _, r := range rows {
			if err := t.insertRow(ctx, `INSERT INTO person_name_words (word, person_id, family_name, given_name) VALUES (?, ?, ?, ?)`, r.word, r.personID, r.family, r.given); err != nil {
				return fmt.Errorf("insert name words: %w", err)
			}
		}
		return nil
	}
	for len(rows) > 0 {
		n := min(len(rows), nameWordsBatch)
		q := `INSERT INTO person_name_words (word, person_id, family_name, given_name) VALUES ` + strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?), `, n), ", ")
		args := make([]any, 0, 4*n)
		for _, r := range rows[:n] {
			args = append(args, r.word, r.personID, r.family, r.given)
		}
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("insert name words: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

// backfillNameWords writes the words of everyone already recorded, for
// migration 0033, in the migration's own transaction.
func backfillNameWords(ctx context.Context, t *Tx) error {
	var rows []wordRow
	err := eachRow(ctx, t, "people's names", `SELECT id, given_name, preferred_name, family_name FROM people`, nil, func(s scanner) error {
		var p care.Person
		if err := s.Scan(&p.ID, &p.GivenName, &p.PreferredName, &p.FamilyName); err != nil {
			return err
		}
		for _, w := range care.NameWords(p) {
			rows = append(rows, wordRow{w, p.ID, p.FamilyName, p.GivenName})
		}
		return nil
	})
	if err != nil {
		return err
	}
	return t.insertNameWords(ctx, rows)
}
