package care

import "throughline/internal/problem"

// GoalStatusLabel is a goal's status in words.
func GoalStatusLabel(status string) string {
	switch status {
	case GoalAchieved:
		return "Achieved"
	case GoalSetAside:
		return "Set aside"
	}
	return "Active"
}

// CheckStatusChange says whether a goal may move to status: achieved or
// set aside from active, and back to active (reopened) from either.
// Setting a goal aside is a choice the person makes about what matters
// now, not a failure, so it needs no reason.
func (g Goal) CheckStatusChange(status string) error {
	switch status {
	case GoalActive, GoalAchieved, GoalSetAside:
	default:
		return fieldProblem("status", "Choose achieved, set aside or reopen")
	}
	if status == g.Status {
		return problem.Errorf(problem.Conflict, "This goal is already %s; reload to see the latest", lowerFirst(GoalStatusLabel(status)))
	}
	if status != GoalActive && g.Status != GoalActive {
		return problem.Errorf(problem.Conflict, "Reopen this goal before marking it %s", lowerFirst(GoalStatusLabel(status)))
	}
	return nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
