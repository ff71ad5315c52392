package web

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"throughline/internal/store"
)

// auditCostClients is how many signed-in clients read records at once,
// as bench-http's person page does.
const auditCostClients = 8

// auditCostPhase is how many pages one timed phase serves.
const auditCostPhase = 400

// BenchmarkAuditCost serves the person page to 8 concurrent clients in
// alternating phases with and without its audit event, and reports what
// the audit costs as a share of the page's throughput (the target
// is at most 15%): 1 - audited req/s ÷ unaudited req/s, and how many
// reads shared each audit commit. Phases alternate
// so that load from elsewhere on the machine falls on both alike.
func BenchmarkAuditCost(b *testing.B) {
	d := newDemoBench(b, "clinician")
	caseload, err := d.db.Episodes(context.Background(), store.EpisodeFilter{WorkerID: d.user.ID, ActiveOnly: true})
	if err != nil || len(caseload) == 0 {
		b.Fatalf("the demo clinician has no caseload (%v)", err)
	}
	var urls []string
	for _, e := range caseload {
		urls = append(urls, d.pages.URL+personURL(e.PersonID))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: auditCostClients}}
	b.Cleanup(client.CloseIdleConnections)
	ctx := context.Background()
	// phase serves n pages across the clients and returns the wall time
	// and the process's CPU time it took. It checks that exactly the
	// audited phases added an audit event per page.
	phase := func(n int, audited bool) (wall, cpu time.Duration) {
		d.srv.unauditedReads.Store(!audited)
		before, err := d.db.AuditTotal(ctx, store.AuditFilter{})
		if err != nil {
			b.Fatal(err)
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, auditCostClients)
		start, cpu0 := time.Now(), processCPU(b)
		for range auditCostClients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := next.Add(1); i <= int64(n); i = next.Add(1) {
					if err := fetchAs(client, urls[int(i)%len(urls)], d.token); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		wall, cpu = time.Since(start), processCPU(b)-cpu0
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		after, err := d.db.AuditTotal(ctx, store.AuditFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if got, want := after-before, map[bool]int{true: n}[audited]; got != want {
			b.Fatalf("%d audit events for %d pages (audited %v), want %d", got, n, audited, want)
		}
		return wall, cpu
	}
	phase(auditCostPhase, true)    // warm the connections and caches
	var wall, cpu [2]time.Duration // [0] audited, [1] not
	commits := d.db.AuditCommits()
	b.ResetTimer()
	for served := 0; served < b.N; served += auditCostPhase {
		n := min(auditCostPhase, b.N-served)
		w, c := phase(n, true)
		wall[0], cpu[0] = wall[0]+w, cpu[0]+c
		w, c = phase(n, false)
		wall[1], cpu[1] = wall[1]+w, cpu[1]+c
	}
	b.StopTimer()
	d.srv.unauditedReads.Store(false)
	commits = d.db.AuditCommits() - commits
	perSecond := func(w time.Duration) float64 { return float64(b.N) / w.Seconds() }
	b.ReportMetric(perSecond(wall[0]), "audited-req/s")
	b.ReportMetric(perSecond(wall[1]), "unaudited-req/s")
	b.ReportMetric(100*(1-float64(wall[1])/float64(wall[0])), "audit-cost-%")
	b.ReportMetric(float64(cpu[0])/float64(b.N)/1e3, "audited-cpu-µs/op")
	b.ReportMetric(float64(cpu[1])/float64(b.N)/1e3, "unaudited-cpu-µs/op")
	b.ReportMetric(float64(b.N)/float64(max(commits, 1)), "reads/commit")
}

// fetchAs fetches url with the session token and reads the whole page;
// anything but 200 is an error, since a benchmark of error pages is wrong.
func fetchAs(c *http.Client, url, token string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return &statusError{status: res.StatusCode, message: "GET " + url}
	}
	return nil
}
