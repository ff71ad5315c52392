package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// peopleSearch is a person search as SQL: an NHS number, or name words
// and a date of birth typed the ways people in the UK write one
// (care.ParsePeopleQuery), all of which must match. A name word matches
// the start of any of a person's name words (care.NameWords), so the
// search is read from person_name_words (migration 0033): the matches are
// counted and ordered there, and only the page's people are read.
type peopleSearch struct {
	from string // FROM and WHERE, over person_name_words w or people
	id   string // the person's id in from
	sort string // the list's order in from: family name, given name, id
	args []any
}

// searchPeople turns a query into a search; ok is false when the query
// asks for nothing.
func searchPeople(query string) (s peopleSearch, ok bool) {
	pq := care.ParsePeopleQuery(query)
	var where []string
	if pq.NHSNumber != "" {
		where, s.args = append(where, "nhs_number = ? AND nhs_number <> ''"), append(s.args, pq.NHSNumber) // uses the partial index
	}
	if !pq.DateOfBirth.IsZero() {
		where, s.args = append(where, "date_of_birth = ?"), append(s.args, dateText(pq.DateOfBirth))
	}
	if len(pq.Words) == 0 {
		if len(where) == 0 {
			return s, false
		}
		s.from, s.id, s.sort = `FROM people WHERE `+strings.Join(where, " AND "), "id", "family_name, given_name, id"
		return s, true
	}
	// The first word's range drives; the others, and a date of birth or
	// NHS number, narrow it.
	// The longest word leads: the longer the start of a name, the fewer
	// people have it. When it is long enough to be selective, each other
	// word is looked up for those people alone, by person: as a list of
	// everyone with the word, a one-letter second word ("smith j") built
	// thousands of rows at scale 75 (50 ms; now 20). When even the
	// longest is short ("a b"), everyone has it and looking the others up
	// person by person costs more than the list (180 ms against 55).
	words := slices.Clone(pq.Words)
	slices.SortStableFunc(words, func(a, b string) int { return cmp.Compare(utf8.RuneCountInString(b), utf8.RuneCountInString(a)) })
	first, rest := words[0], words[1:]
	args := nameWordArgs(first)
	each := `EXISTS (SELECT 1 FROM person_name_words o WHERE o.person_id = w.person_id AND o.word >= ? AND o.word < ?)`
	if utf8.RuneCountInString(first) < selectiveWord {
		each = `w.person_id IN (SELECT person_id FROM person_name_words WHERE word >= ? AND word < ?)`
	}
	var conds []string
	for _, w := range rest {
		conds, args = append(conds, each), append(args, nameWordArgs(w)...)
	}
	if len(where) > 0 {
		conds, args = append(conds, `w.person_id IN (SELECT id FROM people WHERE `+strings.Join(where, " AND ")+`)`), append(args, s.args...)
	}
	s.from = `FROM person_name_words w WHERE w.word >= ? AND w.word < ?`
	for _, c := range conds {
		s.from += " AND " + c
	}
	s.id, s.sort, s.args = "w.person_id", "w.family_name, w.given_name, w.person_id", args
	return s, true
}

// nameWordArgs bound the range of person_name_words' key holding every
// word that begins with w, folded as the words are: from w up to w
// followed by the last code point (byte order on both databases).
// selectiveWord is how many letters of a name few enough people share
// for the other words of a search to be checked person by person.
const selectiveWord = 3

func nameWordArgs(w string) []any {
	w = care.FoldName(w)
	return []any{w, w + "\U0010FFFF"}
}

// countSQL counts the people found (a person may have two words a search
// word begins, such as Sam and Sammy).
func (s peopleSearch) countSQL() string {
	return `SELECT COUNT(DISTINCT ` + s.id + `) ` + s.from
}

// idsSQL lists the people found in the list's order, with limit (a LIMIT
// and OFFSET clause).
func (s peopleSearch) idsSQL(limit string) string {
	return `SELECT ` + s.id + ` ` + s.from + ` GROUP BY ` + s.sort + ` ORDER BY ` + s.sort + limit
}

// people reads the people found under limit, in the list's order.
func (s peopleSearch) people(ctx context.Context, tx *Tx, limit string) ([]care.Person, error) {
	ids, err := queryAll(ctx, tx, "search people", s.idsSQL(limit), s.args, func(rows scanner, id *int64) error { return rows.Scan(id) })
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	q, args := appendIn(`SELECT `+personColumns+` FROM people WHERE id IN (0`, nil, ids)
	found, err := queryAll(ctx, tx, "people found", q+`)`, args, into(scanPerson))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]care.Person, len(found))
	for _, p := range found {
		byID[p.ID] = p
	}
	out := make([]care.Person, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// SearchPeople finds people by NHS number, or by name words and a date
// of birth (searchPeople), at most limit of them. The search itself is
// audited (it reveals who is known to the service).
func (db *DB) SearchPeople(ctx context.Context, a auth.Actor, query string, limit int) ([]care.Person, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, nil
	}
	limitClause, err := limitSQL("people found", limit, 25)
	if err != nil {
		return nil, err
	}
	s, ok := searchPeople(query)
	if !ok {
		return nil, nil
	}
	var out []care.Person
	err = db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = s.people(ctx, tx, limitClause)
		return err
	})
	if err != nil {
		return nil, err
	}
	a.Reason = "query: " + truncate(query, 100)
	return out, db.Audit(ctx, a, auth.ActionSearch, 0, "people")
}

// SearchPeoplePage is one page of a person search, with how many people
// match in all, counted under the same filter in the same transaction.
// The search is audited as SearchPeople's is.
func (db *DB) SearchPeoplePage(ctx context.Context, a auth.Actor, query string, p Page) (Paged[care.Person], error) {
	out := Paged[care.Person]{Page: p}
	if err := p.Check(); err != nil {
		return out, err
	}
	query = strings.TrimSpace(query)
	s, ok := searchPeople(query)
	if !ok {
		return out, nil
	}
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, s.countSQL(), s.args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("count people found: %w", err)
		}
		if p.Offset() >= out.Total {
			return nil
		}
		var err error
		out.Rows, err = s.people(ctx, tx, p.sql())
		return err
	})
	if err != nil {
		return out, err
	}
	a.Reason = "query: " + truncate(query, 100)
	return out, db.Audit(ctx, a, auth.ActionSearch, 0, "people")
}
