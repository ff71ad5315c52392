package store

import (
	"context"
	"database/sql"

	"throughline/internal/care"
)

// EpisodeGoals reads what the care plan page of an episode shows of a
// person's goals: the episode's and those belonging to no episode, each
// with its ratings, in one statement (Goals reads every goal of the
// person, and their ratings in a second).
func (db *DB) EpisodeGoals(ctx context.Context, personID, episodeID int64) ([]care.Goal, error) {
	var goals []care.Goal
	err := eachRow(ctx, db, "list an episode's goals", `SELECT g.id, g.person_id, COALESCE(g.episode_id, 0), g.text, g.own_words, g.status,
		g.created_at, g.version, g.status_changed_at, COALESCE(u.display_name, ''), r.id, r.at, r.rating, r.source, r.note
		FROM goals g LEFT JOIN users u ON u.id = g.status_changed_by LEFT JOIN goal_ratings r ON r.goal_id = g.id
		WHERE g.person_id = ? AND (g.episode_id = ? OR COALESCE(g.episode_id, 0) = 0)
		ORDER BY g.created_at, g.id, r.at, r.id`, []any{personID, episodeID}, func(rows scanner) error {
		var g care.Goal
		var r care.GoalRating
		var ratingID, rating sql.NullInt64
		var source, note sql.NullString
		if err := rows.Scan(&g.ID, &g.PersonID, &g.EpisodeID, &g.Text, &g.OwnWords, &g.Status, dbTime{&g.CreatedAt}, &g.Version,
			dbTime{&g.StatusChangedAt}, &g.StatusChangedBy, &ratingID, dbTime{&r.At}, &rating, &source, &note); err != nil {
			return err
		}
		// A goal's rows come together, one a rating (one with none when it
		// has never been rated).
		if n := len(goals); n == 0 || goals[n-1].ID != g.ID {
			goals = append(goals, g)
		}
		if ratingID.Valid {
			r.ID, r.GoalID, r.Rating, r.Source, r.Note = ratingID.Int64, g.ID, int(rating.Int64), source.String, note.String
			last := &goals[len(goals)-1]
			last.Ratings = append(last.Ratings, r)
		}
		return nil
	})
	return goals, err
}
