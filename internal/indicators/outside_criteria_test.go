package indicators

import (
	"testing"

	"throughline/internal/care"
	"throughline/internal/disclosure"
)

func TestOutsideCriteriaCountedApart(t *testing.T) {
	t.Parallel()
	declines := func(outside, inside, exception int) []Referral {
		var out []Referral
		for range outside {
			out = append(out, Referral{Decision: care.DecisionDeclined, OnwardService: true, OutsideCriteria: true})
		}
		for range inside {
			out = append(out, Referral{Decision: care.DecisionDeclined, OnwardService: true})
		}
		for range exception {
			out = append(out, Referral{Decision: care.DecisionDeclined, OnwardException: true})
		}
		return out
	}
	tests := []struct {
		name                       string
		outside, inside, exception int
		want                       string
	}{
		{"none", 0, 12, 3, "0% (0 of 15)"},
		{"a few, suppressed", 2, 12, 3, disclosure.Hidden},
		{"many", 20, 30, 10, "33% (20 of 60)"},
	}
	for _, tt := range tests {
		var got *Indicator
		for _, s := range Compute(Facts{Declines: declines(tt.outside, tt.inside, tt.exception)}).Sections {
			for i, ind := range s.Indicators {
				if ind.Name == "Onward route outside the service's criteria" {
					got = &s.Indicators[i]
				}
			}
		}
		if got == nil {
			t.Fatalf("%s: the report has no count of onward routes outside the service's criteria", tt.name)
		}
		if got.Value != tt.want {
			t.Errorf("%s: value %q, want %q", tt.name, got.Value, tt.want)
		}
	}
}
