package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"throughline/internal/measures"
)

// measuresCmd scores one administration of a measure, for checking scoring:
// throughline measures score MEASURE ANSWERS [--json]
func (m *Main) measuresCmd(_ context.Context, args []string) error {
	if len(args) == 0 || args[0] != "score" {
		return fmt.Errorf("usage: throughline measures score MEASURE ANSWERS [--json]  (measures: %s)", strings.Join(measures.IDs(), ", "))
	}
	var pos []string
	asJSON := false
	for _, a := range args[1:] {
		switch a {
		case "--json", "-json":
			asJSON = true
		default:
			pos = append(pos, a)
		}
	}
	if len(pos) != 2 {
		return fmt.Errorf("usage: throughline measures score MEASURE ANSWERS [--json]; answers are comma-separated, empty for missing")
	}
	measure, ok := measures.Catalogue()[strings.ToUpper(pos[0])]
	if !ok {
		return fmt.Errorf("unknown measure %q; measures are %s", pos[0], strings.Join(measures.IDs(), ", "))
	}
	answers, err := measures.ParseAnswers(pos[1])
	if err != nil {
		return err
	}
	s, err := measure.Score(answers)
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(m.Stdout).Encode(struct {
			Total     float64            `json:"total"`
			Subscales map[string]float64 `json:"subscales"`
			Severity  string             `json:"severity"`
			Case      bool               `json:"case"`
		}{s.Total, s.Subscales, s.Severity, s.Case})
	}
	fmt.Fprintf(m.Stdout, "%s total %g", measure.Name, s.Total)
	if s.Severity != "" {
		fmt.Fprintf(m.Stdout, " (%s)", s.Severity)
	}
	if measure.Cutoff > 0 {
		fmt.Fprintf(m.Stdout, "; clinical range (≥%g): %v", measure.Cutoff, s.Case)
	}
	fmt.Fprintln(m.Stdout)
	for name, v := range s.Subscales {
		fmt.Fprintf(m.Stdout, "  %s: %g\n", name, v)
	}
	if s.Prorated {
		fmt.Fprintf(m.Stdout, "  %d missing item(s) prorated\n", s.Missing)
	}
	for _, f := range s.Flags {
		fmt.Fprintln(m.Stdout, "  FLAG:", f)
	}
	if measure.Licence != "" {
		fmt.Fprintln(m.Stdout, measure.Licence)
	}
	return nil
}
