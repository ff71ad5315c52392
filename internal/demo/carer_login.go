package demo

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// loadCarerLogin gives the demo service user a sister they chose to share
// their crisis plan and upcoming appointments with, and gives her the demo
// "carer" sign-in, recorded by the service user's named worker.
func loadCarerLogin(ctx context.Context, db *store.DB, opt Options, sum *Summary) error {
	person, err := db.UserByUsername(ctx, "serviceuser")
	if err != nil {
		return fmt.Errorf("demo carer: the service user: %w", err)
	}
	eps, err := db.Episodes(ctx, store.EpisodeFilter{PersonID: person.PersonID, ActiveOnly: true, Limit: 1})
	if err != nil || len(eps) == 0 {
		return fmt.Errorf("demo carer: the service user's episode: %d found, %v", len(eps), err)
	}
	worker, err := db.UserByID(ctx, eps[0].NamedWorkerID)
	if err != nil {
		return fmt.Errorf("demo carer: the named worker: %w", err)
	}
	a := auth.Actor{User: worker, Relationship: auth.RelCaseload}
	plan, err := db.CrisisPlan(ctx, a, person.PersonID)
	if err != nil {
		return fmt.Errorf("demo carer: crisis plan: %w", err)
	}
	if plan.Version == 0 {
		plan = care.CrisisPlan{PersonID: person.PersonID, WarningSigns: "I go quiet, stop answering my phone and stop eating properly",
			ICanDo: "Use my distress plan; text my sister", OthersCanDo: "Check in with a text, without pushing", Helps: "A walk and a cup of tea",
			DoesNotHelp: "Being told to calm down", Contacts: []care.CrisisContact{{Name: "Crisis line", Role: "24-hour mental health line", Phone: "0800 123 4567", Hours: "Any time"}}}
		if err := db.SaveCrisisPlan(ctx, a, &plan); err != nil {
			return fmt.Errorf("demo carer: save crisis plan: %w", err)
		}
	}
	c := care.Carer{PersonID: person.PersonID, Name: "Maya Reed", Relationship: "sister", Contact: "07700 900123",
		Share: care.CarerShare{CrisisPlan: true, Appointments: true}, ConsentOn: opt.Now}
	if err := db.AddCarer(ctx, a, &c); err != nil {
		return fmt.Errorf("demo carer: add carer: %w", err)
	}
	u := auth.User{Username: "carer", DisplayName: c.Name, PasswordHash: opt.PasswordHash}
	if err := db.CreateCarerSignIn(ctx, a, person.PersonID, c.ID, &u); err != nil {
		return fmt.Errorf("demo carer: sign-in: %w", err)
	}
	// Demo logins go straight in with the shared demo password.
	if err := db.ChangePassword(ctx, u, opt.PasswordHash, ""); err != nil {
		return fmt.Errorf("demo carer: password: %w", err)
	}
	sum.Logins = append(sum.Logins, Login{auth.Carer, "carer", c.Name + ", sister of " + person.DisplayName + ": sees the crisis plan and upcoming appointments she shares"})
	return nil
}
