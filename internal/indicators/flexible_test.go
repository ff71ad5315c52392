package indicators

import (
	"testing"

	"throughline/internal/care"
	"throughline/internal/disclosure"
)

func TestFlexible(t *testing.T) {
	s := Flexible(map[care.EpisodeEventKind]int{care.EventStepUp: 6, care.EventStepDown: 5, care.EventModality: 3, care.EventReassign: 40})
	tests := []struct{ name, want string }{
		{"Changes of intensity without a new referral", "10"},
		{"Changes of therapy without a new referral", disclosure.Hidden},
		{"Moves between teams without a new referral", "0"},
		{"Contacts at the person's preferred time or way", PreferredContactNotRecorded},
	}
	got := map[string]string{}
	for _, in := range s.Indicators {
		got[in.Name] = in.Value
	}
	for _, tt := range tests {
		if got[tt.name] != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, got[tt.name], tt.want)
		}
	}
}
