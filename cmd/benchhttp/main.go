// Command benchhttp is the project's load benchmark (`make bench-http`).
// It builds a fresh demo region, serves it with `throughline serve`, and
// drives it and an in-process net/http hello-world server with the same
// signed-in clients, reporting each page's throughput as a ratio to the
// hello-world ceiling H measured in the same run: a ratio stays
// comparable on a noisy or different machine where raw req/s does not.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Getenv)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchhttp:", err)
		os.Exit(1)
	}
}

// Config is the command line.
type Config struct {
	Bin      string
	Clients  int
	Timing   Timing
	Scale    int
	Postgres string
	Dir      string
	// Reuse serves the SQLite region a previous run with the same -dir
	// built, instead of building a fresh one (a scale-75 region takes
	// minutes to build; its pages take seconds to measure).
	Reuse bool
	// Only, when set, names the scenarios to run (a comma-separated list
	// of words each scenario name must contain one of).
	Only []string
	// Crawl visits every page each demo sign-in can reach instead of
	// running the scenarios (crawl.go).
	Crawl bool
}

// maxErrorShare is the most failures a scenario may have: a benchmark
// that times error pages measures the wrong thing.
const maxErrorShare = 0.01

func parseConfig(args []string, stderr io.Writer, getenv func(string) string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("benchhttp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Bin, "bin", "bin/throughline", "the throughline binary to run")
	fs.IntVar(&c.Clients, "clients", 8, "concurrent signed-in clients")
	fs.DurationVar(&c.Timing.Duration, "duration", 10*time.Second, "measured time per scenario")
	fs.DurationVar(&c.Timing.Warmup, "warmup", 2*time.Second, "unmeasured time before each scenario")
	fs.Uint64Var(&c.Timing.Seed, "seed", 1, "seed for the clients' choices of person and page")
	fs.IntVar(&c.Scale, "scale", 1, "demo region scale (passed to demo --scale)")
	fs.StringVar(&c.Postgres, "pg", getenv("THROUGHLINE_BENCH_POSTGRES"), "postgres:// URL of an EMPTY database to measure as well (default $THROUGHLINE_BENCH_POSTGRES)")
	fs.StringVar(&c.Dir, "dir", "", "directory for the SQLite database, keys and serve logs (default: a new temporary directory)")
	fs.BoolVar(&c.Reuse, "reuse", false, "serve the SQLite region an earlier run left in -dir instead of building a new one (PostgreSQL is always built afresh)")
	fs.BoolVar(&c.Crawl, "crawl", false, "instead of the load scenarios, visit every page each demo sign-in can reach, once, and report the slowest and any error")
	only := fs.String("only", "", "run only the scenarios whose names contain one of these comma-separated words (e.g. person,mix)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	for _, w := range strings.Split(*only, ",") {
		if w = strings.TrimSpace(w); w != "" {
			c.Only = append(c.Only, w)
		}
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case c.Clients < 1 || c.Clients > 1024:
		return c, errors.New("-clients must be between 1 and 1024")
	case c.Timing.Duration <= 0:
		return c, errors.New("-duration must be positive")
	case c.Timing.Warmup < 0:
		return c, errors.New("-warmup must not be negative")
	case c.Reuse && c.Dir == "":
		return c, errors.New("-reuse needs -dir: the directory an earlier run built its region in")
	case c.Scale < 1:
		return c, errors.New("-scale must be at least 1")
	case c.Postgres != "" && !isPostgres(c.Postgres):
		return c, errors.New("-pg must be a postgres:// or postgresql:// URL")
	}
	return c, nil
}

// selected reports whether the scenario name is among those -only names.
func selected(name string, only []string) bool {
	if len(only) == 0 {
		return true
	}
	for _, w := range only {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func isPostgres(dsn string) bool {
	for _, p := range []string{"postgres://", "postgresql://"} {
		if len(dsn) >= len(p) && dsn[:len(p)] == p {
			return true
		}
	}
	return false
}

func run(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg, err := parseConfig(args, os.Stderr, getenv)
	if err != nil {
		return err
	}
	dir := cfg.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "throughline-bench-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	withScale, err := scaleSupported(ctx, cfg.Bin)
	if err != nil {
		return err
	}
	helloURL, hello, err := startHello()
	if err != nil {
		return err
	}
	defer hello.Close()

	type target struct{ name, dsn, key, log string }
	targets := []target{{"SQLite", filepath.Join(dir, "bench.db"), filepath.Join(dir, "bench.audit-key"), filepath.Join(dir, "serve-sqlite.log")}}
	if cfg.Postgres != "" {
		targets = append(targets, target{"PostgreSQL", cfg.Postgres, filepath.Join(dir, "postgres.audit-key"), filepath.Join(dir, "serve-postgres.log")})
	}
	var tables []Table
	for _, t := range targets {
		tb, err := benchDatabase(ctx, cfg, withScale, t.name, t.dsn, t.key, t.log, helloURL)
		if err != nil {
			return fmt.Errorf("%s: %w (files kept in %s)", t.name, err, dir)
		}
		tb.Print(stdout)
		tables = append(tables, tb)
	}
	if len(tables) == 2 && !cfg.Crawl {
		compare(stdout, tables[0], tables[1])
	}
	if err := checkErrors(tables); err != nil {
		return fmt.Errorf("%w (serve logs in %s)", err, dir)
	}
	if cfg.Dir == "" {
		return os.RemoveAll(dir)
	}
	return nil
}

// benchDatabase builds a demo region in dsn, serves it and measures the
// hello-world ceiling and then every scenario against it.
func benchDatabase(ctx context.Context, cfg Config, withScale bool, name, dsn, key, logPath, helloURL string) (tb Table, err error) {
	tb = Table{Database: name, Scale: cfg.Scale, Clients: cfg.Clients, Timing: cfg.Timing}
	// The demo's own output is kept beside the key, so a later -reuse run
	// knows the region's sign-ins, password and size without rebuilding.
	saved := filepath.Join(filepath.Dir(key), strings.ToLower(name)+"-demo.txt")
	var demo Demo
	if cfg.Reuse && name == "SQLite" {
		demo, err = reuseDemo(saved, cfg.Scale)
	} else {
		demo, err = buildDemo(ctx, cfg.Bin, dsn, key, cfg.Scale, withScale, saved)
	}
	if err != nil {
		return tb, err
	}
	tb.Demo = demo
	for _, u := range []string{"clinician", "commissioner"} {
		if !demo.Usernames[u] {
			return tb, fmt.Errorf("the demo printed no %q sign-in", u)
		}
	}
	srv, err := startServe(ctx, cfg.Bin, dsn, key, logPath)
	if err != nil {
		return tb, err
	}
	defer func() {
		if stopErr := srv.Stop(); stopErr != nil && err == nil {
			err = fmt.Errorf("stop serve: %w", stopErr)
		}
	}()

	if cfg.Crawl {
		tb.Crawled = true
		tb.Crawl, err = crawlSite(ctx, srv.URL, demo, os.Stderr)
		if rss, rerr := srv.PeakRSS(); rerr == nil {
			tb.PeakRSS = rss
		}
		return tb, err
	}
	transport := newTransport(2 * cfg.Clients)
	defer transport.CloseIdleConnections()
	clinicians, home, err := signedIn(ctx, srv.URL, transport, cfg.Clients, "clinician", demo.Password)
	if err != nil {
		return tb, err
	}
	commissioners, _, err := signedIn(ctx, srv.URL, transport, cfg.Clients, "commissioner", demo.Password)
	if err != nil {
		return tb, err
	}
	site, err := discover(ctx, clinicians[0], home)
	if err != nil {
		return tb, err
	}

	ceiling := newTransport(cfg.Clients)
	defer ceiling.CloseIdleConnections()
	anonymous := make([]*Client, cfg.Clients)
	for i := range anonymous {
		if anonymous[i], err = newClient(helloURL, ceiling); err != nil {
			return tb, err
		}
	}
	tb.H = drive(ctx, anonymous, helloWorld, cfg.Timing)
	for _, sc := range site.scenarios() {
		if !selected(sc.Name, cfg.Only) {
			continue
		}
		clients := clinicians
		if sc.Role == Commissioner {
			clients = commissioners
		}
		tb.Rows = append(tb.Rows, drive(ctx, clients, sc, cfg.Timing))
		if ctx.Err() != nil {
			return tb, ctx.Err()
		}
	}
	// Memory is reported where the system tells it (Linux); elsewhere
	// the table says it is not known rather than failing the run.
	if tb.PeakRSS, err = srv.PeakRSS(); err != nil {
		fmt.Fprintf(os.Stderr, "benchhttp: serve's peak memory not known: %v\n", err)
		tb.PeakRSS, err = 0, nil
	}
	if len(tb.Rows) == 0 {
		return tb, fmt.Errorf("no scenario's name contains any of -only %q", strings.Join(cfg.Only, ","))
	}
	return tb, ctx.Err()
}

// signedIn makes n clients each signed in as username through the form;
// home is the first one's home page.
func signedIn(ctx context.Context, base string, t http.RoundTripper, n int, username, password string) ([]*Client, string, error) {
	clients := make([]*Client, n)
	var home string
	for i := range clients {
		c, err := newClient(base, t)
		if err != nil {
			return nil, "", err
		}
		page, err := c.signIn(ctx, username, password)
		if err != nil {
			return nil, "", err
		}
		if i == 0 {
			home = page
		}
		clients[i] = c
	}
	return clients, home, nil
}

// checkErrors fails the run when any scenario, or the ceiling, had more
// failures than maxErrorShare.
func checkErrors(tables []Table) error {
	var bad []string
	for _, t := range tables {
		for _, h := range crawlErrors(t.Crawl) {
			bad = append(bad, fmt.Sprintf("%s: GET %s as %s answered %d", t.Database, h.Path, h.Username, h.Status))
		}
		if t.Crawled {
			continue
		}
		for _, r := range append([]Result{t.H}, t.Rows...) {
			if r.ErrorShare() > maxErrorShare {
				bad = append(bad, fmt.Sprintf("%s %s: %d of %d requests failed, first: %s", t.Database, r.Name, r.Errors, r.Requests+r.Errors, r.FirstError))
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	msg := fmt.Sprintf("more than %.0f%% of requests failed, so these figures time error pages, not the service:", maxErrorShare*100)
	if tables[0].Crawled {
		msg = "pages answered with a server error:"
	}
	for _, b := range bad {
		msg += "\n  " + b
	}
	return errors.New(msg)
}
