package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/journey"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// benchReferrals is how many referrals the journey benchmark analyses.
const benchReferrals = 1_000_000

// benchDBVersion names the cached database; change it when the generator
// or the schema it relies on changes.
const benchDBVersion = "v3"

// BenchmarkJourneyAnalysis compares loading and analysing a million
// referrals with a plain SQL aggregate over the same referrals, in the same
// run, so the ratio holds on any machine. The target is journey analysis
// within twice the aggregate. It loads with JourneyData and analyses with
// journey.AnalyseCompact, the path built for a region's million referrals.
//
// The yardstick is SELECT service_id, decision, COUNT(*) ... GROUP BY read
// from the table, as an aggregate over the referrals themselves. The same
// query answered from the (service_id, decision) index never reads a
// referral row; it is reported too, as x-index-aggregate, but it measures
// the index rather than the work.
func BenchmarkJourneyAnalysis(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a million-referral database on first use")
	}
	ctx := context.Background()
	path := benchDB(b)
	db := storetest.Open(b, path)
	reader := benchReader(b, path)

	analyse := func() (load, analysis time.Duration, res journey.Result) {
		start := time.Now()
		c, err := db.JourneyData(ctx, time.Time{}, time.Time{}, "")
		if err != nil {
			b.Fatal(err)
		}
		load = time.Since(start)
		if len(c.Referrals) != benchReferrals {
			b.Fatalf("loaded %d referrals, want %d", len(c.Referrals), benchReferrals)
		}
		start = time.Now()
		res = journey.AnalyseCompact(&c, journey.Filter{})
		return load, time.Since(start), res
	}
	scan := func() time.Duration {
		start := time.Now()
		rows, err := reader.QueryContext(ctx, `SELECT service_id, decision, COUNT(*) FROM referrals NOT INDEXED GROUP BY service_id, decision`)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var svc, decision string
			var count int
			if err := rows.Scan(&svc, &decision, &count); err != nil {
				b.Fatal(err)
			}
			n += count
		}
		if n != benchReferrals {
			b.Fatalf("aggregate counted %d referrals, want %d", n, benchReferrals)
		}
		return time.Since(start)
	}
	indexed := func() time.Duration {
		start := time.Now()
		if _, err := db.DecisionCounts(ctx); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	// Warm the page cache for all three, so none pays for the first read.
	scan()
	indexed()
	_, _, res := analyse()
	s := res.Summary
	b.Logf("%d referrals, %d people, %d declined, %d fell through the gap (%+v), inconsistent %+v", s.Referrals, s.People, s.Declined,
		s.FellThrough, s.Instead, s.Inconsistent)

	// Three interleaved rounds per iteration, reported as medians: on a
	// shared two-core machine single timings wander by a fifth either way,
	// and the ratio should not.
	var scans, indexes, loads, analyses, journeys []time.Duration
	b.ResetTimer()
	for range b.N {
		for range benchRounds {
			// Each measurement starts from a collected heap, so none pays
			// for the garbage of the one before.
			runtime.GC()
			scans = append(scans, scan())
			runtime.GC()
			indexes = append(indexes, indexed())
			runtime.GC()
			load, analysis, _ := analyse()
			loads, analyses, journeys = append(loads, load), append(analyses, analysis), append(journeys, load+analysis)
		}
	}
	b.StopTimer()
	ms := func(ds []time.Duration) float64 { return float64(median(ds)) / 1e6 }
	b.ReportMetric(float64(median(journeys)), "ns/op")
	b.ReportMetric(ms(scans), "sql-aggregate-ms")
	b.ReportMetric(ms(indexes), "sql-index-ms")
	b.ReportMetric(ms(loads), "load-ms")
	b.ReportMetric(ms(analyses), "analysis-ms")
	b.ReportMetric(ms(journeys), "journey-ms")
	b.ReportMetric(float64(median(journeys))/float64(median(scans)), "x-sql-aggregate")
	b.ReportMetric(float64(median(journeys))/float64(median(indexes)), "x-index-aggregate")
}

// benchRounds is how many times each measurement runs per iteration.
const benchRounds = 3

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// benchReader is a read connection configured as the store configures its
// readers, for the aggregate the store has no method for.
func benchReader(b *testing.B, path string) *sql.DB {
	b.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)&_time_format=sqlite&_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	return conn
}

// benchDB returns the path of a SQLite database holding benchReferrals
// referrals, building it the first time. It is kept in the temporary
// directory between runs because building it takes most of a minute; it is
// rebuilt if incomplete.
func benchDB(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), "throughline-journey-bench-"+benchDBVersion+".db")
	if benchDBComplete(b, path) {
		return path
	}
	for _, f := range store.SQLiteFiles(path) {
		os.Remove(f)
	}
	start := time.Now()
	db := storetest.Open(b, path)
	buildBenchDB(b, db, path)
	db.Close()
	b.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	return path
}

func benchDBComplete(b *testing.B, path string) bool {
	if _, err := os.Stat(path); err != nil {
		return false
	}
	conn := benchConn(b, path)
	defer conn.Close()
	var n int
	err := conn.QueryRow(`SELECT COUNT(*) FROM referrals`).Scan(&n)
	return err == nil && n == benchReferrals
}

// benchConn is a plain connection for bulk loading: the store's own writes
// audit every referral, which a benchmark fixture does not need.
func benchConn(b testing.TB, path string) *sql.DB {
	b.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=synchronous(OFF)&_time_format=sqlite")
	if err != nil {
		b.Fatal(err)
	}
	conn.SetMaxOpenConns(1)
	return conn
}

// benchServices is the benchmark region's directory: id → tier.
func benchServices() map[string]string {
	svcs := map[string]string{"cen-specialist": "specialist-cen", "mind": "voluntary", "peer-support": "voluntary", "womens-centre": "voluntary",
		"trauma-service": "trauma", "housing-options": "housing", "recovery-service": "substance-use", "local-area-coordination": "social-care",
		"crisis-team": "crisis", "crisis-cafe": "crisis", "ae-liaison": "crisis"}
	for _, loc := range []string{"n", "s", "e", "w", "c"} {
		svcs["gp-"+loc], svcs["tt-"+loc], svcs["cmht-"+loc] = "primary", "talking-therapies", "secondary"
	}
	return svcs
}

// buildBenchDB fills db with people whose journeys resemble the demo's:
// single referrals, people bounced between Talking Therapies, the CMHT and
// crisis services, and CEN referrals with episodes. Rows go in by date, as
// they arrive in real life, so one person's referrals are far apart.
func buildBenchDB(b *testing.B, db *store.DB, path string) {
	b.Helper()
	ctx := context.Background()
	svcs := benchServices()
	var teamID int64
	err := db.Update(ctx, func(tx *store.Tx) error {
		for id, tier := range svcs {
			if err := tx.CreateService(ctx, &directory.Service{ID: id, Name: id, Tier: tier}); err != nil {
				return err
			}
		}
		team := directory.Team{Name: "CEN Community Team", ServiceID: "cen-specialist"}
		err := tx.CreateTeam(ctx, &team)
		teamID = team.ID
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	hash, _ := auth.HashPassword("benchmark password", auth.Argon2Params{Memory: 64, Time: 1, Threads: 1})
	worker := auth.User{Username: "worker", DisplayName: "Worker", Role: auth.Clinician, Profession: "nurse", PasswordHash: hash}
	if err := db.CreateUser(ctx, &worker); err != nil {
		b.Fatal(err)
	}
	g := &benchGen{r: rand.New(rand.NewPCG(1, 2)), svcs: slices.Sorted(maps.Keys(svcs)), start: time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC)}
	for len(g.refs) < benchReferrals {
		g.person()
	}
	g.refs = g.refs[:benchReferrals]
	slices.SortStableFunc(g.refs, func(a, b care.Referral) int { return a.ReceivedAt.Compare(b.ReceivedAt) })

	conn := benchConn(b, path)
	defer conn.Close()
	bulk(b, conn, `INSERT INTO people (id, given_name, family_name, locality, created_at, updated_at) VALUES (?, 'Bench', 'Person', ?, ?, ?)`,
		len(g.localities), func(i int) []any { return []any{i + 1, g.localities[i], g.start, g.start} })
	bulk(b, conn, `INSERT INTO episodes (person_id, team_id, named_worker_id, pathway, started_at) VALUES (?, ?, ?, 'community-scm', ?)`,
		len(g.episodes), func(i int) []any { return []any{g.episodes[i].PersonID, teamID, worker.ID, g.episodes[i].StartedAt} })
	bulk(b, conn, `INSERT INTO referrals (person_id, service_id, status, received_at, updated_at, decision, decided_at, decline_reason,
		onward_service_id, onward_exception, profile, referrer_tier, treatment_started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		len(g.refs), func(i int) []any {
			r := &g.refs[i]
			return []any{r.PersonID, r.ServiceID, string(r.Status), r.ReceivedAt, r.ReceivedAt, string(r.Decision), null(r.DecidedAt),
				r.DeclineReason, null(r.OnwardServiceID), r.OnwardException, r.Profile, r.ReferrerTier, null(r.TreatmentStartedAt)}
		})
}

// null is v, or SQL NULL for its zero value.
func null[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// bulk inserts n rows with one prepared statement, 100,000 to a transaction.
func bulk(b *testing.B, conn *sql.DB, q string, n int, row func(int) []any) {
	b.Helper()
	for start := 0; start < n; start += 100_000 {
		tx, err := conn.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.Prepare(q)
		if err != nil {
			b.Fatal(err)
		}
		for i := start; i < min(start+100_000, n); i++ {
			if _, err := stmt.Exec(row(i)...); err != nil {
				b.Fatalf("row %d: %v", i, err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGen draws journeys; people are numbered from 1 in order drawn.
type benchGen struct {
	r          *rand.Rand
	svcs       []string
	start      time.Time
	localities []string
	refs       []care.Referral
	episodes   []care.Episode
}

var benchReasons = []string{"risk-above-threshold", "risk-below-threshold", "needs-longer-term-support", "needs-specialist-service",
	"engagement-support-needed", "more-suitable-service"}

func (g *benchGen) person() {
	id := int64(len(g.localities) + 1)
	loc := []string{"N", "S", "E", "W", "C"}[g.r.IntN(5)]
	g.localities = append(g.localities, loc)
	l := string(loc[0] + 'a' - 'A')
	at := g.start.Add(time.Duration(g.r.IntN(3*365*24)) * time.Hour)
	// A small pool of profiles per locality, so identical profiles recur.
	profile := fmt.Sprintf("risk=%s,engagement=%s,diagnosis=%s,complexity=multiple,age=%d,locality=%s,substance_use=none,housing=settled,duration_needed=long",
		[]string{"low", "moderate", "high"}[g.r.IntN(3)], []string{"able", "variable", "chaotic"}[g.r.IntN(3)],
		[]string{"none", "uncertain", "cen"}[g.r.IntN(3)], 18+g.r.IntN(50), loc)
	next := func(svc, from string, accept float64) {
		r := care.Referral{PersonID: id, ServiceID: svc, ReferrerTier: from, ReceivedAt: at, Profile: profile, Status: care.ReferralScreening}
		switch x := g.r.Float64(); {
		case x < accept:
			r.Decision, r.DecidedAt, r.Status = care.DecisionAccepted, at.Add(72*time.Hour), care.ReferralAccepted
			if svc == "cen-specialist" {
				g.episodes = append(g.episodes, care.Episode{PersonID: id, StartedAt: at.Add(time.Duration(30+g.r.IntN(150)) * 24 * time.Hour)})
			} else {
				r.TreatmentStartedAt = at.Add(time.Duration(7+g.r.IntN(60)) * 24 * time.Hour)
			}
		case x < accept+0.05:
			// still being screened
		default:
			r.Decision, r.DecidedAt, r.Status = care.DecisionDeclined, at.Add(96*time.Hour), care.ReferralDeclined
			r.DeclineReason = benchReasons[g.r.IntN(len(benchReasons))]
			if svc == "cen-specialist" || g.r.Float64() < 0.7 {
				r.OnwardServiceID = g.svcs[g.r.IntN(len(g.svcs))]
			}
		}
		g.refs = append(g.refs, r)
		at = at.Add(time.Duration(10+g.r.IntN(120)) * 24 * time.Hour)
	}
	switch g.r.IntN(10) {
	case 0, 1, 2, 3:
		next(g.svcs[g.r.IntN(len(g.svcs))], "primary", 0.7)
	case 4, 5: // bounced
		next("tt-"+l, "primary", 0.2)
		next("cmht-"+l, "primary", 0.2)
		next([]string{"crisis-team", "crisis-cafe", "ae-liaison"}[g.r.IntN(3)], "self", 0.95)
	default:
		if g.r.IntN(2) == 0 {
			next("ae-liaison", "self", 0.95)
		}
		next("cen-specialist", []string{"primary", "secondary", "crisis"}[g.r.IntN(3)], 0.75)
	}
}
