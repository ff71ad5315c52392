package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"text/tabwriter"
	"time"

	"throughline/internal/auth"
	"throughline/internal/demo"
	"throughline/internal/store"
	"throughline/internal/web"
)

// DemoPassword signs in every demo account. The demo database holds only
// synthetic people.
const DemoPassword = "kingsmere-demo"

func (m *Main) demo(ctx context.Context, args []string) error {
	fs := m.newFlags("demo")
	dsn := fs.String("db", "./throughline-demo.db", "SQLite file path or postgres:// URL (must be empty)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve the demo on")
	scale := fs.Int("scale", 1, "population multiplier: 1 = about 2,000 people, 75 = about 150,000")
	seed := fs.Uint64("seed", 2026, "random seed; the same seed gives the same region")
	fresh := fs.Bool("fresh", false, "delete an existing SQLite demo file first")
	noServe := fs.Bool("no-serve", false, "create the demo data and exit")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load to this `file`, for developers (go tool pprof)")
	keyFile := auditKeyFlag(fs) // audit signing (Trust 5)
	var at instantFlag
	fs.Var(&at, "now", "build the region as of this `moment`, RFC 3339 such as 2026-11-27T10:00:00Z (default: the real clock)")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if *scale < 1 || *scale > 1000 {
		return fmt.Errorf("--scale must be between 1 and 1000")
	}
	if !store.IsPostgres(*dsn) {
		if _, err := os.Stat(*dsn); err == nil {
			if !*fresh {
				return fmt.Errorf("%s already exists; pass --fresh to replace it with a new demo region", *dsn)
			}
			for _, f := range store.SQLiteFiles(*dsn) {
				if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
					return err
				}
			}
		}
	}
	key, err := m.signingKey(*keyFile, *dsn)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if users, err := db.Users(ctx); err != nil {
		return err
	} else if len(users) > 0 {
		return fmt.Errorf("the database already has user accounts; the demo needs an empty database")
	}
	hash, err := auth.HashPassword(DemoPassword, auth.DefaultArgon2)
	if err != nil {
		return err
	}
	// The served pages run on from the demo's "today", so what it made
	// yesterday still reads as yesterday.
	now, clock := at.clock()
	db.Now = clock
	start := time.Now()
	prog := demo.NewProgress(m.Stderr, isTerminal(m.Stderr))
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	sum, err := demo.Load(ctx, db, demo.Options{Seed: *seed, Scale: *scale, Now: now, PasswordHash: hash, Progress: prog})
	if perr := stopProfile(); err == nil {
		err = perr
	}
	if err != nil {
		return fmt.Errorf("load demo region: %w", err)
	}
	fmt.Fprintf(m.Stdout, "Demo region Kingsmere created in %s: %d localities, %d services, %d teams, %d staff, %d people, %d referrals, %d episodes.\n",
		time.Since(start).Round(time.Millisecond), sum.Localities, sum.Services, sum.Teams, sum.Staff, sum.People, sum.Referrals, sum.Episodes)
	fmt.Fprintf(m.Stdout, "\nDemo logins (password for all: %s):\n", DemoPassword)
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	for _, l := range sum.Logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Username, l.Role.Label(), l.Description)
	}
	tw.Flush()
	if *noServe {
		// Nothing will seal the log later, so seal all of it now, however
		// long a large region takes (serve would otherwise do it in the
		// background); Ctrl+C still stops it, and nothing is lost.
		sealStart := time.Now()
		c, made, err := db.Checkpoint(ctx, key)
		if err != nil {
			return fmt.Errorf("seal the demo's audit log: %w", err)
		}
		if made {
			fmt.Fprintf(m.Stdout, "\nAudit log sealed and signed in %s: checkpoint %d at event %d.\n", time.Since(sealStart).Round(time.Millisecond), c.N, c.Seq)
		}
		return nil
	}
	fmt.Fprintf(m.Stdout, "\nOpen http://%s/ and sign in. Press Ctrl+C to stop.\n", *addr)
	cfg := web.DefaultConfig()
	cfg.CookieSecure = !loopback(*addr)
	return m.listen(ctx, db, cfg, *addr, *dsn, key)
}

// isTerminal reports whether w is a terminal, where a progress bar can
// redraw itself; anything else (a file, a pipe, a test's buffer) gets
// plain lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// startCPUProfile profiles the load into path, if one is given; the
// returned function stops it and closes the file.
func startCPUProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
