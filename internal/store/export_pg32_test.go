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

// ReadTogetherForTest runs queries that each give one text column through
// readTogether, and returns their rows in order.
func (db *DB) ReadTogetherForTest(ctx context.Context, queries ...string) ([]string, error) {
	var out []string
	steps := make([]readStep, len(queries))
	for i, q := range queries {
		steps[i] = collect(&out, "test read", q, nil, func(s scanner, v *string) error { return s.Scan(v) })
	}
	err := db.readTogether(ctx, steps...)
	return out, err
}

// PendingCheckForTest is the query the background sealer asks first,
// whether anything waits to be sealed.
const PendingCheckForTest = pendingCheck
