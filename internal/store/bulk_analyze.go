package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"
)

// analyzeGrown refreshes PostgreSQL's statistics of each table a bulk
// load has just grown by half or more. The planner plans from them,
// and a region loads in many transactions each reading what the last
// wrote: planned from the statistics of a table a tenth of its size, a
// person's goal ratings were read by scanning every rating (20 ms a
// person at scale 10, and more as the region grows). Autovacuum catches
// up only a minute or so later. Each table is analysed about once each
// time it grows by half, so the work stays a small part of the load.
// audit_pending is a queue the sealer empties: its statistics do not
// stay true long enough to be worth it.
func (db *DB) analyzeGrown(ctx context.Context, copied map[string]int) error {
	if len(copied) == 0 {
		return nil
	}
	delete(copied, "audit_pending")
	tables := slices.Sorted(maps.Keys(copied))
	rows, err := db.write.QueryContext(ctx, `SELECT relname, reltuples FROM pg_class
		WHERE relname = ANY($1) AND relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')`, tables)
	if err != nil {
		return fmt.Errorf("bulk: table sizes: %w", err)
	}
	size := map[string]float64{}
	for rows.Next() {
		var name string
		var n float64
		if err := rows.Scan(&name, &n); err != nil {
			rows.Close()
			return fmt.Errorf("bulk: table sizes: %w", err)
		}
		size[name] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("bulk: table sizes: %w", err)
	}
	for _, table := range tables {
		n, ok := size[table]
		if !ok || float64(copied[table]) < 0.5*n { // n is -1 for a table never analysed
			continue
		}
		if _, err := db.write.ExecContext(ctx, `ANALYZE `+pgx.Identifier{table}.Sanitize()); err != nil {
			return fmt.Errorf("bulk: refresh the planner's statistics of %s: %w", table, err)
		}
	}
	return nil
}
