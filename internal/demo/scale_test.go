package demo_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"throughline/internal/demo"
	"throughline/internal/store/storetest"
)

// scaleTables are the tables whose rows a region's scale multiplies.
var scaleTables = []string{"people", "referrals", "referral_events", "episodes", "appointments", "tasks", "goals",
	"measure_responses", "care_plans", "crisis_plans", "audit_events", "users", "teams"}

// loadSmall builds a region of scale with anyDayPeople people per unit and
// returns its summary, its row counts and a hash of every row of scaleTables.
func loadSmall(t *testing.T, opt demo.Options, scale int) (demo.Summary, map[string]int, string) {
	t.Helper()
	opt.Scale, opt.People = scale, anyDayPeople
	path := filepath.Join(t.TempDir(), "demo.db")
	db := storetest.Open(t, path)
	sum, err := demo.Load(context.Background(), db, opt)
	if err != nil {
		t.Fatalf("Load at scale %d: %v", scale, err)
	}
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		t.Fatalf("audit chain at scale %d: %v", scale, err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	counts := map[string]int{}
	h := sha256.New()
	for _, table := range scaleTables {
		rows, err := raw.Query(`SELECT * FROM ` + table + ` ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			counts[table]++
			fmt.Fprintf(h, "%s %v\n", table, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return sum, counts, fmt.Sprintf("%x", h.Sum(nil))
}

// TestScale loads a small region at scale 1 and twice at scale 2: scale 2
// has twice the people and about twice everything that happens to them,
// more staff in more teams, and the same seed gives the same rows.
func TestScale(t *testing.T) {
	t.Parallel()
	opt := options(t, 2026) // one password hash: each hash has its own salt
	one, oneRows, _ := loadSmall(t, opt, 1)
	two, twoRows, hash := loadSmall(t, opt, 2)
	_, againRows, again := loadSmall(t, opt, 2)
	frontDoor := 11
	if got, want := two.People-frontDoor, 2*(one.People-frontDoor); got != want {
		t.Errorf("people at scale 2 = %d, want %d (twice scale 1's %d, beside the front door's %d)", got, want, one.People-frontDoor, frontDoor)
	}
	for _, table := range []string{"referrals", "referral_events", "episodes", "appointments", "goals", "measure_responses", "care_plans", "audit_events"} {
		ratio := float64(twoRows[table]) / float64(oneRows[table])
		if ratio < 1.6 || ratio > 2.4 {
			t.Errorf("%s: %d at scale 2, %d at scale 1: ratio %.2f, want about 2", table, twoRows[table], oneRows[table], ratio)
		}
	}
	if two.Teams <= one.Teams || two.Staff <= one.Staff {
		t.Errorf("scale 2 has %d teams and %d staff, scale 1 %d and %d: want more of both", two.Teams, two.Staff, one.Teams, one.Staff)
	}
	if got, want := twoRows["teams"], two.Teams; got != want {
		t.Errorf("teams stored = %d, summary says %d", got, want)
	}
	if hash != again {
		t.Errorf("two loads at scale 2 with seed 2026 differ: rows %v and %v", twoRows, againRows)
	}
}
