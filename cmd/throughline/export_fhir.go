package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/fhir"
	"throughline/internal/store"
)

// exportFHIR writes every person's records as FHIR R4, one
// <Type>.ndjson per resource type, as the bulk export does. Files are
// written beside their final names and renamed only when all are
// complete, so a failed export leaves any earlier one untouched.
func (m *Main) exportFHIR(ctx context.Context, args []string) error {
	fs := m.newFlags("export fhir")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	out := fs.String("out", "", "directory to write the <Type>.ndjson files to (required)")
	since := fs.String("since", "", "only resources changed at or after this time (2026-11-01 or 2026-11-01T09:00:00Z)")
	types := fs.String("type", "", "comma-separated resource types; default all: "+strings.Join(fhir.ExportTypes, ","))
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("export fhir needs --out DIR")
	}
	want, err := exportTypes(*types)
	if err != nil {
		return err
	}
	from, err := sinceFlag(*since)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o750); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()

	w, err := newNDJSONSet(*out, want)
	if err != nil {
		return err
	}
	defer w.abandon()
	nd := &fhir.NDJSON{Types: want, Since: from, Out: func(typ string) io.Writer { return w.bufs[typ] }}
	err = db.EachFHIRPerson(ctx, auth.System, 0, func(p store.FHIRExportPerson) error { return nd.AddAll(p.Records().Resources()) })
	if err != nil {
		return err
	}
	if err := nd.AddAll(fhir.Questionnaires()); err != nil {
		return err
	}
	if err := db.AddFHIRDirectory(ctx, nd); err != nil {
		return err
	}
	if err := w.commit(); err != nil {
		return err
	}
	for _, t := range want {
		fmt.Fprintf(m.Stdout, "%s.ndjson: %d\n", t, nd.Counts[t])
	}
	return nil
}

func exportTypes(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return fhir.ExportTypes, nil
	}
	var out []string
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if !slices.Contains(fhir.ExportTypes, t) {
			return nil, fmt.Errorf("--type %q is not exported; choose from %s", t, strings.Join(fhir.ExportTypes, ","))
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

func sinceFlag(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q is not a date (2026-11-01) or a time with zone (2026-11-01T09:00:00Z)", s)
}

// ndjsonSet is one temporary file per type, renamed into place together.
type ndjsonSet struct {
	dir   string
	files map[string]*os.File
	bufs  map[string]*bufio.Writer
}

func newNDJSONSet(dir string, types []string) (*ndjsonSet, error) {
	s := &ndjsonSet{dir: dir, files: map[string]*os.File{}, bufs: map[string]*bufio.Writer{}}
	for _, t := range types {
		f, err := os.CreateTemp(dir, "."+t+"-*.ndjson")
		if err != nil {
			s.abandon()
			return nil, err
		}
		s.files[t], s.bufs[t] = f, bufio.NewWriter(f)
	}
	return s, nil
}

func (s *ndjsonSet) commit() error {
	for t, f := range s.files {
		if err := s.bufs[t].Flush(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	for t, f := range s.files {
		if err := os.Rename(f.Name(), filepath.Join(s.dir, t+".ndjson")); err != nil {
			return err
		}
		delete(s.files, t)
	}
	return nil
}

// abandon removes any temporary file not yet renamed.
func (s *ndjsonSet) abandon() {
	for _, f := range s.files {
		f.Close()
		os.Remove(f.Name())
	}
}
