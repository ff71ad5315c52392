package care

import (
	"testing"

	"throughline/internal/problem"
)

func TestGoalStatusChange(t *testing.T) {
	tests := []struct {
		from, to string
		want     string // problem code, "" when allowed
	}{
		{GoalActive, GoalAchieved, ""},
		{GoalActive, GoalSetAside, ""},
		{GoalAchieved, GoalActive, ""},
		{GoalSetAside, GoalActive, ""},
		{GoalActive, GoalActive, problem.Conflict},
		{GoalAchieved, GoalAchieved, problem.Conflict},
		{GoalAchieved, GoalSetAside, problem.Conflict},
		{GoalSetAside, GoalAchieved, problem.Conflict},
		{GoalActive, "abandoned", problem.Invalid},
		{GoalActive, "", problem.Invalid},
	}
	for _, tt := range tests {
		err := Goal{Status: tt.from}.CheckStatusChange(tt.to)
		if got := problem.Code(err); got != tt.want {
			t.Errorf("%s → %q: %q (%v), want %q", tt.from, tt.to, got, err, tt.want)
		}
	}
}

func TestGoalStatusLabel(t *testing.T) {
	for status, want := range map[string]string{GoalActive: "Active", GoalAchieved: "Achieved", GoalSetAside: "Set aside", "": "Active"} {
		if got := GoalStatusLabel(status); got != want {
			t.Errorf("GoalStatusLabel(%q) = %q, want %q", status, got, want)
		}
	}
}
