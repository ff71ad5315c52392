package store

import (
	"context"

	"throughline/internal/care"
	"throughline/internal/indicators"
)

// EpisodeChangeFacts counts the episode changes (step up or down, modality,
// team, worker) recorded in the period on episodes of the scope's teams,
// by kind, in one grouped read.
func (db *DB) EpisodeChangeFacts(ctx context.Context, sc IndicatorScope, p indicators.Period) (map[care.EpisodeEventKind]int, error) {
	teams, teamArgs := sc.teamsIn()
	out := map[care.EpisodeEventKind]int{}
	q := `SELECT ev.kind, COUNT(*) FROM episode_events ev JOIN episodes e ON e.id = ev.episode_id
		WHERE ev.at >= ? AND ev.at < ? AND e.team_id IN ` + teams + ` GROUP BY ev.kind`
	err := eachRow(ctx, db, "episode changes", q, append([]any{p.From.UTC(), p.To.AddDate(0, 0, 1).UTC()}, teamArgs...), func(s scanner) error {
		var kind string
		var n int
		if err := s.Scan(&kind, &n); err != nil {
			return err
		}
		out[care.EpisodeEventKind(kind)] = n
		return nil
	})
	return out, err
}
