package safety

import (
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	texttemplate "text/template"
	"time"
)

//go:embed report.md.tmpl report.html.tmpl
var reportTemplates embed.FS

// Report is the clinical safety case report: every hazard with the
// evidence for its controls from one test run.
type Report struct {
	Generated time.Time
	Commit    string // the source the tests ran on
	TestedAt  time.Time
	Hazards   []HazardReport
}

// HazardReport is one hazard and what the run proved about its controls.
type HazardReport struct {
	Hazard
	InitialRisk, ResidualRisk string // the rating in words
	Controls                  []ControlReport
}

// ControlReport is one control with the outcome of each test it names.
type ControlReport struct {
	Control
	Evidence []Evidence
}

// Evidence is one named test and its outcome.
type Evidence struct {
	Test    TestRef
	Outcome Outcome
}

// NewReport joins the log with a run's results.
func NewReport(l Log, res Results, commit string, now time.Time) Report {
	rep := Report{Generated: now, Commit: commit, TestedAt: res.Started}
	for _, h := range l.Hazards {
		hr := HazardReport{Hazard: h, InitialRisk: ratingWords(h.Initial), ResidualRisk: ratingWords(h.Residual)}
		for _, c := range h.Controls {
			cr := ControlReport{Control: c}
			for _, t := range c.Tests {
				cr.Evidence = append(cr.Evidence, Evidence{Test: t, Outcome: res.Outcome(t)})
			}
			hr.Controls = append(hr.Controls, cr)
		}
		rep.Hazards = append(rep.Hazards, hr)
	}
	return rep
}

func ratingWords(r Rating) string {
	return fmt.Sprintf("%d (%s): %s severity, %s likelihood", r.Risk, r.Risk.Words(), r.Severity, r.Likelihood)
}

// Unproven lists every named test that did not pass, with its hazard:
// a control without passing evidence is not a control.
func (r Report) Unproven() error {
	var errs []error
	for _, h := range r.Hazards {
		for _, c := range h.Controls {
			for _, e := range c.Evidence {
				if !e.Outcome.Proven() {
					errs = append(errs, fmt.Errorf("hazard %s: %s %s", h.ID, e.Test, e.Outcome))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// Transferred lists what the deploying organisation must do (DCB0160),
// hazard by hazard.
func (r Report) Transferred() []HazardReport {
	var out []HazardReport
	for _, h := range r.Hazards {
		if strings.TrimSpace(h.Deployer) != "" {
			out = append(out, h)
		}
	}
	return out
}

var reportFuncs = map[string]any{
	"date":   func(t time.Time) string { return t.UTC().Format("2 January 2006 15:04 UTC") },
	"proven": func(o Outcome) bool { return o.Proven() },
}

// WriteMarkdown writes the report as Markdown.
func (r Report) WriteMarkdown(w io.Writer) error {
	t, err := texttemplate.New("report.md.tmpl").Funcs(reportFuncs).ParseFS(reportTemplates, "report.md.tmpl")
	if err != nil {
		return err
	}
	return t.Execute(w, r)
}

// WriteHTML writes the report as a standalone HTML page.
func (r Report) WriteHTML(w io.Writer) error {
	t, err := htmltemplate.New("report.html.tmpl").Funcs(reportFuncs).ParseFS(reportTemplates, "report.html.tmpl")
	if err != nil {
		return err
	}
	return t.Execute(w, r)
}

// Proof says in words how many of the hazard's named tests passed.
func (h HazardReport) Proof() string {
	n, ok := 0, 0
	for _, c := range h.Controls {
		for _, e := range c.Evidence {
			n++
			if e.Outcome.Proven() {
				ok++
			}
		}
	}
	if n == 0 {
		return "no tests: training and information controls only"
	}
	return fmt.Sprintf("%d of %d tests passed", ok, n)
}
