package directory

import (
	"testing"

	"throughline/internal/problem"
)

func TestServiceValidate(t *testing.T) {
	t.Parallel()
	ten, five := 10, 5
	tests := []struct {
		name  string
		s     Service
		field string
	}{
		{"ok", Service{ID: "iapt-north", Name: "Talking Therapies North", Tier: "talking-therapies", Eligibility: map[string][]string{"risk": {"low"}}}, ""},
		{"no id", Service{Name: "x", Tier: "primary"}, "id"},
		{"bad tier", Service{ID: "x", Name: "x", Tier: "tertiary"}, "tier"},
		{"ages", Service{ID: "x", Name: "x", Tier: "primary", MinAge: &ten, MaxAge: &five}, "max_age"},
		{"unknown dimension", Service{ID: "x", Name: "x", Tier: "primary", Eligibility: map[string][]string{"mood": {"low"}}}, "eligibility.mood"},
		{"unknown value", Service{ID: "x", Name: "x", Tier: "primary", Eligibility: map[string][]string{"risk": {"extreme"}}}, "eligibility.risk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if problem.Fields(err)[tt.field] == "" {
				t.Errorf("want problem on %s, got %v", tt.field, err)
			}
		})
	}
}
