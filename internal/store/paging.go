package store

import (
	"context"
	"fmt"

	"throughline/internal/problem"
)

// PageSize is how many rows one page of a paged list holds.
const PageSize = 50

// Page is one page of a list, counted from 1. A list that grows with the
// region (a waiting list, a caseload, a search) is read a page at a time,
// with its total counted under the same filter, so a page costs the same
// at 2,000 people as at 150,000.
type Page struct {
	Number int
}

// FirstPage is page 1.
var FirstPage = Page{Number: 1}

// Check refuses a page number below 1 (problem.Invalid).
func (p Page) Check() error {
	if p.Number < 1 {
		return problem.Errorf(problem.Invalid, "Page numbers start at 1, not %d", p.Number)
	}
	return nil
}

// Offset is how many rows come before this page.
func (p Page) Offset() int { return (p.Number - 1) * PageSize }

// sql is the page's LIMIT and OFFSET clause.
func (p Page) sql() string { return fmt.Sprintf(" LIMIT %d OFFSET %d", PageSize, p.Offset()) }

// pageOf is the page's part of rows already read whole, in order.
func pageOf[T any](rows []T, p Page) []T {
	lo := min(p.Offset(), len(rows))
	return rows[lo:min(lo+PageSize, len(rows))]
}

// Paged is one page of a list and how many rows the whole list has.
type Paged[T any] struct {
	Rows  []T
	Total int
	Page  Page
}

// Pages is how many pages the whole list fills; an empty list is one
// (empty) page.
func (p Paged[T]) Pages() int { return max(1, (p.Total+PageSize-1)/PageSize) }

// readPage reads page p of a list, named what in errors: count is its
// SELECT COUNT(*) and list its rows in order (the page's LIMIT and OFFSET
// are added), both with args. They run in one read transaction, so the
// total and the rows agree; a page past the end reads no rows.
func readPage[T any](ctx context.Context, db *DB, p Page, what, count, list string, args []any, scan func(scanner, *T) error) (Paged[T], error) {
	out := Paged[T]{Page: p}
	if err := p.Check(); err != nil {
		return out, err
	}
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, count, args...).Scan(&out.Total); err != nil {
			return fmt.Errorf("count %s: %w", what, err)
		}
		if p.Offset() >= out.Total {
			return nil
		}
		var err error
		out.Rows, err = queryAll(ctx, tx, "list "+what, list+p.sql(), args, scan)
		return err
	})
	return out, err
}
