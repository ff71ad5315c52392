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
	return db.goalsWhere(ctx, "list an episode's goals", episodeGoalsWhere, personID, episodeID)
}
