package safety

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Outcome is what happened to one named test in a run.
type Outcome string

// Outcomes. A skipped test is not evidence, so it counts as not run.
const (
	Passed  Outcome = "passed"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped"
	NotRun  Outcome = "not run"
)

// Proven says whether the outcome is evidence that the control works.
func (o Outcome) Proven() bool { return o == Passed }

// Results are the outcomes of one `go test -json` run.
type Results struct {
	outcomes map[TestRef]Outcome
	Started  time.Time // the first event's time
	Failures int       // tests (any, named or not) that failed
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Time    time.Time
	Action  string
	Package string
	Test    string
	Output  string
}

// ReadResults reads a `go test -json` stream for a module. When echo is
// not nil it writes what a person needs from the run, as plain `go test`
// would print it: each package's verdict line and the output of every
// failed test, so a CI log stays readable.
func ReadResults(r io.Reader, module string, echo io.Writer) (Results, error) {
	res := Results{outcomes: map[TestRef]Outcome{}}
	pending := map[TestRef]*strings.Builder{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		if b[0] != '{' {
			// Build errors and the like are printed as text between events.
			if echo != nil {
				fmt.Fprintf(echo, "%s\n", b)
			}
			continue
		}
		var e event
		if err := json.Unmarshal(b, &e); err != nil {
			return Results{}, fmt.Errorf("test results line %d: %w", line, err)
		}
		if res.Started.IsZero() {
			res.Started = e.Time
		}
		pkg := strings.TrimPrefix(strings.TrimPrefix(e.Package, module), "/")
		if e.Package == module {
			pkg = "."
		}
		if e.Test == "" {
			if (e.Action == "output" || e.Action == "build-output") && echo != nil && !strings.HasPrefix(e.Output, "PASS") {
				io.WriteString(echo, e.Output)
			}
			continue
		}
		ref := TestRef{Package: pkg, Test: e.Test}
		switch e.Action {
		case "run":
			pending[ref] = &strings.Builder{}
		case "output":
			if buf := pending[ref]; buf != nil {
				buf.WriteString(e.Output)
			}
		case "pass", "fail", "skip":
			o := map[string]Outcome{"pass": Passed, "fail": Failed, "skip": Skipped}[e.Action]
			res.outcomes[ref] = o
			if o == Failed {
				res.Failures++
				if echo != nil && pending[ref] != nil {
					io.WriteString(echo, pending[ref].String())
				}
			}
			delete(pending, ref)
		}
	}
	if err := sc.Err(); err != nil {
		return Results{}, fmt.Errorf("test results: %w", err)
	}
	return res, nil
}

// Outcome is what happened to a named test; a test the run never reached
// (renamed, filtered out, or its package did not build) is not run.
func (r Results) Outcome(t TestRef) Outcome {
	if o, ok := r.outcomes[t]; ok {
		if o == Skipped {
			return NotRun
		}
		return o
	}
	return NotRun
}
