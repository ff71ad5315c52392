package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"throughline/internal/auth"
	"throughline/internal/csvsafe"
	"throughline/internal/mhsds"
	"throughline/internal/uktime"
)

// exportMHSDS writes one month's MHSDS-shaped extract, one CSV per table,
// or nothing at all if a mandatory field is missing anywhere.
func (m *Main) exportMHSDS(ctx context.Context, args []string) error {
	fs := m.newFlags("export mhsds")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	month := fs.String("month", "", "reporting month, e.g. 2026-10 (required)")
	out := fs.String("out", "", "directory to write the CSV files into (required)")
	org := fs.String("org-code", "", "ODS code of the provider organisation (mandatory in MHS000Header)")
	teamType := fs.String("team-type", mhsds.DefaultTeamType, "SERVICE OR TEAM TYPE REFERRED TO FOR MENTAL HEALTH (A16: Personality Disorder Service)")
	mechanism := fs.String("consultation-mechanism", "", "CONSULTATION MECHANISM for every contact: 01 face to face, 02 telephone, 11 video (Throughline does not record it per contact)")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if *month == "" || *out == "" {
		return fmt.Errorf("usage: throughline export mhsds --month 2026-10 --out DIR --org-code CODE --consultation-mechanism 01")
	}
	period, err := mhsds.ParseMonth(*month, uktime.London)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	a := auth.Actor{User: auth.User{Username: "cli-export-mhsds", Role: auth.SystemAdmin}}
	activity, err := db.MHSDSActivity(ctx, a, period)
	if err != nil {
		return err
	}
	tables, err := mhsds.Build(activity, mhsds.Config{OrgCode: *org, TeamType: *teamType, ConsultationMechanism: *mechanism, Created: db.Now()}, period)
	if err != nil {
		return err // every missing mandatory field, and nothing written
	}
	files := map[string][]byte{}
	for _, t := range tables {
		rows := [][]csvsafe.Cell{csvsafe.Texts(t.Columns...)}
		for _, r := range t.Rows {
			rows = append(rows, csvsafe.Texts(r...))
		}
		b, err := csvsafe.Encode(rows)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		files[t.Name+".csv"] = b
	}
	if err := os.MkdirAll(*out, 0o750); err != nil {
		return err
	}
	for _, t := range tables {
		if err := os.WriteFile(filepath.Join(*out, t.Name+".csv"), files[t.Name+".csv"], 0o640); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s.csv: %d rows\n", t.Name, len(t.Rows))
	}
	return nil
}
