package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"throughline/internal/auth"
)

// Sealing a large backlog (a region just loaded, 1.7 million events at
// scale 75) on PostgreSQL spent most of its time in the multi-row INSERT
// of sealed events: the server parses and plans 12,000 bound values a
// statement, the client encodes each. So on PostgreSQL the sealer's
// transaction holds its connection and writes the sealed events with
// COPY, and a sealer that waits for every pending event (Checkpoint,
// verify, the demo) seals them 20,000 to a transaction rather than 1,000:
// nothing else waits on the sealer's lock but other sealers, and the
// background sealer, which leaves the work to whoever holds it, keeps
// the small batches.

// sealCatchUp bounds one transaction of a sealer that waits.
const sealCatchUp = 20000

// batch is how many events one transaction of this seal seals.
func (s sealing) batch() int {
	if s.wait {
		return sealCatchUp
	}
	return sealBatch
}

// sealTx runs one sealing transaction: on PostgreSQL on a connection it
// holds, so that COPY runs in the transaction.
func (db *DB) sealTx(ctx context.Context, fn func(*Tx) error) error {
	if db.dialect != Postgres || db.copyTuning.off {
		return db.Update(ctx, fn)
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	c := db.newCopier(ctx, conn)
	return db.run(ctx, conn, false, func(t *Tx) error {
		t.copies = c
		return fn(t)
	})
}

// sealedColumns are the columns of a sealed event.
var sealedColumns = []string{"seq", "at", "user_id", "username", "role", "action", "person_id", "record", "relationship", "reason", "prev_hash", "hash"}

// copySealed writes sealed events into the chain with one COPY.
func (t *Tx) copySealed(ctx context.Context, events []auth.Event) error {
	rows := make([][]any, len(events))
	for i, e := range events {
		rows[i] = []any{e.Seq, e.At, e.UserID, e.Username, string(e.Role), e.Action, e.PersonID, e.Record, string(e.Relationship), e.Reason, e.PrevHash, e.Hash}
	}
	err := t.copies.raw(func(pc *pgx.Conn) error {
		n, err := pc.CopyFrom(ctx, pgx.Identifier{"audit_events"}, sealedColumns, pgx.CopyFromRows(rows))
		if err == nil && n != int64(len(rows)) {
			err = fmt.Errorf("wrote %d of %d rows", n, len(rows))
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("seal audit events: %w", err)
	}
	return nil
}
