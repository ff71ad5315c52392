package measures

import (
	"fmt"
	"strings"

	"throughline/internal/problem"
)

// MaxEverySessions bounds "every N attended sessions": a year of weekly
// sessions. A longer gap is better written as "at ending" only.
const MaxEverySessions = 52

// Off says whether the rule switches the measure off for its scope.
func (r ScheduleRule) Off() bool {
	return !r.AtAssessment && r.EverySessions == 0 && !r.AtEnding
}

// InWords says when the measure is due under the rule, for screens and
// the record of changes.
func (r ScheduleRule) InWords() string {
	if r.Off() {
		return "switched off"
	}
	var parts []string
	if r.AtAssessment {
		parts = append(parts, "at assessment")
	}
	if r.EverySessions == 1 {
		parts = append(parts, "every attended session")
	} else if r.EverySessions > 1 {
		parts = append(parts, fmt.Sprintf("every %d attended sessions", r.EverySessions))
	}
	if r.AtEnding {
		parts = append(parts, "at the ending of care")
	}
	return strings.Join(parts, ", ")
}

// Validate checks a rule a team manager sets: a measure from the
// catalogue, a known modality (or any), and sessions from 0 (not by
// sessions) to MaxEverySessions. A rule with nothing set is valid: it
// switches the measure off.
func (r ScheduleRule) Validate(modalities []string) error {
	var v problem.Validation
	if _, ok := Catalogue()[r.MeasureID]; !ok {
		v.Add("measure", "Choose a measure")
	}
	if r.Modality != "" {
		known := false
		for _, m := range modalities {
			known = known || m == r.Modality
		}
		if !known {
			v.Add("modality", "Choose a modality from the list, or any modality")
		}
	}
	if r.EverySessions < 0 || r.EverySessions > MaxEverySessions {
		v.Add("every_sessions", fmt.Sprintf("Sessions between measures must be a whole number from 1 to %d, or left empty", MaxEverySessions))
	}
	return v.Err()
}
