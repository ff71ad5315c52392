package scenario

import (
	"slices"
	"testing"

	"throughline/internal/directory"
)

func TestDiffWithAndDescribe(t *testing.T) {
	t.Parallel()
	eighteen, twentyFive := 18, 25
	base := directory.Service{ID: "vol", Name: "Voluntary", Tier: "voluntary", MinAge: &eighteen, MaxAge: &twentyFive,
		Eligibility: map[string][]string{"engagement": {"able", "variable"}, "risk": {"low"}}}
	tests := []struct {
		name     string
		edit     func(s *directory.Service)
		wantDesc []string
	}{
		{"same rules in another order", func(s *directory.Service) {
			s.Eligibility = map[string][]string{"engagement": {"variable", "able"}, "risk": {"low"}}
		}, nil},
		{"widen a dimension", func(s *directory.Service) {
			s.Eligibility = map[string][]string{"engagement": {"able", "variable", "chaotic"}, "risk": {"low"}}
		}, []string{"Engagement: able, variable → able, variable, chaotic"}},
		{"remove a rule", func(s *directory.Service) { s.Eligibility = map[string][]string{"engagement": {"able", "variable"}} }, []string{"Risk: low → Any"}},
		{"no maximum age", func(s *directory.Service) { s.MaxAge = nil }, []string{"Age: 18 to 25 → 18 and over"}},
		{"localities and tier", func(s *directory.Service) { s.Localities = []string{"N"}; s.Tier = "secondary" },
			[]string{"Localities: Whole region → N", "Tier: voluntary → secondary"}},
	}
	for _, tt := range tests {
		after := base
		after.Eligibility = map[string][]string{}
		for k, v := range base.Eligibility {
			after.Eligibility[k] = slices.Clone(v)
		}
		tt.edit(&after)
		c := Diff(base, after)
		if got := Describe(c, base); !slices.Equal(got, tt.wantDesc) {
			t.Errorf("%s: Describe = %q, want %q", tt.name, got, tt.wantDesc)
		}
		sc := Scenario{Changes: []Change{{Service: "other", Tier: Set[string]{Set: true, Value: "crisis"}}}}.With(c)
		if got, want := len(sc.Changes), 1+len(tt.wantDesc[:min(1, len(tt.wantDesc))]); got != want {
			t.Errorf("%s: With gave %d changes, want %d", tt.name, got, want)
		}
		// Applying the diff to the old rules gives the new ones.
		applied, err := Scenario{Changes: []Change{c}}.Apply([]directory.Service{base})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !Diff(applied[0], after).Empty() {
			t.Errorf("%s: applying the diff did not reach the edited rules", tt.name)
		}
	}
	// With replaces a service's change and an empty change removes it.
	sc := Scenario{}.With(Change{Service: "vol", Tier: Set[string]{Set: true, Value: "crisis"}})
	sc = sc.With(Change{Service: "vol", Tier: Set[string]{Set: true, Value: "secondary"}})
	if c, ok := sc.Change("vol"); !ok || len(sc.Changes) != 1 || c.Tier.Value != "secondary" {
		t.Errorf("With did not replace: %+v", sc)
	}
	if sc = sc.With(Change{Service: "vol"}); len(sc.Changes) != 0 {
		t.Errorf("empty change kept: %+v", sc)
	}
}
