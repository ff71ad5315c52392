package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/openreferral"
	"throughline/internal/store"
)

// gaps answers "who is accepted where" from a directory file or the database.
func (m *Main) gaps(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "replay" { // gapmap2
		return m.gapsReplay(ctx, args[1:])
	}
	fs := m.newFlags("gaps")
	dsn := fs.String("db", "./throughline.db", "database to read the directory from when --directory is not given")
	file := fs.String("directory", "", "directory JSON file (DESIGN.md format); default: the database")
	profile := fs.String("profile", "", "dimension=value,... e.g. risk=high,engagement=chaotic,age=30,locality=N")
	grid := fs.String("grid", "", "two dimensions for the grid, e.g. risk,engagement")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	services, err := m.loadDirectory(ctx, *file, *dsn)
	if err != nil {
		return err
	}
	e := directory.NewEngine(services)
	if *grid == "" && *profile == "" {
		*grid = "risk,engagement"
	}
	if *grid != "" {
		dims := strings.Split(*grid, ",")
		if len(dims) != 2 {
			return fmt.Errorf("--grid takes two dimensions separated by a comma, e.g. risk,engagement")
		}
		base, err := directory.ParseProfile(*profile, directory.DefaultProfile())
		if err != nil {
			return err
		}
		g, err := e.Grid(strings.TrimSpace(dims[0]), strings.TrimSpace(dims[1]), base)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(m.Stdout, g)
		}
		printGrid(m.Stdout, g)
		return nil
	}
	p, err := directory.ParseProfile(*profile, directory.DefaultProfile())
	if err != nil {
		return err
	}
	if missing := p.Missing(); len(missing) > 0 {
		return fmt.Errorf("--profile needs %s", strings.Join(missing, " and "))
	}
	res, err := e.Evaluate(p)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, res)
	}
	return printResult(m.Stdout, e, p, res)
}

func (m *Main) loadDirectory(ctx context.Context, file, dsn string) ([]directory.Service, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		f, err := openreferral.ParseAnyFile(b) // either format: its own JSON or HSDS 3.0
		if err != nil {
			return nil, err
		}
		return f.Services, nil
	}
	if !store.IsPostgres(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("no --directory file given and no database at %s", dsn)
		}
	}
	db, err := openDB(ctx, dsn, m.Stderr)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Services(ctx)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	return enc.Encode(v)
}

func printGrid(w io.Writer, g directory.Grid) {
	var others []string
	for _, part := range strings.Split(g.Base.String(), ",") {
		if d, _, _ := strings.Cut(part, "="); d != g.RowDim && d != g.ColDim {
			others = append(others, part)
		}
	}
	fmt.Fprintf(w, "Non-crisis services accepting each %s × %s; GAP = none (other dimensions: %s)\n\n", g.RowDim, g.ColDim, strings.Join(others, ","))
	tw := tabwriter.NewWriter(w, 4, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s \\ %s\t", g.RowDim, g.ColDim)
	for _, c := range g.Cols {
		fmt.Fprintf(tw, "%s\t", c)
	}
	fmt.Fprintln(tw)
	for i, r := range g.Rows {
		fmt.Fprintf(tw, "%s\t", r)
		for _, n := range g.Cells[i] {
			if n == 0 {
				fmt.Fprint(tw, "GAP\t")
			} else {
				fmt.Fprintf(tw, "%d\t", n)
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func printResult(w io.Writer, e *directory.Engine, p directory.Profile, res directory.Result) error {
	fmt.Fprintf(w, "Profile: %s\n", p)
	if res.InGap {
		fmt.Fprintln(w, "In the gap: no non-crisis service accepts this profile.")
	} else {
		fmt.Fprintln(w, "Not in the gap.")
	}
	fmt.Fprintf(w, "\nAccepted by (%d): %s\n", len(res.Accepted), strings.Join(res.Accepted, ", "))
	fmt.Fprintf(w, "\nNot accepted by (%d):\n", len(res.Declined))
	for _, d := range res.Declined {
		fmt.Fprintf(w, "  %-28s %s\n", d.ID, strings.Join(d.Failed, ", "))
	}
	if res.InGap {
		changes, err := e.OneChange(p)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "\nOne change that would close this gap:")
		if len(changes) == 0 {
			fmt.Fprintln(w, "  none: every service refuses on two or more rules")
		}
		for _, c := range changes {
			fmt.Fprintf(w, "  %s: %s\n", c.Service.ID, c.Change)
		}
	}
	return nil
}

func (m *Main) importCmd(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "journeys" { // gapmap2
		return m.importJourneys(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "directory" {
		return fmt.Errorf(`usage: throughline import directory FILE`)
	}
	fs := m.newFlags("import directory")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	path, err := fileArg(fs, args[1:], `usage: throughline import directory FILE`)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := openreferral.ParseAnyFile(b) // either format: its own JSON or HSDS 3.0
	if err != nil {
		return err
	}
	if err := m.applyEnv(fs); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	a := auth.Actor{User: auth.User{Username: "cli-import", Role: auth.SystemAdmin}}
	sum, err := db.ImportDirectory(ctx, a, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "imported %s: %d services added, %d updated, %d unchanged; %d localities\n", path, sum.Created, sum.Updated, sum.Unchanged, sum.Localities)
	return nil
}

func (m *Main) exportCmd(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "mhsds" {
		return m.exportMHSDS(ctx, args[1:]) // export_mhsds.go
	}
	if len(args) > 0 && args[0] == "fhir" {
		return m.exportFHIR(ctx, args[1:]) // export_fhir.go
	}
	if len(args) == 0 || args[0] != "directory" {
		return fmt.Errorf(`usage: throughline export directory [--format throughline|hsds] [--out FILE]`)
	}
	fs := m.newFlags("export directory")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	out := fs.String("out", "", "file to write; default standard output")
	format := fs.String("format", "throughline", "throughline (the directory's own JSON) or hsds (Open Referral UK / HSDS 3.0)")
	if err := m.parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	b, err := encodeDirectory(ctx, db, *format)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = m.Stdout.Write(b)
		return err
	}
	return os.WriteFile(*out, b, 0o644)
}
