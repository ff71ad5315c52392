package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// On PostgreSQL a bulk transaction writes its high-volume rows (people,
// referrals and their steps, episodes, care records, appointments,
// measures, audit events...) with COPY FROM STDIN rather than one INSERT
// each: an INSERT costs a round trip to the server and back, and a region
// of millions of rows spent most of its load waiting for them, where COPY
// streams thousands of rows at once.
//
// The Tx methods stay the one write path: they validate as before and hand
// their row to insertID or insertRow (bulk_insert.go), which in a
// PostgreSQL bulk transaction queue it for COPY instead of running the
// INSERT. A row whose writer needs its id takes the next id of its table's
// sequence, handed out by this transaction (bulk_copy_ids.go): the same id
// the INSERT would have drawn, so a region has the same ids on PostgreSQL
// as on SQLite.
//
// Rows wait in the transaction until a buffer fills, until a statement
// runs that could see them or depend on them, or until the transaction
// commits; then every waiting row is written, parents before children
// (by the foreign keys the schema declares), so each COPY finds the rows
// its foreign keys point at. A statement could see waiting rows when it
// names their table; it could depend on them when it writes a table joined
// to theirs by a foreign key (an inserted child needs its parent, a
// deleted parent its children). So every read sees every row added so
// far, with the ids the writes returned, and every constraint is checked
// against them, as with the INSERTs.

// copyRowsPerFlush bounds the rows waiting: large enough that each COPY
// carries many rows, small enough that the memory held stays a few
// tens of megabytes.
const copyRowsPerFlush = 20000

// copyTuning lets tests compare COPY with the INSERTs it replaces, and
// fill its buffers with few rows.
type copyTuning struct {
	off      bool
	perFlush int // 0 = copyRowsPerFlush
}

// copyBuffer is one table's rows waiting for COPY.
type copyBuffer struct {
	cols []string
	rows [][]any
}

// copier is a bulk transaction's rows waiting for COPY, on the one
// connection the transaction runs on.
type copier struct {
	conn     *sql.Conn
	perFlush int
	// stop is the bulk load's own context: its statements may be given
	// one that is never cancelled, and rows that wait make no statement
	// that would notice, so each row looks.
	stop    context.Context
	bufs    map[string]*copyBuffer
	waiting int            // rows in bufs
	copied  map[string]int // rows written by COPY, by table
	keys    foreignKeys
	// next is the next id to hand out, for each table whose sequence
	// this transaction holds (bulk_copy_ids.go).
	next map[string]int64
	// seen is what each statement run so far names (copyStatement).
	seen map[string]copyStatement
	// err is the first COPY that failed. PostgreSQL aborts the
	// transaction after it, so later statements fail with a message that
	// hides the cause; Bulk reports this one instead.
	err error
}

// copying reports whether t writes its bulk rows with COPY.
func (t *Tx) copying() bool { return t.copies != nil }

// copyRow adds a row for table, whose values are cols in order, writing
// every waiting row when the buffers are full.
func (t *Tx) copyRow(ctx context.Context, table string, cols []string, row []any) error {
	c := t.copies
	if c.err == nil && c.stop.Err() != nil {
		c.err = fmt.Errorf("bulk: stopped: %w", c.stop.Err())
	}
	if c.err != nil {
		return c.err
	}
	b := c.bufs[table]
	if b == nil {
		b = &copyBuffer{cols: cols}
		c.bufs[table] = b
	} else if !slices.Equal(b.cols, cols) {
		// Two writers of one table with different columns: keep the
		// first's rows in order before the second's.
		if err := c.flushAll(ctx); err != nil {
			return err
		}
		b.cols = cols
	}
	for i, v := range row {
		if dv, ok := v.(driver.Valuer); ok { // sql.NullInt64 and friends: COPY takes the plain value or nil
			val, err := dv.Value()
			if err != nil {
				return fmt.Errorf("bulk: %s.%s: %w", table, cols[i], err)
			}
			row[i] = val
		}
	}
	b.rows = append(b.rows, row)
	c.waiting++
	if c.waiting < c.perFlush {
		return nil
	}
	return c.flushAll(ctx)
}

// before writes what statement q could see or depend on, before q runs.
// A failure is kept in c.err for Bulk to report: the statement itself then
// fails, as the transaction is aborted.
func (c *copier) before(ctx context.Context, q string) {
	if c.waiting == 0 && len(c.next) == 0 {
		return
	}
	st := c.statement(q)
	var need []string
	for table, b := range c.bufs {
		if len(b.rows) > 0 && st.dependsOn(table, c.keys) {
			need = append(need, table)
		}
	}
	// A statement that adds rows to a table this transaction numbers
	// might draw an id from its sequence: give the sequence back first.
	var release []string
	if st.write && !st.update {
		for table := range c.next {
			if st.names[table] {
				release = append(release, table)
			}
		}
	}
	if c.flushTables(ctx, need) != nil {
		return
	}
	c.releaseIDs(ctx, release...)
}

// flushAll writes every waiting row, parents first.
func (c *copier) flushAll(ctx context.Context) error {
	tables := make([]string, 0, len(c.bufs))
	for table, b := range c.bufs {
		if len(b.rows) > 0 {
			tables = append(tables, table)
		}
	}
	return c.flushTables(ctx, tables)
}

// flushTables writes the waiting rows of tables, and first those of every
// table they reference, parents before children.
func (c *copier) flushTables(ctx context.Context, tables []string) error {
	if c.err != nil {
		return c.err
	}
	if len(tables) == 0 {
		return nil
	}
	with := map[string]bool{}
	for len(tables) > 0 {
		table := tables[len(tables)-1]
		tables = tables[:len(tables)-1]
		if with[table] || c.bufs[table] == nil || len(c.bufs[table].rows) == 0 {
			continue
		}
		with[table] = true
		tables = append(tables, c.keys.parents[table]...)
	}
	tables = slices.Collect(maps.Keys(with))
	slices.SortFunc(tables, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.keys.rank[a], c.keys.rank[b]), cmp.Compare(a, b))
	})
	for _, table := range tables {
		if err := c.flush(ctx, table); err != nil {
			return err
		}
	}
	return nil
}

// flush writes table's waiting rows with one COPY.
func (c *copier) flush(ctx context.Context, table string) error {
	b := c.bufs[table]
	rows := b.rows
	b.rows = nil
	c.waiting -= len(rows)
	err := c.raw(func(pc *pgx.Conn) error {
		n, err := pc.CopyFrom(ctx, pgx.Identifier{table}, b.cols, pgx.CopyFromRows(rows))
		if err == nil && n != int64(len(rows)) {
			err = fmt.Errorf("wrote %d of %d rows", n, len(rows))
		}
		return err
	})
	c.copied[table] += len(rows)
	if err != nil {
		c.err = fmt.Errorf("bulk: copy %d rows into %s: %w", len(rows), table, err)
	}
	return c.err
}

// raw runs fn on the transaction's pgx connection.
func (c *copier) raw(fn func(*pgx.Conn) error) error {
	return c.conn.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("connection is a %T, not pgx", driverConn)
		}
		// database/sql rolls a transaction back when its context is
		// cancelled and keeps the connection: a COPY then would commit
		// on its own. Under Raw's lock the state cannot change.
		if st := sc.Conn().PgConn().TxStatus(); st != 'T' {
			return fmt.Errorf("the transaction has ended (status %q)", st)
		}
		return fn(sc.Conn())
	})
}

// newCopier is a transaction's copier on conn; ctx is the transaction's.
func (db *DB) newCopier(ctx context.Context, conn *sql.Conn) *copier {
	return &copier{conn: conn, stop: ctx, perFlush: cmp.Or(db.copyTuning.perFlush, copyRowsPerFlush),
		bufs: map[string]*copyBuffer{}, copied: map[string]int{}, next: map[string]int64{}, seen: map[string]copyStatement{}}
}

// bulkCopy runs fn in a transaction on one connection it keeps, so that
// COPY runs in the same transaction as the statements around it.
func (db *DB) bulkCopy(ctx context.Context, fn func(*Tx) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk: connect: %w", err)
	}
	defer conn.Close()
	c := db.newCopier(ctx, conn)
	err = db.run(ctx, conn, false, func(t *Tx) error {
		var err error
		if c.keys, err = readForeignKeys(ctx, t); err != nil {
			return err
		}
		t.copies = c
		if err = fn(t); err == nil {
			err = c.flushAll(ctx)
		}
		if err == nil {
			err = c.releaseIDs(ctx, slices.Collect(maps.Keys(c.next))...)
		}
		return err
	})
	if c.err != nil && !errors.Is(err, c.err) && ctx.Err() == nil {
		return c.err // the cause, rather than "current transaction is aborted"
	}
	if err != nil {
		return err
	}
	return db.analyzeGrown(ctx, c.copied)
}

// auditColumns are the columns of audit_pending a bulk load's audit rows
// give; the table numbers them, in the order they are written.
var auditColumns = []string{"at", "user_id", "username", "role", "action", "person_id", "record", "relationship", "reason"}

// copyAudit adds a stamped audit event for COPY.
func (t *Tx) copyAudit(ctx context.Context, e auth.Event) error {
	return t.copyRow(ctx, "audit_pending", auditColumns,
		[]any{e.At, e.UserID, e.Username, string(e.Role), e.Action, e.PersonID, e.Record, string(e.Relationship), e.Reason})
}

// referralEventColumns are the columns of a referral's timeline step.
var referralEventColumns = []string{"referral_id", "at", "status", "user_id", "note"}

// copyReferralEvent adds a timeline step for COPY.
func (t *Tx) copyReferralEvent(ctx context.Context, e NewReferralEvent) error {
	if err := t.copyRow(ctx, "referral_events", referralEventColumns, []any{e.ReferralID, e.At.UTC(), string(e.Status), nullID(e.UserID), e.Note}); err != nil {
		return fmt.Errorf("add referral events: %w", err)
	}
	return nil
}

// ratingColumns are the columns of a goal rating, with its id.
var ratingColumns = []string{"id", "goal_id", "at", "rating", "source", "recorded_by", "note"}

// copyRating adds a validated goal rating for COPY, with its id.
func (t *Tx) copyRating(ctx context.Context, a auth.Actor, r *care.GoalRating) error {
	id, err := t.copies.nextID(ctx, "goal_ratings")
	if err != nil {
		return err
	}
	r.ID = id
	return t.copyRow(ctx, "goal_ratings", ratingColumns, []any{id, r.GoalID, r.At.UTC(), r.Rating, r.Source, nullID(a.User.ID), r.Note})
}

// amend changes the waiting row of table with id, if its version is
// version, as UPDATE table SET ..., version = version + 1 WHERE id = ? AND
// version = ? would once it is written; false when no such row waits.
func (c *copier) amend(table string, id int64, version int, set map[string]any) bool {
	b := c.bufs[table]
	if c.err != nil || b == nil || len(b.cols) == 0 || b.cols[0] != "id" {
		return false
	}
	at := map[string]int{}
	for i, col := range b.cols {
		at[col] = i
	}
	vi, ok := at["version"]
	if !ok {
		return false
	}
	for col := range set {
		if _, ok := at[col]; !ok {
			return false
		}
	}
	for i := len(b.rows) - 1; i >= 0; i-- {
		row := b.rows[i]
		if row[0] != id {
			continue
		}
		if row[vi] != int64(version) {
			return false
		}
		for col, v := range set {
			row[at[col]] = v
		}
		row[vi] = int64(version) + 1
		return true
	}
	return false
}
