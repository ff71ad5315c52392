package web

import (
	"testing"

	"throughline/internal/directory"
)

func TestChosenTeam(t *testing.T) {
	teams := []directory.Team{{ID: 3, Name: "C"}, {ID: 5, Name: "E"}, {ID: 9, Name: "I"}}
	tests := []struct {
		name      string
		teams     []directory.Team
		asked     string
		preferred []int64
		want      int64
		ok        bool
	}{
		{"asked for", teams, "9", []int64{5}, 9, true},
		{"asked for, not one of them", teams, "4", []int64{5}, 5, true},
		{"not a number", teams, "x", nil, 3, true},
		{"the first preferred that is one of them", teams, "", []int64{7, 9, 5}, 9, true},
		{"none preferred", teams, "", []int64{7}, 3, true},
		{"no teams", nil, "3", []int64{3}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := chosenTeam(tc.teams, tc.asked, tc.preferred)
			if got.ID != tc.want || ok != tc.ok {
				t.Errorf("chosenTeam = %d, %v; want %d, %v", got.ID, ok, tc.want, tc.ok)
			}
		})
	}
}
