package store

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// CreateGoal adds a goal in the person's own words, with a first rating
// when one is given, audited.
func (t *Tx) CreateGoal(ctx context.Context, a auth.Actor, g *care.Goal) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if g.Status == "" {
		g.Status = care.GoalActive
	}
	if g.CreatedAt.IsZero() {
		g.CreatedAt = t.db.Now()
	}
	g.Version = 1
	var err error
	g.ID, err = t.insertID(ctx, `INSERT INTO goals (person_id, episode_id, text, own_words, status, created_by, created_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		g.PersonID, nullID(g.EpisodeID), g.Text, g.OwnWords, g.Status, nullID(a.User.ID), g.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert goal: %w", err)
	}
	t.remember("goals", goalOwnerSQL, []any{g.ID}, g.PersonID, g.Status) // pgload (bulk_memo.go)
	for i := range g.Ratings {
		g.Ratings[i].GoalID = g.ID
		if err := t.insertRating(ctx, a, &g.Ratings[i]); err != nil {
			return err
		}
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, g.PersonID, fmt.Sprintf("goal/%d", g.ID)))
}

// goalOwnerSQL reads whose a goal is and whether it is still worked on.
const goalOwnerSQL = `SELECT person_id, status FROM goals WHERE id = ?`

// AddGoal adds a goal to an episode that is still open, in one
// transaction with its first rating and audit event.
func (db *DB) AddGoal(ctx context.Context, a auth.Actor, g *care.Goal) error {
	return db.Update(ctx, func(tx *Tx) error {
		if g.EpisodeID != 0 {
			e, err := tx.episode(ctx, g.EpisodeID)
			if err != nil {
				return err
			}
			if err := e.CheckActive(care.ChangeGoals); err != nil {
				return err
			}
		}
		return tx.CreateGoal(ctx, a, g)
	})
}

// RateGoal records how close the person feels to a goal now, audited.
func (db *DB) RateGoal(ctx context.Context, a auth.Actor, r *care.GoalRating) error {
	return db.Update(ctx, func(tx *Tx) error {
		var personID int64
		if err := tx.queryRow(ctx, `SELECT person_id FROM goals WHERE id = ?`, r.GoalID).Scan(&personID); err != nil {
			return notFound(err, "goal")
		}
		if err := tx.insertRating(ctx, a, r); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("goal/%d", r.GoalID)))
	})
}

// insertRating stores a goal rating; its callers audit it with the goal.
func (t *Tx) insertRating(ctx context.Context, a auth.Actor, r *care.GoalRating) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.At.IsZero() {
		r.At = t.db.Now()
	}
	if r.Source == "" {
		r.Source = "care-plan"
	}
	if t.copying() { // pgcopy: COPY in a bulk load on PostgreSQL (bulk_copy.go)
		return t.copyRating(ctx, a, r)
	}
	return t.queryRow(ctx, `INSERT INTO goal_ratings (goal_id, at, rating, source, recorded_by, note) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		r.GoalID, r.At.UTC(), r.Rating, r.Source, nullID(a.User.ID), r.Note).Scan(&r.ID)
}

// Goals lists a person's goals, oldest first, each with its ratings in
// time order. Not audited: the screen that shows them audits the record.
func (db *DB) Goals(ctx context.Context, personID int64) ([]care.Goal, error) {
	return db.goalsWhere(ctx, "list goals", `g.person_id = ?`, personID)
}

// goalsWhere lists the goals that where (over goals g, with args) picks,
// oldest first, each with its ratings in time order (addRatings).
func (db *DB) goalsWhere(ctx context.Context, what, where string, args ...any) ([]care.Goal, error) {
	goals, err := queryAll(ctx, db, what, `SELECT g.id, g.person_id, COALESCE(g.episode_id, 0), g.text, g.own_words, g.status, g.created_at, g.version,
		g.status_changed_at, COALESCE(u.display_name, '')
		FROM goals g LEFT JOIN users u ON u.id = g.status_changed_by WHERE `+where+` ORDER BY g.created_at, g.id`, args, func(rows scanner, g *care.Goal) error {
		return rows.Scan(&g.ID, &g.PersonID, &g.EpisodeID, &g.Text, &g.OwnWords, &g.Status, dbTime{&g.CreatedAt}, &g.Version,
			dbTime{&g.StatusChangedAt}, &g.StatusChangedBy)
	})
	if err != nil {
		return nil, err
	}
	return goals, db.addRatings(ctx, what+": ratings", goals, where, args...)
}

// addRatings reads the ratings of the goals that where (over goals g, with
// args) picks into goals, each goal's in time order. It reads nothing when
// there are no goals.
func (db *DB) addRatings(ctx context.Context, what string, goals []care.Goal, where string, args ...any) error {
	if len(goals) == 0 {
		return nil
	}
	index := make(map[int64]int, len(goals))
	for i, g := range goals {
		index[g.ID] = i
	}
	return eachRow(ctx, db, what, `SELECT r.id, r.goal_id, r.at, r.rating, r.source, r.note FROM goal_ratings r
		JOIN goals g ON g.id = r.goal_id WHERE `+where+` ORDER BY r.at, r.id`, args, func(rows scanner) error {
		var r care.GoalRating
		if err := rows.Scan(&r.ID, &r.GoalID, dbTime{&r.At}, &r.Rating, &r.Source, &r.Note); err != nil {
			return err
		}
		if i, ok := index[r.GoalID]; ok {
			goals[i].Ratings = append(goals[i].Ratings, r)
		}
		return nil
	})
}
