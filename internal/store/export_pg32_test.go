package store

import (
	"context"

	"throughline/internal/auth"
)

// AppendReadsForTest commits events as one group, as the group commit of
// reads' audit events does.
func (db *DB) AppendReadsForTest(ctx context.Context, events []auth.Event) error {
	return db.appendReads(ctx, events)
}
