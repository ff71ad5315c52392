package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/openreferral"
)

// TestDirectoryImportAcceptsHSDS: the import page takes an Open Referral
// UK (HSDS 3.0) file as well as the directory's own format, as the
// command line does, and imports the same services.
func TestDirectoryImportAcceptsHSDS(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		own, err := directory.ParseFile(readDirectoryTestFile(t))
		if err != nil {
			t.Fatal(err)
		}
		recs := make([]openreferral.Record, len(own.Services))
		for i, s := range own.Services {
			recs[i] = openreferral.Record{Service: s, Modified: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
		}
		hsds, err := openreferral.EncodeFile(recs, own.Localities)
		if err != nil {
			t.Fatal(err)
		}
		mgr, csrf := f.session(t, f.users[auth.TeamManager])
		res, body := f.do(t, http.MethodPost, "/directory/import", mgr, url.Values{"csrf_token": {csrf}, "file": {string(hsds)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("import of an HSDS file: %d\n%s", res.StatusCode, body)
		}
		svcs, err := f.db.Services(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(svcs), 1+len(own.Services); got != want {
			t.Errorf("%d services after importing the HSDS file, want %d", got, want)
		}
	})
}
