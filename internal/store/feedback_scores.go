package store

import (
	"context"
	"time"

	"throughline/internal/care"
)

// FeedbackScores tallies the Friends and Family Test answers about each of
// teamIDs given from from to before to, leaving out what the spam checks
// kept out; hidden feedback still counts, as hiding is about its words.
// The caller discloses the counts (internal/disclosure).
func (db *DB) FeedbackScores(ctx context.Context, teamIDs []int64, from, to time.Time) ([]care.FFTScore, error) {
	q, args := `SELECT team_id, answer, COUNT(*) FROM feedback WHERE spam = '' AND created_at >= ? AND created_at < ? AND team_id IN (0`, []any{from, to}
	q, args = appendIn(q, args, teamIDs)
	q += `) GROUP BY team_id, answer`
	byTeam := map[int64]map[care.FFTAnswer]int{}
	err := eachRow(ctx, db, "feedback scores", q, args, func(rows scanner) error {
		var team int64
		var answer string
		var n int
		if err := rows.Scan(&team, &answer, &n); err != nil {
			return err
		}
		if byTeam[team] == nil {
			byTeam[team] = map[care.FFTAnswer]int{}
		}
		byTeam[team][care.FFTAnswer(answer)] = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]care.FFTScore, 0, len(teamIDs))
	for _, id := range teamIDs {
		out = append(out, care.FFTScore{TeamID: id, Counts: byTeam[id]})
	}
	return out, nil
}
