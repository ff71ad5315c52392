package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/demo"
	"throughline/internal/disclosure"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

const demoPassword = "demo region password"

// loadDemo is the whole demo region (about 2,000 people) on a fixed day.
func loadDemo(t *testing.T) *store.DB {
	t.Helper()
	db := storetest.Open(t, filepath.Join(t.TempDir(), "demo.db"))
	hash, err := auth.HashPassword(demoPassword, cheapArgon)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if _, err := demo.Load(context.Background(), db, demo.Options{Seed: 1, Scale: 1, Now: now, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return now }
	return db
}

// demoServer serves the demo region, with a way to sign in as a demo user
// and to build a request as that user for the page builders.
type demoServer struct {
	db  *store.DB
	srv *Server
	ts  *httptest.Server
}

func newDemoServer(t *testing.T) *demoServer {
	t.Helper()
	db := loadDemo(t)
	cfg := DefaultConfig()
	cfg.CookieSecure = false
	cfg.Argon2 = cheapArgon
	srv, err := New(db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &demoServer{db: db, srv: srv, ts: ts}
}

func (d *demoServer) user(t *testing.T, username string) auth.User {
	t.Helper()
	u, err := d.db.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// get fetches path as username and returns the body.
func (d *demoServer) get(t *testing.T, username, path string) string {
	t.Helper()
	u := d.user(t, username)
	token, csrf := auth.NewToken(), auth.NewToken()
	now := d.db.Now()
	if err := d.db.CreateSession(context.Background(), auth.Session{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now}, ""); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, d.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	res, body := send(t, req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s as %s: %d", path, username, res.StatusCode)
	}
	return body
}

// request is a request as username, for calling a page's builder.
func (d *demoServer) request(t *testing.T, username, path string) *http.Request {
	t.Helper()
	u := d.user(t, username)
	r := httptest.NewRequest(http.MethodGet, path, nil)
	return r.WithContext(context.WithValue(r.Context(), userKey, &u))
}

func reportFindings(t *testing.T, where string, tabs ...*disclosure.Table) {
	t.Helper()
	for _, tab := range tabs {
		for _, f := range disclosure.Recoverable(tab) {
			t.Errorf("%s: %s", where, f)
		}
	}
}

// observed reads a published cell: a number, or anything else (the hidden
// wording, or an older "<5") as hidden.
func observed(text string) disclosure.Count {
	if c, err := disclosure.Observed(text); err == nil {
		return c
	}
	c, _ := disclosure.Observed(disclosure.Hidden) // a constant: never an error
	return c
}

// readCSV reads a download whose first line is a note.
func readCSV(body string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(body))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

// journeysCSVTable reads the decisions download back as a reader would:
// each row adds up (referrals = accepted + declined + pending, declines =
// with and without a route), the last row is the total of the others, and
// the two rates are shares beside the counts.
func journeysCSVTable(t *testing.T, body string) *disclosure.Table {
	t.Helper()
	recs, err := readCSV(body)
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[2:] // the note and the header
	col := map[string]int{}
	for i, h := range journeysCSVHeader {
		col[h] = i
	}
	const (
		referrals = iota
		accepted
		declined
		pending
		withRoute
		decided
		noRoute
	)
	tab := &disclosure.Table{Name: "journeys CSV", Cols: []string{"referrals", "accepted", "declined", "pending", "with route", "decided", "no route"}}
	for _, rec := range recs {
		cells := []disclosure.Count{observed(rec[col["referrals"]]), observed(rec[col["accepted"]]), observed(rec[col["declined"]]),
			observed(rec[col["pending"]]), observed(rec[col["declines_with_onward_route"]])}
		// Worked out by the reader where both parts are shown.
		sum := func(a, b disclosure.Count, minus bool) disclosure.Count {
			x, okA := a.Value()
			y, okB := b.Value()
			if !okA || !okB {
				return observed(disclosure.Hidden)
			}
			if minus {
				y = -y
			}
			return observed(strconv.Itoa(max(x+y, 0)))
		}
		cells = append(cells, sum(cells[accepted], cells[declined], false), sum(cells[declined], cells[withRoute], true))
		tab.Rows = append(tab.Rows, rec[0])
		tab.Cells = append(tab.Cells, cells)
	}
	cell := func(i, j int) disclosure.Cell { return disclosure.Cell{Row: i, Col: j} }
	for i, rec := range recs {
		tab.Sums = append(tab.Sums,
			disclosure.Sum{Total: cell(i, referrals), Parts: []disclosure.Cell{cell(i, accepted), cell(i, declined), cell(i, pending)}},
			disclosure.Sum{Total: cell(i, declined), Parts: []disclosure.Cell{cell(i, withRoute), cell(i, noRoute)}})
		for _, r := range []struct {
			text              string
			part, whole, rest int
		}{{rec[col["decline_rate"]], declined, decided, accepted}, {rec[col["onward_route_share"]], withRoute, declined, noRoute}} {
			if r.text == "–" {
				continue
			}
			sh, err := disclosure.ObservedShare(r.text, tab.Cells[i][r.part], tab.Cells[i][r.whole])
			if err != nil {
				sh, _ = disclosure.ObservedShare(disclosure.Hidden, tab.Cells[i][r.part], tab.Cells[i][r.whole])
			}
			tab.Ratios = append(tab.Ratios, disclosure.Ratio{Part: cell(i, r.part), Whole: cell(i, r.whole), Rest: []disclosure.Cell{cell(i, r.rest)}, Share: sh})
		}
	}
	last := len(recs) - 1
	for j := referrals; j <= withRoute; j++ {
		s := disclosure.Sum{Total: cell(last, j)}
		for i := range last {
			s.Parts = append(s.Parts, cell(i, j))
		}
		tab.Sums = append(tab.Sums, s)
	}
	return tab
}

var (
	sankeyAttr  = regexp.MustCompile(`id="journey-sankey"[^>]*data-chart="([^"]*)"`)
	numericCell = regexp.MustCompile(`<td class="tl-num">([^<]*)</td>`)
	withCounts  = regexp.MustCompile(`^(\d+)% \((\d+) of (\d+)\)$`)
)

// checkNumbers checks that every count-like text published is hidden, 0
// or a multiple of 5 from 10 up.
func checkNumbers(t *testing.T, where string, texts []string) {
	t.Helper()
	for _, s := range texts {
		s = strings.TrimSuffix(strings.TrimSpace(html.UnescapeString(s)), " profiles")
		n, err := strconv.Atoi(s)
		if err != nil {
			continue
		}
		if n != 0 && (n%disclosure.Base != 0 || n < disclosure.Threshold) {
			t.Errorf("%s: %d is published", where, n)
		}
	}
}

// TestDemoDisclosure is the differencing check over every aggregate output
// of the demo region: the journeys page, its download and its chart (for
// the whole region and each locality), the principles page and its
// download, the service overview and the measure outcomes. Nothing hidden
// may be recoverable from a total or a share, and every count shown is 0 or
// a multiple of 5 from at least 8.
func TestDemoDisclosure(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo region")
	}
	d := newDemoServer(t)
	const commissioner, manager = "commissioner", "manager"

	locs, err := d.db.Localities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{""}
	for _, l := range locs {
		queries = append(queries, "locality="+l.Code)
	}
	for _, q := range queries {
		page := "/gaps/journeys?" + q
		data, fig, err := d.srv.journeyResult(d.request(t, commissioner, page))
		if err != nil {
			t.Fatal(err)
		}
		names, err := d.srv.serviceNames(d.request(t, commissioner, page))
		if err != nil {
			t.Fatal(err)
		}
		if err := data.disclose(fig, names, nil); err != nil {
			t.Fatal(err)
		}
		reportFindings(t, page, data.Tables...)

		body := d.get(t, commissioner, page)
		var cells []string
		for _, m := range numericCell.FindAllStringSubmatch(body, -1) {
			cells = append(cells, m[1])
		}
		checkNumbers(t, page, cells)
		m := sankeyAttr.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no chart", page)
		}
		var chart struct {
			Links []struct{ Value int } `json:"links"`
		}
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &chart); err != nil {
			t.Fatalf("%s chart: %v", page, err)
		}
		var values []string
		for _, l := range chart.Links {
			values = append(values, strconv.Itoa(l.Value))
		}
		checkNumbers(t, page+" chart", values)

		download := "/gaps/journeys.csv?" + q
		reportFindings(t, download, journeysCSVTable(t, d.get(t, commissioner, download)))
	}

	for _, user := range []string{commissioner, manager} {
		p, err := d.srv.principles(d.request(t, user, "/reports/principles"))
		if err != nil {
			t.Fatal(err)
		}
		reportFindings(t, "principles as "+user, p.Report.Tables...)
		download := "/reports/principles.csv?" + p.Query
		recs, err := readCSV(d.get(t, user, download))
		if err != nil {
			t.Fatal(err)
		}
		var values []string
		for _, rec := range recs {
			for _, v := range rec[min(2, len(rec)-1):] {
				if m := withCounts.FindStringSubmatch(v); m != nil {
					part, _ := strconv.Atoi(m[2])
					whole, _ := strconv.Atoi(m[3])
					values = append(values, m[2], m[3], strconv.Itoa(whole-part))
					continue
				}
				values = append(values, strings.TrimSuffix(v, " people"))
			}
		}
		checkNumbers(t, download+" as "+user, values)

		o, err := d.srv.measureOutcomes(d.request(t, user, "/measures/outcomes"))
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range o.Rows {
			reportFindings(t, "measure outcomes as "+user, row.Table)
		}
	}

	ov, err := d.srv.overview(d.request(t, commissioner, "/reports/overview"))
	if err != nil {
		t.Fatal(err)
	}
	reportFindings(t, "overview", ov.Tables...)
	for _, path := range []string{"/reports/overview", "/measures/outcomes"} {
		var cells []string
		for _, m := range numericCell.FindAllStringSubmatch(d.get(t, commissioner, path), -1) {
			cells = append(cells, m[1])
		}
		if len(cells) == 0 {
			t.Errorf("%s: no counts to check", path)
		}
		checkNumbers(t, path, cells)
	}
}

// TestJourneysCSVNeutralisesFormulas: a service named as a spreadsheet
// formula reads as text in the download.
func TestJourneysCSVNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		declinedPeople(t, f, 10)
		ctx := context.Background()
		svc, err := f.db.Service(ctx, "iapt-north")
		if err != nil {
			t.Fatal(err)
		}
		const evil = `=HYPERLINK("http://evil.example","x")`
		svc.Name = evil
		if err := f.db.SaveService(ctx, auth.System, &svc); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/gaps/journeys.csv?from="+f.db.Now().AddDate(-1, 0, 0).Format("2006-01-02"), tok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("journeys csv: %d", res.StatusCode)
		}
		recs, err := readCSV(body)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, rec := range recs {
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q opens as a formula", cell)
				}
				found = found || cell == "'"+evil
			}
		}
		if !found {
			t.Errorf("the service's name is not in the download as text:\n%s", body)
		}
	})
}
