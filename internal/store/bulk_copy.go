package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// On PostgreSQL a bulk transaction writes its append-only, high-volume
// rows (audit events, referral timeline steps and goal ratings) with COPY FROM STDIN rather than INSERT: a multi-row INSERT costs
// the server a parse and plan of thousands of bound values, and the client
// an encoding of each, where COPY streams the rows.
//
// The Tx methods stay the one write path: they validate as before and hand
// their row to copyRow instead of running the INSERT. Rows wait in the
// transaction until a buffer fills, until a statement that names their
// table runs (so every read, and every other write to the table, sees them
// and keeps their order), or until the transaction commits. Neither table
// is referenced by a foreign key or read by a view or trigger, so a
// statement that does not name a table cannot depend on its waiting rows.
// COPY takes the identity defaults in row order, so the rows get the ids,
// in the same order, that the INSERTs would have given them. A row whose
// writer returns its id (a goal rating) takes one reserved from the
// table's sequence in a block, the same id an INSERT would have drawn;
// ids left in the last block are skipped, as a rolled-back INSERT's are.

// copyTable is a table written by COPY in a bulk transaction.
type copyTable int

const (
	copyAudit copyTable = iota
	copyReferralEvents
	copyGoalRatings
	copyTables // how many
)

// copyColumns are the columns each table's rows give, in order.
var copyColumns = [copyTables]struct {
	name string
	cols []string
}{
	copyAudit:          {"audit_pending", []string{"at", "user_id", "username", "role", "action", "person_id", "record", "relationship", "reason"}},
	copyReferralEvents: {"referral_events", []string{"referral_id", "at", "status", "user_id", "note"}},
	copyGoalRatings:    {"goal_ratings", []string{"id", "goal_id", "at", "rating", "source", "recorded_by", "note"}},
}

// copyRowsPerFlush bounds a buffer: large enough that each COPY carries
// many rows, small enough that the memory held stays a few megabytes.
const copyRowsPerFlush = 20000

// copyTuning lets tests compare COPY with the INSERTs it replaces, and
// fill its buffers with few rows.
type copyTuning struct {
	off      bool
	perFlush int // 0 = copyRowsPerFlush
}

// copier is a bulk transaction's rows waiting for COPY, on the one
// connection the transaction runs on.
type copier struct {
	conn     *sql.Conn
	perFlush int
	rows     [copyTables][][]any
	// ids are ids reserved from a table's sequence for rows whose
	// writer returns the id (see reserveID).
	ids      [copyTables][]int64
	reserved [copyTables]int // how many ids each has reserved
	// err is the first COPY that failed. PostgreSQL aborts the
	// transaction after it, so later statements fail with a message that
	// hides the cause; Bulk reports this one instead.
	err error
}

// copying reports whether t writes its bulk rows with COPY.
func (t *Tx) copying() bool { return t.copies != nil }

// copyRow adds a row for table, writing the buffer when it is full.
func (t *Tx) copyRow(ctx context.Context, table copyTable, row ...any) error {
	c := t.copies
	c.rows[table] = append(c.rows[table], row)
	if len(c.rows[table]) < c.perFlush {
		return nil
	}
	return c.flush(ctx, table)
}

// flushFor writes the waiting rows of every table q names, before q runs.
// A failure is kept in c.err for Bulk to report: the statement itself then
// fails, as the transaction is aborted.
func (c *copier) flushFor(ctx context.Context, q string) {
	for table := range copyTables {
		if len(c.rows[table]) > 0 && strings.Contains(q, copyColumns[table].name) {
			if err := c.flush(ctx, table); err != nil {
				return
			}
		}
	}
}

// flushAll writes every waiting row, before the transaction commits.
func (c *copier) flushAll(ctx context.Context) error {
	for table := range copyTables {
		if err := c.flush(ctx, table); err != nil {
			return err
		}
	}
	return nil
}

// flush writes table's waiting rows with one COPY.
func (c *copier) flush(ctx context.Context, table copyTable) error {
	if c.err != nil {
		return c.err
	}
	rows := c.rows[table]
	if len(rows) == 0 {
		return nil
	}
	c.rows[table] = rows[:0]
	def := copyColumns[table]
	err := c.conn.Raw(func(driverConn any) error {
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
		n, err := sc.Conn().CopyFrom(ctx, pgx.Identifier{def.name}, def.cols, pgx.CopyFromRows(rows))
		if err == nil && n != int64(len(rows)) {
			err = fmt.Errorf("wrote %d of %d rows", n, len(rows))
		}
		return err
	})
	if err != nil {
		c.err = fmt.Errorf("bulk: copy %d rows into %s: %w", len(rows), def.name, err)
	}
	return c.err
}

// bulkCopy runs fn in a transaction on one connection it keeps, so that
// COPY runs in the same transaction as the statements around it.
func (db *DB) bulkCopy(ctx context.Context, fn func(*Tx) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk: connect: %w", err)
	}
	defer conn.Close()
	c := &copier{conn: conn, perFlush: cmp.Or(db.copyTuning.perFlush, copyRowsPerFlush)}
	err = db.run(ctx, conn, false, func(t *Tx) error {
		t.copies = c
		err := fn(t)
		if err == nil {
			err = c.flushAll(ctx)
		}
		return err
	})
	if c.err != nil && !errors.Is(err, c.err) {
		return c.err // the cause, rather than "current transaction is aborted"
	}
	return err
}

// nullable is id as COPY takes it: NULL for none.
func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// copyReferralEvent adds a timeline step for COPY.
func (t *Tx) copyReferralEvent(ctx context.Context, e NewReferralEvent) error {
	if err := t.copyRow(ctx, copyReferralEvents, e.ReferralID, e.At.UTC(), string(e.Status), nullable(e.UserID), e.Note); err != nil {
		return fmt.Errorf("add referral events: %w", err)
	}
	return nil
}

// reserveID takes the next id of table's sequence, reserving a block at a
// time: a few at first, so that a small load skips few, and more as the
// load goes on, up to a buffer's worth.
func (t *Tx) reserveID(ctx context.Context, table copyTable) (int64, error) {
	c := t.copies
	if len(c.ids[table]) == 0 {
		n := min(c.perFlush, max(64, 2*c.reserved[table]))
		c.reserved[table] += n
		rows, err := t.query(ctx, `SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)`, copyColumns[table].name, n)
		if err != nil {
			return 0, fmt.Errorf("reserve %s ids: %w", copyColumns[table].name, err)
		}
		ids, err := collect(rows, n)
		if err != nil {
			return 0, fmt.Errorf("reserve %s ids: %w", copyColumns[table].name, err)
		}
		c.ids[table] = ids
	}
	id := c.ids[table][0]
	c.ids[table] = c.ids[table][1:]
	return id, nil
}

// collect reads n ids, closing rows.
func collect(rows *sql.Rows, n int) ([]int64, error) {
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("got %d of %d", len(ids), n)
	}
	return ids, nil
}

// copyRating adds a validated goal rating for COPY, with its id.
func (t *Tx) copyRating(ctx context.Context, a auth.Actor, r *care.GoalRating) error {
	id, err := t.reserveID(ctx, copyGoalRatings)
	if err != nil {
		return err
	}
	r.ID = id
	return t.copyRow(ctx, copyGoalRatings, id, r.GoalID, r.At.UTC(), r.Rating, r.Source, nullable(a.User.ID), r.Note)
}
