package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBenchmarkEndToEnd runs the whole tool briefly against a real demo
// region served by a freshly built throughline. It takes 40–60 s on a
// shared 2-core machine, so it runs only when THROUGHLINE_BENCH_E2E is set
// (`make bench-http` itself exercises the same path at full length).
func TestBenchmarkEndToEnd(t *testing.T) {
	if testing.Short() || os.Getenv("THROUGHLINE_BENCH_E2E") == "" {
		t.Skip("set THROUGHLINE_BENCH_E2E=1 to run the load benchmark end to end")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "throughline")
	build := exec.Command("go", "build", "-o", bin, "../throughline")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build throughline: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var out bytes.Buffer
	args := []string{"-bin", bin, "-dir", filepath.Join(dir, "run"), "-clients", "2", "-duration", "1s", "-warmup", "0s"}
	if err := run(ctx, args, &out, func(string) string { return "" }); err != nil {
		t.Fatalf("benchhttp: %v\n%s", err, out.String())
	}
	report := out.String()
	for _, want := range []string{"SQLite, demo scale 1", "hello world (H)", "person page", "care plan", "clinician home",
		"/gaps ", "/gaps/journeys", "/reports/principles", "70/20/10 mix"} {
		if !strings.Contains(report, want) {
			t.Errorf("report has no %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "first error") {
		t.Errorf("requests failed:\n%s", report)
	}
	t.Log(report)
}
