package web

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"throughline/internal/store/storetest"
)

// An export file that cannot be sent whole (a part is gone: the job was
// cancelled while the file was being sent) is cut off, so the client sees
// a failed download rather than a complete-looking short file; one that
// is whole is sent as NDJSON.
func TestFHIRExportFileCutShortIsNotSentAsWhole(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ec := registerClient(t, f, "trust-epr", "system/*.rs", false)
		tok := ec.token(t, f)
		res, body := bearerGet(t, f, "GET", fhirBase+"/$export?_type=Patient", tok, map[string]string{"Prefer": "respond-async", "Accept": "application/fhir+json"})
		if res.StatusCode != 202 {
			t.Fatalf("kick-off: %d %s", res.StatusCode, body)
		}
		if ran, err := f.srv.RunOneFHIRExport(ctx, "test"); err != nil || !ran {
			t.Fatalf("worker: ran %v, %v", ran, err)
		}
		file := strings.TrimPrefix(res.Header.Get("Content-Location"), f.ts.URL)
		file = strings.Replace(file, "$export-status", "$export-file", 1) + "/Patient"
		get := func() (*http.Response, string, error) {
			req, err := http.NewRequest("GET", f.ts.URL+file, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return nil, "", err
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			return res, string(b), err
		}
		res, whole, err := get()
		if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/fhir+ndjson" || strings.Count(whole, "\n") != 2 {
			t.Fatalf("whole file: %v %v %q", err, res, whole)
		}
		storetest.Seed(t, f.db, `UPDATE fhir_export_files SET parts = parts + 1 WHERE type = 'Patient'`)
		res, short, err := get()
		if err == nil {
			t.Errorf("a file missing its last part was sent in full: %d, %d bytes", res.StatusCode, len(short))
		}
		if got, want := short, whole; len(got) > len(want) || got != want[:len(got)] {
			t.Errorf("what was sent of the cut file is not its first part:\n got %.100q\nwant %.100q", got, want)
		}
	})
}
