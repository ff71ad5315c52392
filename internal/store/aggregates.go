package store

import (
	"context"
	"fmt"
	"throughline/internal/care"
)

// Count is one cell of an aggregate table: never a person, only a number.
type Count struct {
	Row, Col string
	N        int
}

// aggregate is a grouped count: its query returns (row, col, n).
type aggregate struct {
	q    string
	args []any
}

// aggregates are the only grouped counts commissioners see. Wording shown
// to people, such as care.NotRecorded, is passed in rather than written in
// the SQL, so it has one spelling.
var aggregates = map[string]aggregate{
	"referrals-by-tier-status": {q: `SELECT s.tier, r.status, COUNT(*) FROM referrals r JOIN services s ON s.id = r.service_id GROUP BY s.tier, r.status ORDER BY s.tier, r.status`},
	"people-by-locality": {q: `SELECT COALESCE(l.name, CASE WHEN p.locality = '' THEN ? ELSE p.locality END), '', COUNT(*)
		FROM people p LEFT JOIN localities l ON l.code = p.locality GROUP BY 1 ORDER BY 1`, args: []any{care.NotRecorded}},
	"episodes-by-team-modality": {q: `SELECT t.name, CASE WHEN e.modality = '' THEN e.pathway ELSE e.modality END, COUNT(*) FROM episodes e JOIN teams t ON t.id = e.team_id
		WHERE e.ended_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`},
}

// Aggregate runs one named aggregate.
func (db *DB) Aggregate(ctx context.Context, name string) ([]Count, error) {
	agg, ok := aggregates[name]
	if !ok {
		return nil, fmt.Errorf("unknown aggregate %q", name)
	}
	return queryAll(ctx, db, fmt.Sprintf("aggregate %s", name), agg.q, agg.args, func(rows scanner, c *Count) error {
		return rows.Scan(&c.Row, &c.Col, &c.N)
	})
}
