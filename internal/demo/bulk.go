package demo

import (
	"context"

	"throughline/internal/store"
)

// bulk runs fn in one store bulk transaction, and gives it a context for
// its statements that is never cancelled: the SQLite driver starts a
// goroutine for each statement run with a context that can be, to
// interrupt it, and over millions of rows that was about a tenth of a
// load. Cancelling ctx still stops the load at once: the transaction,
// begun with ctx, rolls back and its next statement fails, and the next
// transaction does not begin.
func bulk(ctx context.Context, db *store.DB, fn func(context.Context, *store.Tx) error) error {
	return db.Bulk(ctx, func(tx *store.Tx) error {
		return fn(context.WithoutCancel(ctx), tx)
	})
}
