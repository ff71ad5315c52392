package store

import (
	"context"

	"throughline/internal/care"
)

// episodeGoalsWhere picks the goals the care plan of an episode shows: the
// episode's own and those belonging to no episode.
const episodeGoalsWhere = `g.person_id = ? AND (g.episode_id = ? OR COALESCE(g.episode_id, 0) = 0)`

// EpisodeGoals reads what the care plan page of an episode shows of a
// person's goals, each with its ratings (Goals reads every goal of the
// person). The ratings are a statement of their own, made only when there
// are goals: joined to their goals in one statement, each of a goal's
// dozens of ratings carried the goal's text and two times again, and the
// page's read took twice as long for someone with rated goals.
func (db *DB) EpisodeGoals(ctx context.Context, personID, episodeID int64) ([]care.Goal, error) {
	goals, err := queryAll(ctx, db, "list an episode's goals", `SELECT g.id, g.person_id, COALESCE(g.episode_id, 0), g.text, g.own_words, g.status,
		g.created_at, g.version, g.status_changed_at, COALESCE(u.display_name, '')
		FROM goals g LEFT JOIN users u ON u.id = g.status_changed_by
		WHERE `+episodeGoalsWhere+` ORDER BY g.created_at, g.id`, []any{personID, episodeID}, func(rows scanner, g *care.Goal) error {
		return rows.Scan(&g.ID, &g.PersonID, &g.EpisodeID, &g.Text, &g.OwnWords, &g.Status, dbTime{&g.CreatedAt}, &g.Version,
			dbTime{&g.StatusChangedAt}, &g.StatusChangedBy)
	})
	if err != nil || len(goals) == 0 {
		return goals, err
	}
	index := make(map[int64]int, len(goals))
	for i, g := range goals {
		index[g.ID] = i
	}
	err = eachRow(ctx, db, "list an episode's goal ratings", `SELECT r.id, r.goal_id, r.at, r.rating, r.source, r.note
		FROM goal_ratings r JOIN goals g ON g.id = r.goal_id
		WHERE `+episodeGoalsWhere+` ORDER BY r.at, r.id`, []any{personID, episodeID}, func(rows scanner) error {
		var r care.GoalRating
		if err := rows.Scan(&r.ID, &r.GoalID, dbTime{&r.At}, &r.Rating, &r.Source, &r.Note); err != nil {
			return err
		}
		if i, ok := index[r.GoalID]; ok {
			goals[i].Ratings = append(goals[i].Ratings, r)
		}
		return nil
	})
	return goals, err
}
