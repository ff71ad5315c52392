// Package safety keeps Throughline's clinical hazard log (DCB0129) as data
// beside the code, checks that every design control names tests that exist
// and passed, and writes the clinical safety case report from the evidence.
// It is pure Go: the log is embedded, tests are found by parsing source and
// results are read from `go test -json`.
package safety

import (
	"fmt"
	"strings"
)

// Severity is the consequence of a hazard for a person, on DCB0129's scale.
type Severity int

// Severities, least to most severe.
const (
	Minor Severity = iota + 1
	Significant
	Considerable
	Major
	Catastrophic
)

// Likelihood is how likely the hazard is to cause harm, on DCB0129's scale.
type Likelihood int

// Likelihoods, least to most likely.
const (
	VeryLow Likelihood = iota + 1
	Low
	Medium
	High
	VeryHigh
)

var severityNames = []string{"", "minor", "significant", "considerable", "major", "catastrophic"}
var likelihoodNames = []string{"", "very low", "low", "medium", "high", "very high"}

func (s Severity) String() string {
	if s < Minor || s > Catastrophic {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

func (l Likelihood) String() string {
	if l < VeryLow || l > VeryHigh {
		return fmt.Sprintf("likelihood(%d)", int(l))
	}
	return likelihoodNames[l]
}

// ParseSeverity reads a severity by its DCB0129 name, any case.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(strings.TrimSpace(s), n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q: want one of %s", s, strings.Join(severityNames[1:], ", "))
}

// ParseLikelihood reads a likelihood by its DCB0129 name, any case.
func ParseLikelihood(s string) (Likelihood, error) {
	for i, n := range likelihoodNames {
		if i > 0 && strings.EqualFold(strings.TrimSpace(s), n) {
			return Likelihood(i), nil
		}
	}
	return 0, fmt.Errorf("unknown likelihood %q: want one of %s", s, strings.Join(likelihoodNames[1:], ", "))
}

// Risk is the clinical risk rating from 1 (acceptable) to 5 (unacceptable).
type Risk int

// riskMatrix is DCB0129's 5×5 matrix: rows by likelihood (very low first),
// columns by severity (minor first).
var riskMatrix = [5][5]Risk{
	{1, 1, 2, 2, 3}, // very low
	{1, 2, 2, 3, 4}, // low
	{2, 2, 3, 3, 4}, // medium
	{2, 3, 3, 4, 5}, // high
	{3, 4, 4, 5, 5}, // very high
}

// RiskOf rates a severity and likelihood; 0 when either is out of range.
func RiskOf(s Severity, l Likelihood) Risk {
	if s < Minor || s > Catastrophic || l < VeryLow || l > VeryHigh {
		return 0
	}
	return riskMatrix[l-1][s-1]
}

// Words says what a risk rating asks of the manufacturer, as DCB0129 does.
func (r Risk) Words() string {
	switch r {
	case 1:
		return "acceptable"
	case 2:
		return "acceptable where further reduction is impractical"
	case 3:
		return "undesirable: accepted only when further reduction is impractical and benefits outweigh it"
	case 4, 5:
		return "unacceptable: must be reduced"
	}
	return "not rated"
}
