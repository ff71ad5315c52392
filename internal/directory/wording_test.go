package directory

import "testing"

func TestRuleText(t *testing.T) {
	t.Parallel()
	n := func(i int) *int { return &i }
	s := &Service{MinAge: n(18), Localities: []string{"N", "S"}, Eligibility: map[string][]string{"risk": {"low", "moderate"}}}
	tests := []struct {
		svc  *Service
		dim  string
		want string
	}{
		{s, "age", "18 and over"},
		{s, "locality", "N, S"},
		{s, "risk", "low, moderate"},
		{s, "engagement", "Any"},
		{&Service{}, "age", "Any age"},
		{&Service{}, "locality", "Whole region"},
		{&Service{MaxAge: n(25)}, "age", "Up to 25"},
		{&Service{MinAge: n(16), MaxAge: n(25)}, "age", "16 to 25"},
	}
	for _, tt := range tests {
		if got := RuleText(tt.svc, tt.dim); got != tt.want {
			t.Errorf("RuleText(%s) = %q, want %q", tt.dim, got, tt.want)
		}
	}
}
