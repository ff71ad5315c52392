package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"throughline/internal/problem"
)

// timeLayouts are the text forms SQLite may hand back for a TIMESTAMP column.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// dbTime scans a timestamp whichever way the driver returns it; NULL is zero.
type dbTime struct{ t *time.Time }

func (d dbTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = time.Time{}
		return nil
	case time.Time:
		*d.t = x.UTC()
		return nil
	case string:
		return d.parse(x)
	case []byte:
		return d.parse(string(x))
	}
	return fmt.Errorf("cannot scan %T into time", v)
}

func (d dbTime) parse(s string) error {
	if t, ok := stampTime(s); ok {
		*d.t = t
		return nil
	}
	return d.parseLayouts(s)
}

// parseLayouts reads s by the first of timeLayouts that fits.
func (d dbTime) parseLayouts(s string) error {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			*d.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot parse time %q", s)
}

// nullTime writes a zero time as NULL.
func nullTime(t time.Time) sql.NullTime {
	return sql.NullTime{Time: t.UTC(), Valid: !t.IsZero()}
}

// nullID writes a zero id as NULL.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// dateText is how dates of birth are kept: plain YYYY-MM-DD text in both
// databases, so no time zone can shift a birthday.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func parseDateText(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// notFound turns a missing row into a NotFound problem naming what was
// looked for, and wraps any other error with it.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return problem.Errorf(problem.NotFound, "No %s with that id", what)
	}
	return fmt.Errorf("read %s: %w", what, err)
}

// appendIn adds a placeholder and an argument for each value to an IN list
// that the query opened with a value matching nothing (0, or the empty
// string), so that an empty list selects no rows rather than being a
// syntax error. The caller closes the list.
func appendIn[T int64 | string](q string, args []any, vals []T) (string, []any) {
	for _, v := range vals {
		q, args = q+`, ?`, append(args, v)
	}
	return q, args
}

// scanner is one row to read: a *sql.Row or the current row of *sql.Rows.
type scanner interface{ Scan(...any) error }

// querier runs a query that returns rows: a Tx, or the DB's readers.
type querier interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// query reads through the pool of readers, outside any transaction.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.rebind(q), args...)
}

// eachRow runs q and hands each row to fn, closing the rows however it
// ends; every error says what was being read. fn must not query: SQLite's
// writer and a PostgreSQL transaction have one connection, busy with rows.
func eachRow(ctx context.Context, qr querier, what, q string, args []any, fn func(scanner) error) error {
	rows, err := qr.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// queryAll runs q and scans every row into a T, in order.
func queryAll[T any](ctx context.Context, qr querier, what, q string, args []any, scan func(scanner, *T) error) ([]T, error) {
	var out []T
	err := eachRow(ctx, qr, what, q, args, func(s scanner) error {
		var v T
		if err := scan(s, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanValue reads a row of one column, such as a list of ids.
func scanValue[T any](s scanner, v *T) error { return s.Scan(v) }

// into lets queryAll use a scan function that returns the value it read.
func into[T any](scan func(scanner) (T, error)) func(scanner, *T) error {
	return func(s scanner, v *T) (err error) {
		*v, err = scan(s)
		return err
	}
}
