package safety

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// The log itself: hazards.json beside this file, schema in Log's comments
// and the README's "Clinical safety" section.
//
//go:embed hazards.json
var hazardsJSON []byte

// Log is the hazard log: every hazard Throughline could contribute to and
// how each is controlled.
type Log struct {
	Hazards []Hazard `json:"hazards"`
}

// Hazard is one entry of the log.
type Hazard struct {
	ID          string    `json:"id"`          // "H01"…, never reused
	Title       string    `json:"title"`       // the hazard in a few words
	Description string    `json:"description"` // what could go wrong
	Causes      []string  `json:"causes"`      // how it could come about
	Effects     string    `json:"effects"`     // the harm to the person
	Initial     Rating    `json:"initial"`     // before the controls
	Controls    []Control `json:"controls"`
	Residual    Rating    `json:"residual"` // with the controls in place
	Status      string    `json:"status"`   // open, closed or transferred
	Deployer    string    `json:"deployer"` // what is left to the deploying organisation (DCB0160)
}

// Rating is a severity and likelihood with the risk they give.
type Rating struct {
	Severity   string `json:"severity"`
	Likelihood string `json:"likelihood"`
	Risk       Risk   `json:"risk"`
}

// Control is one way a hazard is reduced. Design and test controls name
// the tests that prove them; training and information controls say what
// the deploying organisation or user is told.
type Control struct {
	Kind  string    `json:"kind"` // design, test, training or information
	Text  string    `json:"text"`
	Tests []TestRef `json:"tests,omitempty"`
}

// TestRef names one Go test: the package directory relative to the module
// root and the test, optionally with a subtest ("TestX/name").
type TestRef struct {
	Package string `json:"package"`
	Test    string `json:"test"`
}

func (t TestRef) String() string { return t.Package + " " + t.Test }

// Func is the top-level test function the reference runs.
func (t TestRef) Func() string {
	name, _, _ := strings.Cut(t.Test, "/")
	return name
}

// Statuses a hazard may have.
const (
	StatusOpen        = "open"        // controls still being built
	StatusClosed      = "closed"      // residual risk accepted
	StatusTransferred = "transferred" // left to the deploying organisation
)

var (
	idPattern   = regexp.MustCompile(`^H[0-9]{2,}$`)
	testPattern = regexp.MustCompile(`^Test[A-Za-z0-9_]*(/[^ ]+)?$`)
	kinds       = map[string]bool{"design": true, "test": true, "training": true, "information": true}
	statuses    = map[string]bool{StatusOpen: true, StatusClosed: true, StatusTransferred: true}
)

// Load reads the embedded hazard log and validates it.
func Load() (Log, error) { return Parse(hazardsJSON) }

// Parse reads a hazard log, refusing unknown fields, and validates it.
func Parse(b []byte) (Log, error) {
	var l Log
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Log{}, fmt.Errorf("hazard log: %w", err)
	}
	if dec.More() {
		return Log{}, errors.New("hazard log: more than one JSON value")
	}
	if err := l.Validate(); err != nil {
		return Log{}, err
	}
	return l, nil
}

// Validate lists every problem with the log's structure: duplicate ids,
// missing fields, ratings that do not follow the matrix, a hazard without
// a control, a design control without a test.
func (l Log) Validate() error {
	var errs []error
	add := func(h Hazard, format string, args ...any) {
		errs = append(errs, fmt.Errorf("hazard %s: %s", h.ID, fmt.Sprintf(format, args...)))
	}
	if len(l.Hazards) == 0 {
		errs = append(errs, errors.New("hazard log: no hazards"))
	}
	seen := map[string]bool{}
	for _, h := range l.Hazards {
		if !idPattern.MatchString(h.ID) {
			add(h, "id must look like H01")
		}
		if seen[h.ID] {
			add(h, "id used twice")
		}
		seen[h.ID] = true
		for field, v := range map[string]string{"title": h.Title, "description": h.Description, "effects": h.Effects} {
			if strings.TrimSpace(v) == "" {
				add(h, "%s is empty", field)
			}
		}
		if len(h.Causes) == 0 {
			add(h, "no causes")
		}
		initial, err := h.Initial.check()
		if err != nil {
			add(h, "initial rating: %v", err)
		}
		residual, err := h.Residual.check()
		if err != nil {
			add(h, "residual rating: %v", err)
		}
		if initial > 0 && residual > initial {
			add(h, "residual risk %d is above the initial risk %d", residual, initial)
		}
		if !statuses[h.Status] {
			add(h, "status %q: want open, closed or transferred", h.Status)
		}
		if h.Status == StatusClosed && residual >= 4 {
			add(h, "closed with an unacceptable residual risk %d", residual)
		}
		if h.Status == StatusTransferred && strings.TrimSpace(h.Deployer) == "" {
			add(h, "transferred, but deployer does not say what the deploying organisation must do")
		}
		if len(h.Controls) == 0 {
			add(h, "no control")
		}
		for i, c := range h.Controls {
			if !kinds[c.Kind] {
				add(h, "control %d: kind %q: want design, test, training or information", i+1, c.Kind)
			}
			if strings.TrimSpace(c.Text) == "" {
				add(h, "control %d: text is empty", i+1)
			}
			if (c.Kind == "design" || c.Kind == "test") && len(c.Tests) == 0 {
				add(h, "control %d (%s) names no test that proves it", i+1, c.Kind)
			}
			for _, t := range c.Tests {
				if t.Package == "" || strings.HasPrefix(t.Package, "/") || strings.Contains(t.Package, "..") {
					add(h, "control %d: test %q: package must be a directory in the module, like internal/web", i+1, t)
				}
				if !testPattern.MatchString(t.Test) {
					add(h, "control %d: %q is not a test name (TestX or TestX/subtest)", i+1, t.Test)
				}
			}
		}
	}
	return errors.Join(errs...)
}

func (r Rating) check() (Risk, error) {
	s, err := ParseSeverity(r.Severity)
	if err != nil {
		return 0, err
	}
	l, err := ParseLikelihood(r.Likelihood)
	if err != nil {
		return 0, err
	}
	if want := RiskOf(s, l); r.Risk != want {
		return 0, fmt.Errorf("risk %d does not follow the matrix: %s severity and %s likelihood give %d", r.Risk, s, l, want)
	}
	return r.Risk, nil
}

// Tests lists every test the log names, each once, in log order.
func (l Log) Tests() []TestRef {
	seen := map[TestRef]bool{}
	var out []TestRef
	for _, h := range l.Hazards {
		for _, c := range h.Controls {
			for _, t := range c.Tests {
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}
