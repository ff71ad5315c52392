package store

import (
	"context"

	"throughline/internal/care"
	"throughline/internal/measures"
)

// MeasurePairs compares, for every episode and measure with at least two
// responses, the first with the latest, labelled with the episode's team
// and modality. teamIDs narrows to some teams (nil: all). The result holds
// no identifiers: it feeds aggregate reports only.
func (db *DB) MeasurePairs(ctx context.Context, teamIDs []int64) ([]measures.Pair, error) {
	q := `SELECT r.episode_id, r.measure_id, r.total, r.is_case, t.name, e.modality
		FROM measure_responses r JOIN episodes e ON e.id = r.episode_id JOIN teams t ON t.id = e.team_id WHERE 1 = 1`
	var args []any
	if teamIDs != nil {
		q += ` AND e.team_id IN (0`
		q, args = appendIn(q, args, teamIDs)
		q += `)`
	}
	type key struct {
		episode int64
		measure string
	}
	type series struct {
		team, modality string
		first, latest  measures.Score
		n              int
	}
	by := map[key]*series{}
	var order []key
	err := eachRow(ctx, db, "measure pairs", q+` ORDER BY r.episode_id, r.measure_id, r.taken_at, r.id`, args, func(rows scanner) error {
		var k key
		var s measures.Score
		var team, modality string
		if err := rows.Scan(&k.episode, &k.measure, &s.Total, &s.Case, &team, &modality); err != nil {
			return err
		}
		x, ok := by[k]
		if !ok {
			x = &series{team: team, modality: modality, first: s}
			by[k] = x
			order = append(order, k)
		}
		x.latest = s
		x.n++
		return nil
	})
	if err != nil {
		return nil, err
	}
	cat := measures.Catalogue()
	var out []measures.Pair
	for _, k := range order {
		x := by[k]
		m, ok := cat[k.measure]
		if !ok || x.n < 2 {
			continue
		}
		if x.modality == "" {
			x.modality = care.NotRecorded
		}
		out = append(out, measures.Pair{Team: x.team, Modality: x.modality, Change: m.Compare(x.first, x.latest), CaseAtFirst: x.first.Case})
	}
	return out, nil
}
