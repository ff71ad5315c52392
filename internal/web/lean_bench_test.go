package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/demo"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// demoBench is the 2,000-person demo region served beside a hello-world
// handler, with a signed-in session for one of its users.
type demoBench struct {
	db           *store.DB
	srv          *Server
	pages, hello *httptest.Server
	token        string
	user         auth.User
}

// benchNow is when the demo region for benchmarks is built and served.
var benchNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// demoRegion is the 2,000-person demo region, loaded once per test
// process and copied for each benchmark run (the benchmark function runs
// several times as b.N grows, and a load takes seconds).
var demoRegion = &storetest.Template{Name: "lean_demo", Build: func(ctx context.Context, db *store.DB) error {
	hash, err := auth.HashPassword("benchmark password", cheapArgon)
	if err != nil {
		return err
	}
	_, err = demo.Load(ctx, db, demo.Options{Seed: 1, Scale: 1, Now: benchNow, PasswordHash: hash})
	return err
}}

func newDemoBench(b *testing.B, username string) *demoBench {
	ctx := context.Background()
	db := demoRegion.Open(b, "sqlite")
	now := benchNow
	db.Now = func() time.Time { return now }
	srv, err := New(db, DefaultConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	d := &demoBench{db: db, srv: srv, pages: httptest.NewServer(srv.Handler()),
		hello: httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, world\n") }))}
	b.Cleanup(d.pages.Close)
	b.Cleanup(d.hello.Close)
	if d.user, err = db.UserByUsername(ctx, username); err != nil {
		b.Fatal(err)
	}
	d.token = auth.NewToken()
	if err := db.CreateSession(ctx, auth.Session{TokenHash: auth.HashToken(d.token), UserID: d.user.ID, CSRFToken: auth.NewToken(), CreatedAt: now, LastSeenAt: now}, ""); err != nil {
		b.Fatal(err)
	}
	return d
}

// benchGet fetches url as the session token's user (or no one) and fails
// the benchmark on anything but 200: a benchmark of error pages is wrong.
func benchGet(b *testing.B, url, token string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d", url, res.StatusCode)
	}
}

// run serves path and hello-world alternately, as BenchmarkPrinciplesPage
// does, and reports the ratio H and SQL statements per page.
func (d *demoBench) run(b *testing.B, path string) {
	var helloTime, pageTime time.Duration
	statements := d.db.Statements()
	cpu := processCPU(b)
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		benchGet(b, d.hello.URL, "")
		helloTime += time.Since(t)
		t = time.Now()
		benchGet(b, d.pages.URL+path, d.token)
		pageTime += time.Since(t)
	}
	b.ReportMetric(float64(helloTime)/float64(pageTime), "H")
	b.ReportMetric(float64(d.db.Statements()-statements)/float64(b.N), "statements/op")
	// CPU time per page (server, client and the hello-world request
	// together) moves far less than wall time on a busy machine.
	b.ReportMetric(float64(processCPU(b)-cpu)/float64(b.N)/1e3, "cpu-µs/op")
}

// processCPU is the CPU time this process has used, user and system.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPersonPage serves a person's record to the demo clinician who
// is their named worker; see BenchmarkPrinciplesPage for the ratio H.
func BenchmarkPersonPage(b *testing.B) {
	d := newDemoBench(b, "clinician")
	d.run(b, fmt.Sprintf("/people/%d", d.firstOnCaseload(b)))
}

// firstOnCaseload is the person on the signed-in user's caseload whose
// pages the benchmarks serve.
func (d *demoBench) firstOnCaseload(b *testing.B) int64 {
	caseload, err := d.db.Episodes(context.Background(), store.EpisodeFilter{WorkerID: d.user.ID, ActiveOnly: true})
	if err != nil || len(caseload) == 0 {
		b.Fatalf("the demo user has no caseload (%v)", err)
	}
	return caseload[0].PersonID
}

// BenchmarkClinicianHome serves the demo clinician's home page: their
// caseload, referrals, today, tasks and measures due.
func BenchmarkClinicianHome(b *testing.B) {
	newDemoBench(b, "clinician").run(b, "/")
}

// BenchmarkCarePlan serves the care plan of a person on the demo
// clinician's caseload: a form with a box for each need, an action row
// (text, owner) for each action and a rating select for each goal.
func BenchmarkCarePlan(b *testing.B) {
	d := newDemoBench(b, "clinician")
	d.run(b, fmt.Sprintf("/people/%d/care-plan", d.firstOnCaseload(b)))
}

// BenchmarkPageHandler serves the hot signed-in pages straight to the
// handler, with no network, client or hello-world beside them and without
// the audit write (which BenchmarkAuditCost measures), so cpu-µs/op is the
// server's own work for a page: the figure to compare when changing what
// a request costs besides its audit.
func BenchmarkPageHandler(b *testing.B) {
	d := newDemoBench(b, "clinician")
	d.srv.unauditedReads.Store(true)
	b.Cleanup(func() { d.srv.unauditedReads.Store(false) })
	id := d.firstOnCaseload(b)
	h := d.srv.Handler()
	for _, page := range []struct{ name, path string }{
		{"person", fmt.Sprintf("/people/%d", id)},
		{"careplan", fmt.Sprintf("/people/%d/care-plan", id)},
		{"home", "/"},
		// The rest of the mix bench-http drives.
		{"crisisplan", fmt.Sprintf("/people/%d/crisis-plan", id)},
		{"appointments", fmt.Sprintf("/people/%d/appointments", id)},
		{"diary", "/diary"},
		{"waiting", "/waiting"},
		{"caseload", "/caseload"},
	} {
		b.Run(page.name, func(b *testing.B) {
			statements, cpu := d.db.Statements(), processCPU(b)
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, page.path, nil)
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: d.token})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", page.path, rec.Code)
				}
			}
			b.ReportMetric(float64(d.db.Statements()-statements)/float64(b.N), "statements/op")
			// CPU time moves far less than wall time on a busy machine.
			b.ReportMetric(float64(processCPU(b)-cpu)/float64(b.N)/1e3, "cpu-µs/op")
		})
	}
}
