package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/demo"
	"throughline/internal/store/storetest"
)

// BenchmarkPrinciplesPage serves /reports/principles to a team manager over
// the 2,000-person demo region, and in the same run a hello-world handler
// behind the same kind of server and client: the ceiling. Compare runs by
// the reported ratio H (the page's throughput over hello-world's), never by a time, since this
// machine's speed drifts. It replaces the wall-clock limit the browser test
// once had, which failed on a loaded machine.
func BenchmarkPrinciplesPage(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, filepath.Join(b.TempDir(), "principles.db"))
	hash, err := auth.HashPassword("benchmark password", cheapArgon)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, Scale: 1, Now: now, PasswordHash: hash}); err != nil {
		b.Fatal(err)
	}
	db.Now = func() time.Time { return now }
	srv, err := New(db, DefaultConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	pages := httptest.NewServer(srv.Handler())
	defer pages.Close()
	hello := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, world\n") }))
	defer hello.Close()

	manager, err := db.UserByUsername(ctx, "manager")
	if err != nil {
		b.Fatal(err)
	}
	token, csrf := auth.NewToken(), auth.NewToken()
	if err := db.CreateSession(ctx, auth.Session{TokenHash: auth.HashToken(token), UserID: manager.ID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now}, ""); err != nil {
		b.Fatal(err)
	}
	// Each iteration is one hello-world request and one page: the time of
	// each is summed apart, so the ratio is of two measurements taken
	// side by side.
	var helloTime, pageTime time.Duration
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		benchGet(b, hello.URL, "")
		helloTime += time.Since(t)
		t = time.Now()
		benchGet(b, pages.URL+"/reports/principles", token)
		pageTime += time.Since(t)
	}
	// H: the page's throughput as a share of hello-world's (1 H = as fast as hello-world).
	b.ReportMetric(float64(helloTime)/float64(pageTime), "H")
}
