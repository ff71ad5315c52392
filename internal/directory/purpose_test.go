package directory

import (
	"strings"
	"testing"
)

// TestPurposeRulesAreNeverTheOneChange: a homelessness service's housing
// rule is its purpose, so "also accept housing = settled" is not offered;
// the same rule as a threshold is.
func TestPurposeRulesAreNeverTheOneChange(t *testing.T) {
	services := func(purpose []string) []Service {
		return []Service{{ID: "homeless", Name: "Homeless health", Tier: "housing",
			Eligibility: map[string][]string{"housing": {"homeless", "unstable"}}, Purpose: purpose}}
	}
	p := DefaultProfile()
	p.Risk, p.Engagement = "high", "chaotic"
	tests := []struct {
		name    string
		purpose []string
		want    string
	}{
		{"housing as a threshold", nil, "homeless: also accept housing = settled"},
		{"housing as the service's purpose", []string{"housing"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := NewEngine(services(tt.purpose)).OneChange(p)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range changes {
				got = append(got, c.Service.ID+": "+c.Change)
			}
			if strings.Join(got, "; ") != tt.want {
				t.Errorf("one change = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPurposeRoundTripsAndIsChecked(t *testing.T) {
	f, err := ParseFile([]byte(`{"services":[{"id":"youth","name":"Youth","tier":"voluntary","max_age":25,"purpose":["age","locality"],"localities":["S"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Services[0].Purpose; len(got) != 2 || !f.Services[0].IsPurpose("age") || f.Services[0].IsPurpose("risk") {
		t.Errorf("purpose = %v", got)
	}
	b, err := EncodeFile(f)
	if err != nil || !strings.Contains(string(b), `"purpose": [`) {
		t.Fatalf("encoded without purpose: %v\n%s", err, b)
	}
	again, err := ParseFile(b)
	if err != nil || len(again.Services[0].Purpose) != 2 {
		t.Errorf("round trip: %v %+v", err, again.Services)
	}
	if _, err := ParseFile([]byte(`{"services":[{"id":"y","name":"Y","tier":"voluntary","purpose":["mood"]}]}`)); err == nil || !strings.Contains(err.Error(), "Purpose rule mood is not one of") {
		t.Errorf("unknown purpose rule: %v", err)
	}
	if got := Changes(f.Services[0], Service{ID: "youth", Name: "Youth", Tier: "voluntary", MaxAge: f.Services[0].MaxAge, Localities: []string{"S"}}); len(got) != 1 || got[0] != "purpose rules: age, locality → –" {
		t.Errorf("changes = %q", got)
	}
}
