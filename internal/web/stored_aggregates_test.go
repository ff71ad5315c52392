package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/indicators"
	"throughline/internal/journey"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// freezeClock stops the fixture's clock, so that figures computed at
// different moments describe the same instant.
func freezeClock(f *fixture) time.Time {
	now := f.db.Now()
	f.db.Now = func() time.Time { return now }
	return now
}

// TestStoredPrinciplesMatchDirectComputation: the principles page's
// stored figures, read back and disclosed, give exactly the report the
// facts give when computed directly, for the whole service and for a
// team manager's teams.
func TestStoredPrinciplesMatchDirectComputation(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		principlesPeople(t, f)
		freezeClock(f)
		ctx := context.Background()
		for _, role := range []auth.Role{auth.Commissioner, auth.TeamManager} {
			got, err := f.srv.principles(f.requestAs(t, role, "/reports/principles"))
			if err != nil || !got.Stored.Ready {
				t.Fatalf("%s: %v, ready %v", role, err, got.Stored.Ready)
			}
			teams, _ := principlesTeams(&auth.User{Role: role, TeamIDs: f.users[role].TeamIDs})
			p, _, _, err := principlesPeriod(url.Values{}, f.db.Now())
			if err != nil {
				t.Fatal(err)
			}
			// Directly, as the page computed before figures were stored.
			sc, err := f.db.CENScope(ctx, teams)
			if err != nil {
				t.Fatal(err)
			}
			facts, err := f.db.IndicatorFacts(ctx, sc, p)
			if err != nil {
				t.Fatal(err)
			}
			want := indicators.Compute(facts)
			active, err := f.db.ActiveEpisodeFacts(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			plans, err := f.db.PlanNeedsFacts(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			changes, err := f.db.EpisodeChangeFacts(ctx, sc, p)
			if err != nil {
				t.Fatal(err)
			}
			want.Sections = append(want.Sections, indicators.Flexible(changes), indicators.Available(active, facts.Now), indicators.Complexity(plans))
			if !reflect.DeepEqual(got.Report, want) {
				t.Errorf("%s: the stored report differs from the direct computation:\n got %+v\nwant %+v", role, got.Report.Sections, want.Sections)
			}
			ids := teamIDsOf(sc.Teams)
			scores, err := f.db.FeedbackScores(ctx, ids, p.From, p.To.AddDate(0, 0, 1))
			if err != nil {
				t.Fatal(err)
			}
			support, err := f.db.StaffSupportFacts(ctx, ids, staff.Today(f.db.Now()))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, team := range sc.Teams {
				names = append(names, team.Name)
			}
			if w := principlesFeedback(names, scores); !reflect.DeepEqual(got.Feedback, w) {
				t.Errorf("%s: feedback differs: got %+v, want %+v", role, got.Feedback, w)
			}
			if w := principlesStaffFrom(support); !reflect.DeepEqual(got.Staff, w) {
				t.Errorf("%s: staff support differs: got %+v, want %+v", role, got.Staff, w)
			}
		}
	})
}

// TestStoredJourneysMatchDirectComputation: the journeys page's stored
// analysis, read back, is the analysis computed directly (every count,
// including the referrals declined that JSON would have lost beside the
// people declined), and its patterns are the direct journeys'.
func TestStoredJourneysMatchDirectComputation(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		declinedPeople(t, f, 12)
		freezeClock(f)
		ctx := context.Background()
		from := f.db.Now().AddDate(-1, 0, 0).Format(time.DateOnly)
		for _, locality := range []string{"", "N"} {
			q := url.Values{"from": {from}, "locality": {locality}}
			d, got, err := f.srv.journeyResult(f.requestAs(t, auth.Commissioner, "/gaps/journeys?"+q.Encode()))
			if err != nil || !d.Stored.Ready {
				t.Fatalf("%q: %v, ready %v", locality, err, d.Stored.Ready)
			}
			filter, _, _, err := journeyFilter(q, f.db.Now())
			if err != nil {
				t.Fatal(err)
			}
			in, err := f.db.JourneyData(ctx, filter.From, filter.To, filter.Locality)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.srv.withImportedJourneys(ctx, &in); err != nil {
				t.Fatal(err)
			}
			want := journey.AnalyseCompact(&in, filter)
			patterns := rawPatterns(want, &in)
			want.Journeys = nil
			if !reflect.DeepEqual(got.Result, want) {
				t.Errorf("%q: the stored analysis differs from the direct one:\n got %+v\nwant %+v", locality, got.Result.Summary, want.Summary)
			}
			if !reflect.DeepEqual(got.Patterns, patterns) || len(patterns) == 0 {
				t.Errorf("%q: patterns: got %+v, want %+v", locality, got.Patterns, patterns)
			}
		}
	})
}

// requestAs is a GET of path as the fixture's user with role, signed in.
func (f *fixture) requestAs(t *testing.T, role auth.Role, path string) *http.Request {
	t.Helper()
	u := f.users[role]
	r := httptest.NewRequest(http.MethodGet, path, nil)
	return r.WithContext(context.WithValue(r.Context(), userKey, &u))
}

var asOfLine = regexp.MustCompile(`Figures as of (\d\d:\d\d) today; they are refreshed every 5 minutes\.`)

// TestStoredFiguresRefreshInTheBackground: with serve's worker running,
// the page shows stored figures and how fresh they are; new data does not
// change them until a refresh, which a manager asks for with the page's
// own form and the worker (not the request) computes; the worker stops
// when its context ends.
func TestStoredFiguresRefreshInTheBackground(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx, cancel := context.WithCancel(context.Background())
		stopped := make(chan struct{})
		go func() { defer close(stopped); f.srv.RunAggregates(ctx, "test-worker", 20*time.Millisecond) }()
		defer func() {
			cancel()
			<-stopped
		}()
		token, csrf := f.session(t, f.users[auth.TeamManager])
		asian := regexp.MustCompile(`Asian British</th><td class="nhsuk-table__cell">10</td>`)
		page := func() string {
			t.Helper()
			res, body := f.do(t, http.MethodGet, "/reports/principles", token, nil)
			if res.StatusCode != http.StatusOK || !asOfLine.MatchString(body) {
				t.Fatalf("principles: %d, freshness shown %v", res.StatusCode, asOfLine.MatchString(body))
			}
			return body
		}
		// The first view of a set waits up to aggregateWait for the worker;
		// on a slow machine it may say the figures are being prepared.
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			_, body := f.do(t, http.MethodGet, "/reports/principles", token, nil)
			if asOfLine.MatchString(body) {
				break
			}
			if !strings.Contains(body, "These figures are being prepared") || time.Now().After(deadline) {
				t.Fatal("the first view neither showed figures nor said they were being prepared")
			}
		}
		if asian.MatchString(page()) {
			t.Fatal("referrals counted before they were made")
		}
		principlesPeople(t, f)
		if asian.MatchString(page()) {
			t.Fatal("the page computed new figures in the request instead of showing the stored ones")
		}
		body := page()
		form := regexp.MustCompile(`<form method="post" action="/reports/principles/refresh"[^>]*>([\s\S]*?)</form>`).FindStringSubmatch(body)
		if form == nil {
			t.Fatal("no refresh form on the page")
		}
		fields := url.Values{}
		for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(form[1], -1) {
			fields.Set(m[1], m[2])
		}
		if fields.Get("csrf_token") != csrf || fields.Get("from") == "" || fields.Get("to") == "" {
			t.Fatalf("refresh form fields: %v", fields)
		}
		res, _ := f.do(t, http.MethodPost, "/reports/principles/refresh", token, fields)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("refresh: %d", res.StatusCode)
		}
		deadline := time.Now().Add(15 * time.Second)
		for !asian.MatchString(page()) {
			if time.Now().After(deadline) {
				t.Fatal("the new referrals never showed after a refresh")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if bad, _ := f.do(t, http.MethodPost, "/reports/principles/refresh", token, url.Values{"from": {fields.Get("from")}}); bad.StatusCode != http.StatusForbidden {
			t.Errorf("refresh without the form's token: %d, want 403", bad.StatusCode)
		}
	})
}

// TestPreparingPage: where serve's worker runs and another process is
// computing a set nobody had asked for, the page says the figures are
// being prepared in a status region that checks again; the check changes
// nothing until the figures are stored, then reloads the page; the
// download waits with a clear message.
func TestPreparingPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.srv.agg.running.Store(true) // as under serve, whose worker is busy elsewhere
		ctx := context.Background()
		token, _ := f.session(t, f.users[auth.Commissioner])
		q := url.Values{"from": {"2026-01-01"}, "to": {"2026-02-28"}}
		other := claimPrinciples(t, f, q, "another process")
		res, body := f.do(t, http.MethodGet, "/reports/principles?"+q.Encode(), token, nil)
		for _, want := range []string{"These figures are being prepared", `role="status"`, `aria-live="polite"`, `hx-get="/reports/principles?from=2026-01-01&amp;to=2026-02-28&amp;poll=1"`, "Check again"} {
			if res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("preparing page: %d, lacks %q", res.StatusCode, want)
			}
		}
		if strings.Contains(body, "Timely") {
			t.Error("indicators shown before their figures exist")
		}
		poll := func() *http.Response {
			req, err := http.NewRequest(http.MethodGet, f.ts.URL+"/reports/principles?"+q.Encode()+"&poll=1", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
			req.Header.Set("HX-Request", "true")
			res, _ := send(t, req)
			return res
		}
		if res := poll(); res.StatusCode != http.StatusNoContent {
			t.Errorf("check while preparing: %d, want 204", res.StatusCode)
		}
		if res, _ := f.do(t, http.MethodGet, "/reports/principles.csv?"+q.Encode(), token, nil); res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "60" {
			t.Errorf("download while preparing: %d, Retry-After %q; want 503, 60", res.StatusCode, res.Header.Get("Retry-After"))
		}
		if err := f.srv.computeClaimed(ctx, other); err != nil {
			t.Fatal(err)
		}
		if res := poll(); res.StatusCode != http.StatusOK || res.Header.Get("HX-Refresh") != "true" {
			t.Errorf("check once ready: %d, HX-Refresh %q", res.StatusCode, res.Header.Get("HX-Refresh"))
		}
		if _, body := f.do(t, http.MethodGet, "/reports/principles?"+q.Encode(), token, nil); !strings.Contains(body, "Timely") || !asOfLine.MatchString(body) {
			t.Error("the figures are not shown once stored")
		}
	})
}

// lockedBuffer collects a server's log from its worker goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTwoServersOneStoredAggregate: two servers, each with its own pool
// on one database (two serve processes behind a load balancer), both run
// the worker; each default view is computed by exactly one of them, and
// both pages show the same figures.
func TestTwoServersOneStoredAggregate(t *testing.T) {
	t.Parallel()
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dsn := mk(t)
			f := newFixture(t, storetest.Open(t, dsn))
			principlesPeople(t, f)
			importSmall(t, f)
			declinedPeople(t, f, 10)
			second, err := New(storetest.Open(t, dsn), f.srv.cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			servers := []*Server{f.srv, second}
			logs := []*lockedBuffer{{}, {}}
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			for i, s := range servers {
				s.log = slog.New(slog.NewTextHandler(logs[i], nil))
				wg.Add(1)
				go func() {
					defer wg.Done()
					s.RunAggregates(ctx, name+"-server-"+string(rune('a'+i)), 10*time.Millisecond)
				}()
			}
			var defaults []string
			for _, rep := range f.srv.storedReports() {
				sets, err := rep.defaults(context.Background(), f.db.Now())
				if err != nil {
					t.Fatal(err)
				}
				for _, params := range sets {
					defaults = append(defaults, rep.name+" "+params)
				}
			}
			deadline := time.Now().Add(30 * time.Second)
			for _, d := range defaults {
				report, params, _ := strings.Cut(d, " ")
				for {
					r, _, err := f.db.StoredAggregate(context.Background(), report, params)
					if err != nil {
						t.Fatal(err)
					}
					if r.Ready() {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s never computed", d)
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
			time.Sleep(100 * time.Millisecond) // both workers go round again: nothing is due
			cancel()
			wg.Wait()
			for _, d := range defaults {
				report, params, _ := strings.Cut(d, " ")
				shown := params // as slog's text handler writes it
				if strings.ContainsAny(params, "= \"") {
					shown = strconv.Quote(params)
				}
				line := `msg="stored aggregate" report=` + report + ` params=` + shown + ` `
				if n := strings.Count(logs[0].String(), line) + strings.Count(logs[1].String(), line); n != 1 {
					t.Errorf("%s computed %d times, want once", d, n)
				}
			}
			p, _, _, err := principlesPeriod(url.Values{}, f.db.Now())
			if err != nil {
				t.Fatal(err)
			}
			var figures [2]principlesFigures
			for i, s := range servers {
				st, err := s.storedFigures(context.Background(), reportPrinciples, principlesParams(p, nil), &figures[i])
				if err != nil || !st.Ready {
					t.Fatalf("server %d: %v %v", i, err, st.Ready)
				}
			}
			if !reflect.DeepEqual(figures[0], figures[1]) || figures[0].Indicators.Dimensions[0].All.Referrals != 15 {
				t.Errorf("the servers read different figures, or not the region's: %+v\n%+v", figures[0].Indicators, figures[1].Indicators)
			}
		})
	}
}

// TestDownloadWaitsForAnotherRequestsComputation: on a server without a
// worker, a download asked for while another request computes the same
// figures waits for them, however long past aggregateWait that takes,
// rather than answering that they are being prepared.
func TestDownloadWaitsForAnotherRequestsComputation(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		token, _ := f.session(t, f.users[auth.Commissioner])
		q := url.Values{"from": {"2026-01-01"}, "to": {"2026-02-28"}}
		other := claimPrinciples(t, f, q, "request")
		done := make(chan error, 1)
		go func() {
			time.Sleep(aggregateWait + time.Second)
			done <- f.srv.computeClaimed(ctx, other)
		}()
		res, body := f.do(t, http.MethodGet, "/reports/principles.csv?"+q.Encode(), token, nil)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Principles in practice") {
			t.Errorf("download while another request computes: %d\n%s", res.StatusCode, body)
		}
	})
}

// claimPrinciples asks for the principles figures of the period in q and
// claims them as worker, as another request or process computing them
// would.
func claimPrinciples(t *testing.T, f *fixture, q url.Values, worker string) store.AggregateClaim {
	t.Helper()
	ctx := context.Background()
	p, _, _, err := principlesPeriod(q, f.db.Now())
	if err != nil {
		t.Fatal(err)
	}
	params := principlesParams(p, nil)
	if err := f.db.WantAggregate(ctx, reportPrinciples, params, f.db.Now()); err != nil {
		t.Fatal(err)
	}
	c, ok, err := f.db.ClaimAggregate(ctx, reportPrinciples, params, worker, f.db.Now(), aggregatePolicy.Lease)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	return c
}

// TestWorkerDropsSetsNobodyReads: serve's worker removes a stored set
// nobody has opened for aggregateRetention, and keeps the default views.
func TestWorkerDropsSetsNobodyReads(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx, cancel := context.WithCancel(context.Background())
		now := freezeClock(f)
		if err := f.db.WantAggregate(context.Background(), reportJourneys, "from=2025-01-01&locality=&to=2025-12-31", now.Add(-aggregateRetention-time.Hour)); err != nil {
			t.Fatal(err)
		}
		stopped := make(chan struct{})
		go func() { defer close(stopped); f.srv.RunAggregates(ctx, "test-worker", 20*time.Millisecond) }()
		defer func() {
			cancel()
			<-stopped
		}()
		deadline := time.Now().Add(15 * time.Second)
		for {
			_, old, err := f.db.StoredAggregate(context.Background(), reportJourneys, "from=2025-01-01&locality=&to=2025-12-31")
			if err != nil {
				t.Fatal(err)
			}
			_, overview, err := f.db.StoredAggregate(context.Background(), reportOverview, overviewParams)
			if err != nil {
				t.Fatal(err)
			}
			if !old && overview {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("after 15 s: the unread set kept %v, the default view stored %v", old, overview)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
