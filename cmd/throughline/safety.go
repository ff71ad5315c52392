package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"throughline/internal/safety"
)

// module is the Go module path test results are reported under.
const module = "throughline"

// safetyCmd runs "throughline safety report": the clinical safety case from
// the hazard log and the outcome of every test its controls name.
func (m *Main) safetyCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "report" {
		return errors.New(`unknown safety command; try "throughline safety report -h"`)
	}
	fs := m.newFlags("safety report")
	results := fs.String("results", "", "`go test -json` output to read (\"-\" for standard input); without it the named tests are run here, which needs the source and Go")
	out := fs.String("out", "build/safety", "directory for safety-case.md and safety-case.html")
	root := fs.String("root", ".", "module root, to find the named tests in the source")
	commit := fs.String("commit", "", "commit the tests ran on (default: git rev-parse HEAD in --root)")
	if err := m.parse(fs, args[1:]); err != nil {
		return err
	}
	log, err := safety.Load()
	if err != nil {
		return err
	}
	missing, err := safety.Missing(*root, log.Tests())
	if err != nil {
		return err
	}
	var res safety.Results
	switch *results {
	case "":
		res, err = m.runNamedTests(ctx, *root, log.Tests())
	case "-":
		res, err = safety.ReadResults(m.Stdin, module, m.Stdout)
	default:
		var f *os.File
		if f, err = os.Open(*results); err == nil {
			res, err = safety.ReadResults(f, module, io.Discard)
			f.Close()
		}
	}
	if err != nil {
		return err
	}
	if *commit == "" {
		*commit = gitCommit(ctx, *root)
	}
	rep := safety.NewReport(log, res, *commit, time.Now())
	if err := writeReport(rep, *out); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "clinical safety case: %d hazards, written to %s\n", len(rep.Hazards), filepath.Join(*out, "safety-case.{md,html}"))
	var problems []error
	for _, t := range missing {
		problems = append(problems, fmt.Errorf("the hazard log names %s, which does not exist", t))
	}
	if err := rep.Unproven(); err != nil {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("controls without passing evidence:\n%w", errors.Join(problems...))
	}
	fmt.Fprintf(m.Stdout, "every control's %d named tests passed\n", len(log.Tests()))
	return nil
}

func writeReport(rep safety.Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, write := range map[string]func(io.Writer) error{"safety-case.md": rep.WriteMarkdown, "safety-case.html": rep.WriteHTML} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// runNamedTests runs only the tests the log names, package by package in
// one go test invocation, and reads their results as they come.
func (m *Main) runNamedTests(ctx context.Context, root string, refs []safety.TestRef) (safety.Results, error) {
	byPkg := map[string]bool{}
	funcs := map[string]bool{}
	for _, r := range refs {
		byPkg["./"+r.Package] = true
		funcs[regexp.QuoteMeta(r.Func())] = true
	}
	pkgs, names := sortedKeys(byPkg), sortedKeys(funcs)
	args := append([]string{"test", "-count=1", "-json", "-run", "^(" + strings.Join(names, "|") + ")$"}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Stderr = root, m.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return safety.Results{}, err
	}
	if err := cmd.Start(); err != nil {
		return safety.Results{}, fmt.Errorf("run the named tests (needs Go and the source): %w", err)
	}
	res, err := safety.ReadResults(stdout, module, m.Stdout)
	if werr := cmd.Wait(); err == nil && werr != nil && res.Failures == 0 {
		// A failure is reported per test below; anything else (a build
		// error) leaves tests not run, which the report says too.
		fmt.Fprintln(m.Stderr, "go test:", werr)
	}
	return res, err
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func gitCommit(ctx context.Context, root string) string {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "HEAD")
	cmd.Dir = root
	b, err := cmd.Output()
	if err != nil {
		return "unknown (not a git checkout)"
	}
	return strings.TrimSpace(string(b))
}
