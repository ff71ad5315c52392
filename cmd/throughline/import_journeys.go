package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/demo"
	"throughline/internal/journey"
)

// importJourneys loads other services' referral journeys from a CSV file
// as one batch: all of it, or nothing and every problem by line and column.
func (m *Main) importJourneys(ctx context.Context, args []string) error {
	const usage = `usage: throughline import journeys FILE.csv [--source NAME] [--db DSN]`
	fs := m.newFlags("import journeys")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	source := fs.String("source", "", `who recorded the journeys, shown on the journeys page (default: the file's name)`)
	if err := m.applyEnv(fs); err != nil {
		return err
	}
	path, err := fileArg(fs, args, usage)
	if err != nil {
		return err
	}
	if *source == "" {
		*source = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	services, err := db.Services(ctx)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(services))
	for _, s := range services {
		known[s.ID] = true
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	// Rows are not known until read; an estimate from the size (about 100
	// bytes a row) is enough for a bar.
	prog := demo.NewProgress(m.Stderr, isTerminal(m.Stderr))
	estimate := max(int(info.Size()/100), 1)
	prog.Phase("Reading "+filepath.Base(path), estimate)
	read := 0
	rows, err := journey.ParseImport(f, func(id string) bool { return known[id] }, func(n int) { prog.Add(n - read); read = n })
	prog.Done()
	if err != nil {
		return err
	}
	prog.Phase("Storing journeys", len(rows))
	written := 0
	a := auth.Actor{User: auth.User{Username: "cli-import", Role: auth.SystemAdmin}}
	b, err := db.ImportJourneys(ctx, a, *source, filepath.Base(path), rows, func(n int) { prog.Add(n - written); written = n })
	prog.Done()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "imported %s as batch %d (%s): %d referrals of %d people\n", path, b.ID, b.Source, b.Referrals, b.People)
	return nil
}

// fileArg parses an import command's flags around its one file, which may
// come before or after them.
func fileArg(fs *flag.FlagSet, args []string, usage string) (string, error) {
	var path string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		path, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if path == "" && fs.NArg() == 1 {
		path = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return "", fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if path == "" {
		return "", errors.New(usage)
	}
	return path, nil
}
