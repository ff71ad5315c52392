package store_test

import (
	"context"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestContactPrefsVersioned: each save is a new version kept in the
// history; a save from a stale version is refused and changes nothing;
// bad input is refused with the field named.
func TestContactPrefsVersioned(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, worker, _ := region(t, db)
		staff := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		p := mustPerson(t, db, "Ash")
		got, err := db.ContactPrefs(ctx, staff, p.ID)
		if err != nil || got.Version != 0 || got.Wants(care.ChannelText) {
			t.Fatalf("before any save = %+v, %v", got, err)
		}
		first := care.ContactPrefs{PersonID: p.ID, Mobile: "+44 7700 900123", Text: true}
		if err := db.SaveContactPrefs(ctx, staff, &first); err != nil {
			t.Fatal(err)
		}
		stale := first
		stale.Version = 0
		if err := db.SaveContactPrefs(ctx, staff, &stale); problem.Code(err) != problem.Conflict {
			t.Errorf("second first save: %v, want conflict", err)
		}
		second := first
		second.Email, second.EmailOK, second.Times = "ash@example.com", true, care.ContactEvenings
		if err := db.SaveContactPrefs(ctx, staff, &second); err != nil {
			t.Fatal(err)
		}
		old := first
		old.Text = false
		if err := db.SaveContactPrefs(ctx, staff, &old); problem.Code(err) != problem.Conflict {
			t.Errorf("save from version 1 after version 2: %v, want conflict", err)
		}
		bad := second
		bad.Mobile = "020 7946 0000"
		if err := db.SaveContactPrefs(ctx, staff, &bad); problem.Fields(err)["mobile"] == "" {
			t.Errorf("landline: %v, want an error on mobile", err)
		}
		got, err = db.ContactPrefs(ctx, staff, p.ID)
		if err != nil || got.Version != 2 || got.Mobile != "07700 900123" || !got.Text || got.Email != "ash@example.com" || got.Times != care.ContactEvenings || got.ChangedBy != worker.DisplayName {
			t.Errorf("current = %+v, %v", got, err)
		}
		hist, err := db.ContactPrefsHistory(ctx, staff, p.ID)
		if err != nil || len(hist) != 2 || hist[0].Version != 2 || hist[1].Version != 1 || hist[1].Email != "" {
			t.Errorf("history = %+v, %v", hist, err)
		}
	})
}
