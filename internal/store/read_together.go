package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// readStep is one query of several a page reads at once (readTogether):
// what it reads (for errors), the query and its arguments, and what to do
// with each row.
type readStep struct {
	what string
	q    string
	args []any
	row  func(scanner) error
}

// collect is a step that scans each row into a T appended to out.
func collect[T any](out *[]T, what, q string, args []any, scan func(scanner, *T) error) readStep {
	return readStep{what: what, q: q, args: args, row: func(s scanner) error {
		var v T
		if err := scan(s, &v); err != nil {
			return err
		}
		*out = append(*out, v)
		return nil
	}}
}

// readTogether runs independent reads. On PostgreSQL they go to the server
// in one pipeline, one connection and one round trip, where one by one
// each was a round trip of its own: on a small machine at 32 clients each
// round trip cost the server process and serve a wake-up and a pair of
// system calls each, more than running the query itself (pg32). On
// SQLite, in-process, they run one after another as they always did.
// Each read sees the database as it is when it runs, as separate reads
// do: none may depend on another's result.
func (db *DB) readTogether(ctx context.Context, steps ...readStep) error {
	if db.dialect != Postgres || len(steps) < 2 {
		for _, s := range steps {
			if err := eachRow(ctx, db, s.what, s.q, s.args, s.row); err != nil {
				return err
			}
		}
		return nil
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", steps[0].what, err)
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("connection is a %T, not pgx", driverConn)
		}
		b := &pgx.Batch{}
		for _, s := range steps {
			b.Queue(db.rebind(s.q), s.args...)
		}
		db.pipelined.Add(int64(len(steps) - 1))
		results := sc.Conn().SendBatch(ctx, b)
		for _, s := range steps {
			if err := batchRows(results, s); err != nil {
				results.Close() // reads what is left, so the connection can be used again
				return err
			}
		}
		return results.Close()
	})
}

// Sends is how many times this DB has sent SQL statements to the
// database since it was opened: Statements, with the reads readTogether
// sends together on PostgreSQL counted once. On PostgreSQL each send is a
// round trip; tests hold pages to a number of them (BEGIN and COMMIT,
// which Statements does not count either, aside).
func (db *DB) Sends() int64 { return db.statements.Load() - db.pipelined.Load() }

// batchRows hands each row of the pipeline's next result to s.
func batchRows(results pgx.BatchResults, s readStep) error {
	rows, err := results.Query()
	if err != nil {
		return fmt.Errorf("%s: %w", s.what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := s.row(rows); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", s.what, err)
	}
	return nil
}
