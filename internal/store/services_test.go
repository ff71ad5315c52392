package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func smallDirectory(t testing.TB) directory.File {
	t.Helper()
	b, err := os.ReadFile("../directory/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := directory.ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestImportDirectoryAndHistory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mgr := auth.Actor{User: auth.User{ID: 7, Username: "manager", Role: auth.TeamManager}}
		f := smallDirectory(t)
		sum, err := db.ImportDirectory(ctx, mgr, f)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Created != 4 || sum.Localities != 2 {
			t.Errorf("first import = %+v, want 4 created, 2 localities", sum)
		}
		got, err := db.Services(ctx)
		if err != nil || len(got) != 4 {
			t.Fatalf("services = %d, %v", len(got), err)
		}
		// Re-importing the same file changes nothing.
		if sum, _ := db.ImportDirectory(ctx, mgr, f); sum.Unchanged != 4 || sum.Updated != 0 || sum.Created != 0 {
			t.Errorf("re-import = %+v, want 4 unchanged", sum)
		}
		// A changed threshold is updated, with history.
		f.Services[0].Eligibility["risk"] = []string{"low"}
		f.Services[0].WaitWeeks = 9
		if sum, _ := db.ImportDirectory(ctx, mgr, f); sum.Updated != 1 {
			t.Errorf("changed import = %+v, want 1 updated", sum)
		}
		hist, err := db.ServiceHistory(ctx, "iapt-north")
		if err != nil || len(hist) != 2 {
			t.Fatalf("history = %d entries, %v", len(hist), err)
		}
		if h := hist[0]; h.Username != "manager" || h.Action != "import" ||
			!strings.Contains(h.Summary, "eligibility risk: low, moderate → low") || !strings.Contains(h.Summary, "wait (weeks): 6 → 9") {
			t.Errorf("latest change = %+v", h)
		}
		s, _ := db.Service(ctx, "iapt-north")
		if s.Version != 2 || s.WaitWeeks != 9 || *s.MinAge != 18 {
			t.Errorf("after import = %+v", s)
		}
	})
}

func TestSaveServiceVersionConflict(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := auth.Actor{User: auth.User{ID: 1, Username: "a", Role: auth.TeamManager}}
		if _, err := db.ImportDirectory(ctx, a, smallDirectory(t)); err != nil {
			t.Fatal(err)
		}
		first, _ := db.Service(ctx, "crisis")
		second := first
		first.Barriers = []string{"Phone line busy at night"}
		if err := db.SaveService(ctx, a, &first); err != nil {
			t.Fatal(err)
		}
		second.WaitWeeks = 1
		if got := problem.Code(db.SaveService(ctx, a, &second)); got != problem.Conflict {
			t.Errorf("stale save = %q, want conflict", got)
		}
		saved, _ := db.Service(ctx, "crisis")
		if saved.WaitWeeks != 0 || len(saved.Barriers) != 1 {
			t.Errorf("stale save changed the service: %+v", saved)
		}
		bad := saved
		bad.Tier = "tertiary"
		if got := problem.Code(db.SaveService(ctx, a, &bad)); got != problem.Invalid {
			t.Errorf("invalid save = %q, want invalid", got)
		}
		dup := directory.Service{ID: "crisis", Name: "Again", Tier: "crisis"}
		if got := problem.Code(db.AddService(ctx, a, &dup)); got != problem.Conflict {
			t.Errorf("duplicate add = %q, want conflict", got)
		}
	})
}
