package measures

import "fmt"

// Change compares a first and a latest score on the same measure.
type Change struct {
	Measure     string  `json:"measure"`
	First       float64 `json:"first"`
	Latest      float64 `json:"latest"`
	Difference  float64 `json:"difference"`
	Direction   string  `json:"direction"` // reliable improvement, reliable deterioration, no reliable change, not defined
	Recovered   bool    `json:"recovered"` // case at first, below the cut-off at latest
	Reliable    bool    `json:"reliable"`
	ReliableRec bool    `json:"reliable_recovery"` // recovered and reliably improved
	Rule        string  `json:"rule"`
}

// Compare applies the measure's reliable-change and recovery rules.
func (m *Measure) Compare(first, latest Score) Change {
	c := Change{Measure: m.ID, First: first.Total, Latest: latest.Total, Difference: round2(latest.Total - first.Total)}
	better := first.Total - latest.Total
	if m.HigherIsBetter {
		better = -better
	}
	switch {
	case m.ReliableChange == 0:
		c.Direction = "not defined"
		c.Rule = fmt.Sprintf("%s has no published reliable-change threshold", m.Name)
	case better >= m.ReliableChange:
		c.Direction, c.Reliable = "reliable improvement", true
	case -better >= m.ReliableChange:
		c.Direction, c.Reliable = "reliable deterioration", true
	default:
		c.Direction = "no reliable change"
	}
	if m.ReliableChange > 0 {
		c.Rule = fmt.Sprintf("a change of %g or more on %s is reliable (%s)", m.ReliableChange, m.Name, m.Source)
	}
	if m.Cutoff > 0 {
		c.Recovered = first.Case && !latest.Case
		c.ReliableRec = c.Recovered && c.Direction == "reliable improvement"
		c.Rule += fmt.Sprintf("; recovery: %g or more at first, below %g at latest", m.Cutoff, m.Cutoff)
	}
	return c
}
