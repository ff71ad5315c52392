package store

import (
	"context"
	"fmt"
	"strings"

	"throughline/internal/care"
)

// A bulk load checks what it writes against what it wrote a moment
// before: a measure response's episode belongs to its person, a rating's
// goal is active, an outcome's appointment exists. Each check was a read,
// and on PostgreSQL a read is a round trip and writes every row waiting
// for COPY (bulk_copy.go) first. So a bulk transaction remembers what it
// read and what it wrote for these checks, and forgets a table's rows as
// soon as the transaction runs a statement that could change them: an
// UPDATE or DELETE naming the table (a new row never changes another's).
// What another transaction commits meanwhile is not seen, as if these
// checks had all run at the start; a load writes a region alone.

// bulkMemo is what a bulk transaction remembers.
type bulkMemo struct {
	// rows are single rows read (or written) by lookup statements:
	// statement → arguments → the row's values.
	rows map[string]map[string][]any
	// tables name the table each remembered statement reads.
	tables map[string]string
	// booked are the appointments booked in this transaction that no
	// statement has changed since (RecordOutcome).
	booked map[int64]*bookedAppointment
	// episodes are episodes read whole (Tx.episode).
	episodes map[int64]care.Episode
	// seen are the words of each statement run so far.
	seen map[string]words
}

// bookedAppointment is an appointment as this transaction booked it.
type bookedAppointment struct {
	ap       care.Appointment
	followUp bool // a follow-up task for it was added
}

func newBulkMemo() *bulkMemo {
	return &bulkMemo{rows: map[string]map[string][]any{}, tables: map[string]string{}, booked: map[int64]*bookedAppointment{}, episodes: map[int64]care.Episode{}, seen: map[string]words{}}
}

// written forgets what statement q could have changed.
func (m *bulkMemo) written(q string) {
	if m == nil {
		return
	}
	words, ok := m.seen[q]
	if !ok {
		words = statementWords(q)
		if len(m.seen) < maxSeenStatements {
			m.seen[q] = words
		}
	}
	if len(words) == 0 || words[0] == "select" {
		return
	}
	if words[0] == "insert" && !words.has("conflict") {
		return
	}
	for stmt, table := range m.tables {
		if words.has(table) {
			delete(m.rows, stmt)
			delete(m.tables, stmt)
		}
	}
	if words.has("episodes") {
		clear(m.episodes)
	}
	if words.has("appointments") || words.has("appointment_staff") || words.has("portal_requests") || words.has("tasks") {
		clear(m.booked)
	}
}

// lookup reads the one row q gives for args into dest, pointers to
// int64, string or bool; in a bulk transaction the row is remembered
// (see bulkMemo) under table, the table q reads.
func (t *Tx) lookup(ctx context.Context, table, q string, args []any, dest ...any) error {
	if t.memo == nil {
		return t.queryRow(ctx, q, args...).Scan(dest...)
	}
	key := memoKey(args)
	if vals, ok := t.memo.rows[q][key]; ok {
		return assignRow(dest, vals)
	}
	if err := t.queryRow(ctx, q, args...).Scan(dest...); err != nil {
		return err
	}
	vals := make([]any, len(dest))
	for i, d := range dest {
		switch p := d.(type) {
		case *int64:
			vals[i] = *p
		case *string:
			vals[i] = *p
		case *bool:
			vals[i] = *p
		default:
			return nil // not one to remember
		}
	}
	t.remember(table, q, args, vals...)
	return nil
}

// remember records that q gives vals for args, as a write that has just
// made the row knows, in a bulk transaction.
func (t *Tx) remember(table, q string, args []any, vals ...any) {
	if t.memo == nil {
		return
	}
	byArgs := t.memo.rows[q]
	if byArgs == nil {
		byArgs = map[string][]any{}
		t.memo.rows[q], t.memo.tables[q] = byArgs, table
	}
	byArgs[memoKey(args)] = vals
}

// memoKey tells one statement's arguments from another's.
func memoKey(args []any) string {
	var b strings.Builder
	for _, a := range args {
		fmt.Fprintf(&b, "%T:%v\x1f", a, a)
	}
	return b.String()
}

// assignRow copies a remembered row into dest.
func assignRow(dest []any, vals []any) error {
	if len(dest) != len(vals) {
		return fmt.Errorf("bulk: remembered row has %d values, want %d", len(vals), len(dest))
	}
	for i, d := range dest {
		switch p := d.(type) {
		case *int64:
			*p = vals[i].(int64)
		case *string:
			*p = vals[i].(string)
		case *bool:
			*p = vals[i].(bool)
		}
	}
	return nil
}

// words are a statement's identifiers and keywords, lower case.
type words []string

func (w words) has(s string) bool {
	for _, x := range w {
		if x == s {
			return true
		}
	}
	return false
}

// statementWords splits q into its words.
func statementWords(q string) words {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	})
}

// episode is an episode this bulk transaction has read and not changed
// since.
func (m *bulkMemo) episode(id int64) (care.Episode, bool) {
	if m == nil {
		return care.Episode{}, false
	}
	e, ok := m.episodes[id]
	return e, ok
}

// keepEpisode remembers an episode read whole, in a bulk transaction.
func (m *bulkMemo) keepEpisode(e care.Episode) {
	if m != nil {
		m.episodes[e.ID] = e
	}
}

// taken reports whether q, a count of the rows a unique index allows one
// of, finds one already. In a COPY bulk load it does not read: the index
// refuses the second row when it is written, and the load rolls back,
// where the read would first write every row waiting for COPY.
func (t *Tx) taken(ctx context.Context, q string, arg any) (bool, error) {
	if t.copying() {
		return false, nil
	}
	var n int
	if err := t.queryRow(ctx, q, arg).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}
