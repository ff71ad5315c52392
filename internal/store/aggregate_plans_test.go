package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"

	"throughline/internal/indicators"
)

// recordingDriver opens SQLite connections that note every statement they
// prepare, so a test can see every query a report runs.
type recordingDriver struct {
	mu      sync.Mutex
	queries []string
}

func (d *recordingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := (&sqlite.Driver{}).Open(dsn)
	if err != nil {
		return nil, err
	}
	return recordingConn{c, d}, nil
}

type recordingConn struct {
	driver.Conn
	d *recordingDriver
}

func (c recordingConn) Prepare(q string) (driver.Stmt, error) {
	c.d.mu.Lock()
	c.d.queries = append(c.d.queries, q)
	c.d.mu.Unlock()
	return c.Conn.Prepare(q)
}

func (c recordingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

// TestAggregatePlansScanNothingPerRow runs every aggregate the reports read
// (principles, measure outcomes, overview, journeys) on SQLite, and checks
// the plan of every statement they run: a table scanned once is linear in
// the region, but one scanned again for each row of another (inside a
// correlated subquery, or as the inner loop of a join) grows with the
// square of the region. The principles page did both: per active episode
// it scanned every goal, and per missed appointment every outreach attempt.
func TestAggregatePlansScanNothingPerRow(t *testing.T) {
	ctx := context.Background()
	db, path := migratedSQLiteFile(t)
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	// Just enough for every statement to run, including those that run
	// only when an episode has ended for non-engagement.
	for _, q := range []string{
		`INSERT INTO services (id, name, tier, updated_at) VALUES ('cen', 'CEN', 'specialist-cen', '2026-01-01 00:00:00+00:00')`,
		`INSERT INTO teams (id, name, service_id) VALUES (1, 'CEN team', 'cen')`,
		`INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (1, 'w', 'W', 'clinician', 'x', '2026-01-01 00:00:00+00:00')`,
		`INSERT INTO people (id, given_name, family_name, locality, created_at, updated_at) VALUES (1, 'A', 'B', 'N', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')`,
		`INSERT INTO referrals (id, person_id, service_id, status, received_at, updated_at) VALUES (1, 1, 'cen', 'screening', '2026-01-02 00:00:00+00:00', '2026-01-02 00:00:00+00:00')`,
		`INSERT INTO episodes (id, person_id, team_id, named_worker_id, pathway, started_at, ended_at) VALUES (1, 1, 1, 1, 'community-scm', '2026-01-05 00:00:00+00:00', '2026-03-01 00:00:00+00:00')`,
		`INSERT INTO episode_endings (episode_id, person_id, kind, reason, ended_on, created_at) VALUES (1, 1, 'unplanned', 'non-engagement', '2026-03-01', '2026-03-01 00:00:00+00:00')`,
	} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	rec := &recordingDriver{}
	reader := sql.OpenDB(dsnConnector{rec, "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)&_time_format=sqlite&_pragma=query_only(1)"})
	defer reader.Close()
	db.read = reader

	sc, err := db.CENScope(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.IndicatorFacts(ctx, sc, indicators.Period{From: now.AddDate(-1, 0, 0), To: now.AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MeasurePairs(ctx, []int64{1}); err != nil {
		t.Fatal(err)
	}
	for name := range aggregates {
		if _, err := db.Aggregate(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.JourneyInput(ctx, now.AddDate(-1, 0, 0), now, "N"); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	queries := slices.Clone(rec.queries)
	rec.mu.Unlock()
	if len(queries) < 15 {
		t.Fatalf("recorded %d statements; the reports run more", len(queries))
	}
	for _, q := range queries {
		if strings.HasPrefix(strings.TrimSpace(q), "SELECT COALESCE(MIN(id)") {
			continue
		}
		for _, problem := range scansPerRow(t, db.write, q) {
			t.Errorf("%s\nin %s", problem, q)
		}
	}
}

// dsnConnector opens d's connections to one DSN.
type dsnConnector struct {
	d   *recordingDriver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// scansPerRow explains q and lists each full scan that runs once per row of
// something else: inside a correlated subquery, or after another loop of
// the same join.
func scansPerRow(t *testing.T, conn *sql.DB, q string) []string {
	t.Helper()
	n := strings.Count(q, "?")
	args := make([]any, n)
	for i := range args {
		args[i] = ""
	}
	rows, err := conn.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, q)
	}
	defer rows.Close()
	type node struct {
		parent int
		detail string
	}
	nodes := map[int]node{}
	var order []int
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		nodes[id] = node{parent, detail}
		order = append(order, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	loop := func(d string) bool { return strings.HasPrefix(d, "SCAN ") || strings.HasPrefix(d, "SEARCH ") }
	var out []string
	seen := map[int]bool{} // parents with a loop already
	for _, id := range order {
		n := nodes[id]
		if !loop(n.detail) {
			continue
		}
		if strings.HasPrefix(n.detail, "SCAN ") && !strings.Contains(n.detail, "CONSTANT ROW") {
			if seen[n.parent] {
				out = append(out, "scan inside a join loop: "+n.detail)
			}
			for p := n.parent; p != 0; p = nodes[p].parent {
				if strings.HasPrefix(nodes[p].detail, "CORRELATED") {
					out = append(out, "scan inside a correlated subquery: "+n.detail)
					break
				}
			}
		}
		seen[n.parent] = true
	}
	return out
}
