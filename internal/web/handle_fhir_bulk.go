package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/directory"
	"throughline/internal/fhir"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// Bulk Data export: the asynchronous request pattern. A kick-off queues a
// job and answers 202 with a status URL; the status URL answers 202 with
// progress until a worker (one process, claimed in the database) has
// written the files, then 200 with the manifest; DELETE cancels.

func (s *Server) handleFHIRExport(w http.ResponseWriter, r *http.Request) error {
	c := fhirClient(r)
	if c == nil {
		return errNotSystemClient
	}
	if !strings.Contains(r.Header.Get("Prefer"), "respond-async") {
		return &statusError{http.StatusBadRequest, "Bulk export is asynchronous: send Prefer: respond-async"}
	}
	q := r.URL.Query()
	for name := range q {
		if name != "_type" && name != "_since" && name != "_outputFormat" {
			return &statusError{http.StatusBadRequest, fmt.Sprintf("Export parameter %q is not supported (use _type, _since, _outputFormat)", name)}
		}
	}
	if f := q.Get("_outputFormat"); f != "" && f != "application/fhir+ndjson" && f != "application/ndjson" && f != "ndjson" {
		return &statusError{http.StatusBadRequest, "Only _outputFormat=application/fhir+ndjson is produced"}
	}
	j := store.ExportJob{Types: fhir.ExportTypes}
	if t := q.Get("_type"); t != "" {
		j.Types = nil
		for _, typ := range strings.Split(t, ",") {
			typ = strings.TrimSpace(typ)
			if !slices.Contains(fhir.ExportTypes, typ) {
				return &statusError{http.StatusBadRequest, fmt.Sprintf("_type %q is not exported; choose from %s", typ, strings.Join(fhir.ExportTypes, ","))}
			}
			if !slices.Contains(j.Types, typ) {
				j.Types = append(j.Types, typ)
			}
		}
	}
	for _, typ := range j.Types {
		if !c.scopes.Allows(typ, true) {
			return problem.Errorf(problem.Forbidden, "This client's scopes do not cover exporting %s", typ)
		}
	}
	if since := q.Get("_since"); since != "" {
		t, err := time.Parse(time.RFC3339, since)
		if err != nil {
			return &statusError{http.StatusBadRequest, "_since must be an instant with a zone, such as 2026-11-01T09:00:00Z"}
		}
		j.Since = t
	}
	if team := r.PathValue("team"); team != "" {
		id, err := strconv.ParseInt(team, 10, 64)
		if err != nil || id <= 0 {
			return problem.Errorf(problem.NotFound, "No Group %q: a Group is a team, named by its number", team)
		}
		teams, err := s.db.Teams(r.Context())
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(teams, func(t directory.Team) bool { return t.ID == id }) {
			return problem.Errorf(problem.NotFound, "No Group %q", team)
		}
		j.TeamID = id
	}
	j.Request = fhirBaseURL(r) + strings.TrimPrefix(r.URL.RequestURI(), fhirBase)
	if err := s.db.CreateExportJob(r.Context(), c.client, &j); err != nil {
		return err
	}
	w.Header().Set("Content-Location", fmt.Sprintf("%s/$export-status/%d", fhirBaseURL(r), j.ID))
	w.WriteHeader(http.StatusAccepted)
	return nil
}

func (s *Server) exportJob(r *http.Request) (*fhirCaller, int64, error) {
	c := fhirClient(r)
	if c == nil {
		return nil, 0, errNotSystemClient
	}
	id, err := strconv.ParseInt(r.PathValue("job"), 10, 64)
	if err != nil || id <= 0 {
		return nil, 0, problem.Errorf(problem.NotFound, "No export job %q", r.PathValue("job"))
	}
	return c, id, nil
}

type exportManifest struct {
	TransactionTime     string           `json:"transactionTime"`
	Request             string           `json:"request"`
	RequiresAccessToken bool             `json:"requiresAccessToken"`
	Output              []manifestOutput `json:"output"`
	Error               []manifestOutput `json:"error"`
}

type manifestOutput struct {
	Type  string `json:"type"`
	URL   string `json:"url"`
	Count int    `json:"count,omitempty"`
}

func (s *Server) handleFHIRExportStatus(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.exportJob(r)
	if err != nil {
		return err
	}
	j, err := s.db.ExportJobFor(r.Context(), c.client.ClientID, id)
	if err != nil {
		return err
	}
	switch j.Status {
	case store.ExportQueued, store.ExportRunning:
		progress := j.Progress
		if progress == "" {
			progress = j.Status
		}
		w.Header().Set("X-Progress", progress)
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusAccepted)
		return nil
	case store.ExportFailed:
		return fmt.Errorf("export job %d failed: %s", j.ID, j.Error)
	case store.ExportCanceled:
		return problem.Errorf(problem.NotFound, "Export job %d was cancelled", j.ID)
	}
	m := exportManifest{TransactionTime: fhir.Instant(j.TransactionTime), Request: j.Request, RequiresAccessToken: true, Output: []manifestOutput{}, Error: []manifestOutput{}}
	for _, f := range j.Files {
		m.Output = append(m.Output, manifestOutput{Type: f.Type, URL: fmt.Sprintf("%s/$export-file/%d/%s", fhirBaseURL(r), j.ID, f.Type), Count: f.Count})
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) handleFHIRExportCancel(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.exportJob(r)
	if err != nil {
		return err
	}
	if err := s.db.CancelExportJob(r.Context(), c.client, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

func (s *Server) handleFHIRExportFile(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.exportJob(r)
	if err != nil {
		return err
	}
	out := &ndjsonFile{w: w}
	err = s.db.ExportFile(r.Context(), c.client, id, r.PathValue("type"), out)
	if err != nil && out.sent {
		// Part of the file has gone out as a 200: ending the response
		// cleanly would pass the part off as the whole file.
		s.log.Error("bulk export file cut short", "job", id, "type", r.PathValue("type"), "err", err)
		panic(http.ErrAbortHandler)
	}
	return err
}

// ndjsonFile sends an export file's headers with its first part, so that
// a file that cannot be sent at all is answered with an error instead.
type ndjsonFile struct {
	w    http.ResponseWriter
	sent bool
}

func (f *ndjsonFile) Write(b []byte) (int, error) {
	if !f.sent {
		f.sent = true
		f.w.Header().Set("Content-Type", "application/fhir+ndjson")
		f.w.Header().Set("Cache-Control", "no-store")
	}
	return f.w.Write(b)
}

// RunFHIRExports claims and runs queued bulk export jobs until ctx ends,
// checking every interval when there is none. Any number of processes may
// run it: the claim in the database gives each job to one of them.
func (s *Server) RunFHIRExports(ctx context.Context, worker string, interval time.Duration) {
	for {
		ran, err := s.RunOneFHIRExport(ctx, worker)
		if err != nil {
			s.log.Error("bulk export", "err", err)
		}
		if ran {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// RunOneFHIRExport runs the oldest queued job, if there is one.
func (s *Server) RunOneFHIRExport(ctx context.Context, worker string) (bool, error) {
	j, ok, err := s.db.ClaimExportJob(ctx, worker)
	if err != nil || !ok {
		return false, err
	}
	s.log.Info("bulk export", slog.Int64("job", j.ID), slog.String("client", j.ClientID))
	return true, s.db.RunExportJob(ctx, j)
}
