package demo

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// staffWordedGoals are goals written the way the language guide exists to
// change: each one is flagged, so the demo shows the summary above saved
// text, the live check when they are edited, and language over time. They
// are written by staff, not in the person's own words.
var staffWordedGoals = []string{
	"Reduce attention-seeking and manipulative behaviour; non-compliant with meds",
	"Stop frequent attender presentations at A&E",
	"Address splitting the team between care coordinator and psychiatrist",
	"Engage with DBT skills group – has refused twice",
	"Manage kicking off on the ward when told no",
	"Reduce time-waster calls to the crisis line",
}

// loadLanguageExamples writes the seed lexicon and some staff-worded goals
// the guide flags, spread over the last six months across the most recently
// started active episodes, including the demo service user's, whose portal
// must still show the goal without any flag.
func loadLanguageExamples(ctx context.Context, db *store.DB, now time.Time) error {
	if _, err := db.LanguageEntries(ctx); err != nil {
		return fmt.Errorf("demo: language guide: %w", err)
	}
	eps, err := db.Episodes(ctx, store.EpisodeFilter{ActiveOnly: true, Limit: 60})
	if err != nil {
		return fmt.Errorf("demo: language guide: %w", err)
	}
	su, err := db.UserByUsername(ctx, "serviceuser")
	if err != nil {
		return fmt.Errorf("demo: language guide: %w", err)
	}
	own, err := db.Episodes(ctx, store.EpisodeFilter{PersonID: su.PersonID, ActiveOnly: true, Limit: 1})
	if err != nil {
		return fmt.Errorf("demo: language guide: %w", err)
	}
	eps = append(own, eps...)
	return db.Update(ctx, func(tx *store.Tx) error {
		for i, e := range eps {
			at := now.AddDate(0, -(i % 6), -1)
			if at.Before(e.StartedAt) {
				// Halfway through a recent episode, never after now.
				at = e.StartedAt.Add(now.Sub(e.StartedAt) / 2)
			}
			worker := auth.Actor{User: auth.User{ID: e.NamedWorkerID, Username: "demo", Role: auth.Clinician}, Relationship: auth.RelCaseload}
			g := care.Goal{PersonID: e.PersonID, EpisodeID: e.ID, Text: staffWordedGoals[i%len(staffWordedGoals)], CreatedAt: at,
				Ratings: []care.GoalRating{{At: at, Rating: 3}}}
			if err := tx.CreateGoal(ctx, worker, &g); err != nil {
				return fmt.Errorf("demo: language guide goal: %w", err)
			}
		}
		return nil
	})
}
