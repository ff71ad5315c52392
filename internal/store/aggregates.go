package store

import (
	"context"
	"fmt"
)

// Count is one cell of an aggregate table: never a person, only a number.
type Count struct {
	Row, Col string
	N        int
}

// aggregates are the only grouped counts commissioners see; each query
// returns (row, col, n).
var aggregates = map[string]string{
	"referrals-by-tier-status": `SELECT s.tier, r.status, COUNT(*) FROM referrals r JOIN services s ON s.id = r.service_id GROUP BY s.tier, r.status ORDER BY s.tier, r.status`,
	"people-by-locality": `SELECT COALESCE(l.name, CASE WHEN p.locality = '' THEN 'Not recorded' ELSE p.locality END), '', COUNT(*)
		FROM people p LEFT JOIN localities l ON l.code = p.locality GROUP BY 1 ORDER BY 1`,
	"episodes-by-team-modality": `SELECT t.name, CASE WHEN e.modality = '' THEN e.pathway ELSE e.modality END, COUNT(*) FROM episodes e JOIN teams t ON t.id = e.team_id
		WHERE e.ended_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
}

// Aggregate runs one named aggregate.
func (db *DB) Aggregate(ctx context.Context, name string) ([]Count, error) {
	q, ok := aggregates[name]
	if !ok {
		return nil, fmt.Errorf("unknown aggregate %q", name)
	}
	return queryAll(ctx, db, fmt.Sprintf("aggregate %s", name), q, nil, func(rows scanner, c *Count) error {
		return rows.Scan(&c.Row, &c.Col, &c.N)
	})
}
