package indicators

import (
	"strings"
	"testing"

	"throughline/internal/disclosure"
)

func TestComplexity(t *testing.T) {
	three := func(liaison, agency bool, team int) PlanNeeds {
		p := PlanNeeds{Needs: map[string]NeedHolders{}, Liaison: liaison}
		for i, d := range []string{"mental-health", "housing", "money"} {
			p.Needs[d] = NeedHolders{Team: i < team, Agency: agency && i == 2}
		}
		return p
	}
	var plans []PlanNeeds
	for i := range 10 {
		plans = append(plans, three(i < 4, i >= 4 && i < 6, 2)) // 4 liaison, 2 agency actions, 2 of 3 needs held
	}
	plans = append(plans, PlanNeeds{Needs: map[string]NeedHolders{"housing": {Team: true}}}) // one domain: not complex
	got := map[string]string{}
	for _, in := range Complexity(plans).Indicators {
		got[in.Name] = in.Value
	}
	tests := []struct{ name, want string }{
		{"People with needs in 3 or more life domains", "10"},
		{"Of them, with liaison or actions by another agency", disclosure.Hidden}, // 6 of 10: the 4 without could be worked out
		{"Their needs held by the team", "67%"},
	}
	for _, tt := range tests {
		if !strings.HasPrefix(got[tt.name], tt.want) {
			t.Errorf("%s = %q, want %q", tt.name, got[tt.name], tt.want)
		}
	}
	if v := Complexity(nil).Indicators[0].Value; v != "0" {
		t.Errorf("no plans: %q", v)
	}
}
