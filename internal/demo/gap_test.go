package demo_test

import (
	"context"
	"slices"
	"testing"

	"throughline/internal/directory"
	"throughline/internal/store"
)

// checkGap checks the directory covers every tier and has the gap the demo
// is built to show: moderate or high risk, chaotic engagement and no or an
// uncertain diagnosis are accepted by no non-crisis service.
func checkGap(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	svcs, err := db.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tiers := map[string]bool{}
	for _, s := range svcs {
		tiers[s.Tier] = true
	}
	for _, tier := range directory.Tiers {
		if !tiers[tier] {
			t.Errorf("no service in tier %s", tier)
		}
	}
	tests := []struct {
		name    string
		profile map[string]string
		wantGap bool
	}{
		{"low risk, able", map[string]string{"risk": "low", "engagement": "able", "diagnosis": "none"}, false},
		{"low risk, chaotic", map[string]string{"risk": "low", "engagement": "chaotic", "diagnosis": "none"}, false},
		{"high risk, variable, cen", map[string]string{"risk": "high", "engagement": "variable", "diagnosis": "cen"}, false},
	}
	for _, risk := range []string{"moderate", "high"} {
		for _, diag := range []string{"none", "uncertain"} {
			tests = append(tests, struct {
				name    string
				profile map[string]string
				wantGap bool
			}{risk + " risk, chaotic, " + diag, map[string]string{"risk": risk, "engagement": "chaotic", "diagnosis": diag}, true})
		}
	}
	for _, tt := range tests {
		for _, cx := range directory.Dimensions["complexity"] {
			for _, dur := range directory.Dimensions["duration_needed"] {
				for _, housing := range []string{"settled", "unstable"} {
					for _, su := range []string{"none", "co-occurring"} {
						for _, age := range []int{18, 30, 64} {
							p := map[string]string{"complexity": cx, "duration_needed": dur, "housing": housing, "substance_use": su}
							for k, v := range tt.profile {
								p[k] = v
							}
							var got []string
							for _, s := range svcs {
								if s.Tier != "crisis" && accepts(s, p, age) {
									got = append(got, s.ID)
								}
							}
							if gotGap := len(got) == 0; gotGap != tt.wantGap {
								t.Errorf("%s %v age %d: accepted by %v, want in gap %v", tt.name, p, age, got, tt.wantGap)
							}
						}
					}
				}
			}
		}
	}
}

// accepts applies a service's eligibility to a profile the way the gap
// engine does, with locality "any".
func accepts(s directory.Service, profile map[string]string, age int) bool {
	if (s.MinAge != nil && age < *s.MinAge) || (s.MaxAge != nil && age > *s.MaxAge) {
		return false
	}
	for dim, allowed := range s.Eligibility {
		if !slices.Contains(allowed, profile[dim]) {
			return false
		}
	}
	return true
}
