package safety

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// moduleRoot is where the named packages live, relative to this package.
const moduleRoot = "../.."

func TestHazardLogIsValid(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Tests()) == 0 {
		t.Fatal("the hazard log names no tests")
	}
}

// The log covers every hazard the clinical safety issue lists.
func TestHazardLogCoversTheList(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, h := range l.Hazards {
		titles = append(titles, strings.ToLower(h.Title))
	}
	all := strings.Join(titles, "\n")
	for _, want := range []string{"wrong person's record", "decline with no onward route", "discharge after missed appointments", "crisis plan", "risk answer", "same plan", "not entitled", "wrong time", "mis-scored", "lost on a crash", "audit log altered", "stigmatising language", "reminder", "signs in as a member of staff"} {
		if !strings.Contains(all, want) {
			t.Errorf("no hazard titled with %q", want)
		}
	}
}

func TestEveryNamedTestExists(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	missing, err := Missing(moduleRoot, l.Tests())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		t.Errorf("the hazard log names %s, which does not exist", m)
	}
}

// Renaming a test a control names makes the check fail.
func TestRenamedTestIsCaught(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "internal", "thing")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string) {
		t.Helper()
		src := "package thing\n\nimport \"testing\"\n\nfunc " + name + "(t *testing.T) {}\n\nfunc helper(t *testing.T) {}\n"
		if err := os.WriteFile(filepath.Join(dir, "thing_test.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	refs := []TestRef{{Package: "internal/thing", Test: "TestControlHolds"}, {Package: "internal/thing", Test: "TestControlHolds/sub"}}
	for _, c := range []struct {
		name string
		want int
	}{
		{"TestControlHolds", 0},
		{"TestControlHoldsRenamed", 2},
		{"Testcontrolholds", 2}, // not a test to go test
	} {
		write(c.name)
		got, err := Missing(root, refs)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != c.want {
			t.Errorf("function %s: missing = %v, want %d missing", c.name, got, c.want)
		}
	}
	got, err := Missing(root, []TestRef{{Package: "internal/gone", Test: "TestX"}})
	if err != nil || len(got) != 1 {
		t.Errorf("a package that does not exist: missing = %v, %v; want it missing", got, err)
	}
}

func TestRiskOf(t *testing.T) {
	for _, c := range []struct {
		s    Severity
		l    Likelihood
		want Risk
	}{
		{Minor, VeryLow, 1},
		{Catastrophic, VeryHigh, 5},
		{Catastrophic, VeryLow, 3},
		{Minor, VeryHigh, 3},
		{Major, Medium, 3},
		{Considerable, High, 3},
		{Major, High, 4},
		{0, Low, 0},
		{Minor, 6, 0},
	} {
		if got := RiskOf(c.s, c.l); got != c.want {
			t.Errorf("RiskOf(%s, %s) = %d, want %d", c.s, c.l, got, c.want)
		}
	}
}

func validHazard() Hazard {
	return Hazard{
		ID: "H01", Title: "t", Description: "d", Causes: []string{"c"}, Effects: "e",
		Initial:  Rating{Severity: "major", Likelihood: "medium", Risk: 3},
		Residual: Rating{Severity: "major", Likelihood: "low", Risk: 3},
		Controls: []Control{{Kind: "design", Text: "x", Tests: []TestRef{{Package: "internal/care", Test: "TestX"}}}},
		Status:   StatusOpen,
	}
}

func TestValidateFindsProblems(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Log)
		want   string // "" for valid
	}{
		{"valid", func(*Log) {}, ""},
		{"no hazards", func(l *Log) { l.Hazards = nil }, "no hazards"},
		{"no control", func(l *Log) { l.Hazards[0].Controls = nil }, "no control"},
		{"design without test", func(l *Log) { l.Hazards[0].Controls[0].Tests = nil }, "names no test"},
		{"risk off the matrix", func(l *Log) { l.Hazards[0].Initial.Risk = 5 }, "does not follow the matrix"},
		{"unknown severity", func(l *Log) { l.Hazards[0].Initial.Severity = "awful" }, "unknown severity"},
		{"residual above initial", func(l *Log) { l.Hazards[0].Residual = Rating{"catastrophic", "very high", 5} }, "above the initial"},
		{"duplicate id", func(l *Log) { l.Hazards = append(l.Hazards, l.Hazards[0]) }, "used twice"},
		{"bad id", func(l *Log) { l.Hazards[0].ID = "hazard one" }, "id must look like"},
		{"closed while unacceptable", func(l *Log) {
			l.Hazards[0].Initial, l.Hazards[0].Residual, l.Hazards[0].Status = Rating{"major", "high", 4}, Rating{"major", "high", 4}, StatusClosed
		}, "unacceptable residual"},
		{"transferred without deployer", func(l *Log) { l.Hazards[0].Status = StatusTransferred }, "deployer"},
		{"not a test name", func(l *Log) { l.Hazards[0].Controls[0].Tests[0].Test = "helper" }, "not a test name"},
		{"package outside module", func(l *Log) { l.Hazards[0].Controls[0].Tests[0].Package = "../elsewhere" }, "directory in the module"},
		{"training needs no test", func(l *Log) {
			l.Hazards[0].Controls = append(l.Hazards[0].Controls, Control{Kind: "training", Text: "t"})
		}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := Log{Hazards: []Hazard{validHazard()}}
			c.change(&l)
			err := l.Validate()
			switch {
			case c.want == "" && err != nil:
				t.Errorf("got %v, want valid", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestParseRefusesUnknownFields(t *testing.T) {
	b, err := json.Marshal(Log{Hazards: []Hazard{validHazard()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(b); err != nil {
		t.Fatalf("valid log: %v", err)
	}
	bad := bytes.Replace(b, []byte(`"title"`), []byte(`"titel"`), 1)
	if _, err := Parse(bad); err == nil {
		t.Error("a misspelt field was accepted")
	}
}

const stream = `{"Time":"2026-11-29T10:00:00Z","Action":"start","Package":"throughline/internal/care"}
{"Time":"2026-11-29T10:00:01Z","Action":"run","Package":"throughline/internal/care","Test":"TestA"}
{"Time":"2026-11-29T10:00:01Z","Action":"output","Package":"throughline/internal/care","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Time":"2026-11-29T10:00:01Z","Action":"pass","Package":"throughline/internal/care","Test":"TestA","Elapsed":0}
{"Time":"2026-11-29T10:00:01Z","Action":"run","Package":"throughline/internal/care","Test":"TestB"}
{"Time":"2026-11-29T10:00:01Z","Action":"output","Package":"throughline/internal/care","Test":"TestB","Output":"    b_test.go:9: got 1, want 2\n"}
{"Time":"2026-11-29T10:00:01Z","Action":"fail","Package":"throughline/internal/care","Test":"TestB","Elapsed":0}
{"Time":"2026-11-29T10:00:01Z","Action":"run","Package":"throughline/internal/care","Test":"TestC"}
{"Time":"2026-11-29T10:00:01Z","Action":"skip","Package":"throughline/internal/care","Test":"TestC","Elapsed":0}
{"Time":"2026-11-29T10:00:02Z","Action":"output","Package":"throughline/internal/care","Output":"FAIL\tthroughline/internal/care\t0.1s\n"}
`

func TestReadResults(t *testing.T) {
	var echo strings.Builder
	res, err := ReadResults(strings.NewReader(stream), "throughline", &echo)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		test string
		want Outcome
	}{
		{"TestA", Passed},
		{"TestB", Failed},
		{"TestC", NotRun}, // skipped is not evidence
		{"TestD", NotRun}, // never reached
	} {
		if got := res.Outcome(TestRef{Package: "internal/care", Test: c.test}); got != c.want {
			t.Errorf("%s: got %s, want %s", c.test, got, c.want)
		}
	}
	if res.Failures != 1 {
		t.Errorf("failures = %d, want 1", res.Failures)
	}
	for _, want := range []string{"got 1, want 2", "FAIL\tthroughline/internal/care"} {
		if !strings.Contains(echo.String(), want) {
			t.Errorf("echo lacks %q:\n%s", want, echo.String())
		}
	}
	if strings.Contains(echo.String(), "=== RUN   TestA") {
		t.Errorf("echo shows a passing test's output:\n%s", echo.String())
	}
	if _, err := ReadResults(strings.NewReader("{not json\n"), "throughline", nil); err == nil {
		t.Error("a broken line was accepted")
	}
}

func FuzzReadResults(f *testing.F) {
	f.Add(stream)
	f.Add("build failed\n{}\n")
	f.Fuzz(func(t *testing.T, s string) {
		res, err := ReadResults(strings.NewReader(s), "throughline", nil)
		if err != nil {
			return
		}
		if o := res.Outcome(TestRef{Package: "x", Test: "TestNothingRunsThis"}); o != NotRun && o != Passed && o != Failed {
			t.Errorf("outcome %q", o)
		}
	})
}

func TestReportShowsEvidenceAndUnproven(t *testing.T) {
	l := Log{Hazards: []Hazard{validHazard()}}
	l.Hazards[0].Controls[0].Tests = []TestRef{{Package: "internal/care", Test: "TestA"}, {Package: "internal/care", Test: "TestB"}, {Package: "internal/care", Test: "TestD"}}
	res, err := ReadResults(strings.NewReader(stream), "throughline", nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := NewReport(l, res, "abc123", time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	err = rep.Unproven()
	if err == nil {
		t.Fatal("a failed and a missing test were taken as evidence")
	}
	for _, want := range []string{"TestB failed", "TestD not run"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("unproven = %v, want it to name %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "TestA") {
		t.Errorf("unproven names a passing test: %v", err)
	}
	var md, page bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "html": page.String()} {
		for _, want := range []string{"H01", "abc123", "29 November 2026", "1 of 3 tests passed", "not run", "failed"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q", name, want)
			}
		}
	}
}
