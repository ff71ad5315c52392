package care

import (
	"strings"
	"testing"

	"throughline/internal/problem"
)

func TestDeclineOnwardCriteria(t *testing.T) {
	t.Parallel()
	const why = "They run a women's group that Aoife asked about, and have agreed to see her"
	tests := []struct {
		name    string
		d       Decline
		accepts bool
		want    string // the reason kept, or "!" for a problem
	}{
		{"a service that accepts the person", Decline{OnwardServiceID: "mind"}, true, ""},
		{"a reason for one that accepts is not kept", Decline{OnwardServiceID: "mind", OutsideCriteria: why}, true, ""},
		{"outside its criteria without a reason", Decline{OnwardServiceID: "womens-centre"}, false, "!"},
		{"outside its criteria with only spaces", Decline{OnwardServiceID: "womens-centre", OutsideCriteria: "  \n "}, false, "!"},
		{"outside its criteria with a reason", Decline{OnwardServiceID: "womens-centre", OutsideCriteria: "  " + why + " "}, false, why},
		{"a reason too long", Decline{OnwardServiceID: "womens-centre", OutsideCriteria: strings.Repeat("a", 1001)}, false, "!"},
		{"a written exception has no service to judge", Decline{OnwardException: "Moved away"}, false, ""},
	}
	for _, tt := range tests {
		d := tt.d
		err := d.CheckOnwardCriteria(tt.accepts)
		if tt.want == "!" {
			if problem.Fields(err)["onward_outside_reason"] == "" {
				t.Errorf("%s: %v, want a problem with onward_outside_reason", tt.name, err)
			}
			continue
		}
		if err != nil || d.OutsideCriteria != tt.want {
			t.Errorf("%s: reason %q, %v; want %q", tt.name, d.OutsideCriteria, err, tt.want)
		}
	}
}
