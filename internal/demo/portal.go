package demo

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// loadPortal gives the demo service user a portal that has been used: an
// appointment coming up with their named worker, something they said about
// their care plan (new to the worker), a goal they rated themselves and a
// goal they suggested, through the same store actions the portal uses.
func loadPortal(ctx context.Context, db *store.DB, now time.Time) error {
	clock := db.Now
	db.Now = func() time.Time { return now.UTC() }
	defer func() { db.Now = clock }()
	u, err := db.UserByUsername(ctx, "serviceuser")
	if err != nil {
		return fmt.Errorf("demo portal: the service user: %w", err)
	}
	self := auth.Actor{User: u, Relationship: auth.RelSelf}
	eps, err := db.Episodes(ctx, store.EpisodeFilter{PersonID: u.PersonID, ActiveOnly: true})
	if err != nil || len(eps) == 0 {
		return fmt.Errorf("demo portal: the service user's open episode: %d, %w", len(eps), err)
	}
	ep := eps[0]
	worker := auth.Actor{User: auth.User{ID: ep.NamedWorkerID, Role: auth.Clinician}, Relationship: auth.RelCaseload}
	// Ten working days ahead at 11:00 UTC, clear of the demo's own diary.
	start := atHour(workdays(now, 10), 11)
	ap := care.Appointment{PersonID: u.PersonID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: start, Minutes: 50,
		Location: "Room 2, Elm House, 14 Station Road", StaffIDs: []int64{ep.NamedWorkerID}}
	if err := db.CreateAppointment(ctx, worker, &ap); err != nil {
		return fmt.Errorf("demo portal: appointment: %w", err)
	}
	plan, err := db.CarePlan(ctx, worker, ep.ID)
	if err != nil {
		return fmt.Errorf("demo portal: care plan: %w", err)
	}
	if plan.Version > 0 {
		c := care.PlanComment{PersonID: u.PersonID, Plan: care.PlanCare, PlanID: plan.ID, PlanVersion: plan.Version, Agreement: care.AgreePartly,
			Text: "Most of this is right. I would like more help with money worries before we start on the group."}
		if err := db.AddPlanComment(ctx, self, &c); err != nil {
			return fmt.Errorf("demo portal: plan comment: %w", err)
		}
	}
	goals, err := db.Goals(ctx, u.PersonID)
	if err != nil {
		return err
	}
	for _, g := range goals {
		if g.Status == care.GoalActive {
			if err := db.RateOwnGoal(ctx, self, u.PersonID, &care.GoalRating{GoalID: g.ID, Rating: 6, Note: "A better week"}); err != nil {
				return fmt.Errorf("demo portal: rating: %w", err)
			}
			break
		}
	}
	ask := care.PortalRequest{PersonID: u.PersonID, Kind: care.RequestGoal, Text: "To feel OK going to the shops on my own"}
	if err := db.AddPortalRequest(ctx, self, &ask, u.DisplayName); err != nil {
		return fmt.Errorf("demo portal: request: %w", err)
	}
	return nil
}
