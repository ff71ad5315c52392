package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"throughline/internal/care"
	"time"

	"throughline/internal/journey"
)

// JourneyInput is JourneyData expanded to whole records, for callers that
// want them; an analysis of many referrals should use JourneyData and
// journey.AnalyseCompact, which need about a third of the memory.
func (db *DB) JourneyInput(ctx context.Context, from, to time.Time, locality string) (journey.Input, error) {
	c, err := db.JourneyData(ctx, from, to, locality)
	if err != nil {
		return journey.Input{}, err
	}
	return c.Input(), nil
}

// JourneyData loads what journey.AnalyseCompact needs for referrals
// received in [from, to) by people living in locality ("" for everyone;
// zero times leave the period open). It also loads referrals received, and
// CEN episodes started, up to journey.Lookahead after to, because whether a
// decline late in the period left someone without help is only known from
// what happened next.
//
// It is built for a million referrals. SQLite's driver costs most per row
// and per column, and copies every text it hands over, so: a fixed handful
// of queries, no joins, each referral's short fields packed into one text
// column, each distinct profile sent once with the ids of its referrals
// (see journeyProfiles), people's localities sent as one list of ids per
// locality, and the referrals read in id ranges on parallel connections.
// Each range, and the profiles, is read in its own transaction: referrals
// added meanwhile may be missed, and one whose profile changes meanwhile
// may have either, which an analysis of months of referrals can bear.
func (db *DB) JourneyData(ctx context.Context, from, to time.Time, locality string) (journey.Compact, error) {
	c := journey.NewCompact()
	until := to
	if !to.IsZero() {
		until = to.Add(journey.Lookahead)
	}
	tiers, err := db.serviceTiers(ctx)
	if err != nil {
		return c, fmt.Errorf("journey services: %w", err)
	}
	svcs := map[string]int32{}
	for _, id := range slices.Sorted(maps.Keys(tiers)) {
		svcs[id] = int32(len(c.Services))
		c.Services = append(c.Services, journey.Service{ID: id, Tier: tiers[id]})
	}
	var lo, hi int64
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM referrals`).Scan(&lo, &hi); err != nil {
		return c, fmt.Errorf("journey referrals: %w", err)
	}
	if hi-lo >= math.MaxInt32 {
		return c, fmt.Errorf("journey referrals: ids %d–%d span more than journey analysis supports", lo, hi)
	}
	workers := db.parallelReads()
	chunks := splitRange(lo, hi, 2*workers)
	parts := make([][]journey.CompactReferral, len(chunks))
	strs := &stringTable{ids: map[string]int32{"": 0}, strs: c.Strings}
	// Unfiltered, every id in range is a referral, so each chunk fills its
	// own region of one slice and nothing is copied afterwards.
	// Zeroing that slice takes a while, so it happens while the first
	// queries run.
	filtered := !from.IsZero() || !to.IsZero() || locality != ""
	var all []journey.CompactReferral
	allocated := make(chan struct{})
	go func() {
		if !filtered {
			all = make([]journey.CompactReferral, max(hi-lo+1, 0))
		}
		close(allocated)
	}()
	var people personLocalities
	var profiles []int32
	// The profiles first: one query over the whole table, the longest job.
	jobs := []func(context.Context) error{func(ctx context.Context) (err error) {
		profiles, err = db.journeyProfiles(ctx, lo, hi, strs)
		return err
	}, func(ctx context.Context) (err error) {
		c.Episodes, err = db.journeyEpisodes(ctx, from, until, locality)
		return err
	}}
	if locality == "" {
		jobs = append(jobs, func(ctx context.Context) (err error) { people, err = db.personLocalities(ctx); return err })
	}
	for i, ch := range chunks {
		jobs = append(jobs, func(ctx context.Context) (err error) {
			<-allocated
			var dst []journey.CompactReferral
			if all != nil {
				dst = all[ch.lo-lo : ch.lo-lo : ch.hi-lo]
			}
			parts[i], err = db.journeyReferrals(ctx, ch, lo, from, until, locality, svcs, strs, dst)
			return err
		})
	}
	err = parallel(ctx, workers, jobs)
	<-allocated
	if err != nil {
		return c, fmt.Errorf("journey input: %w", err)
	}
	c.Referrals = gather(all, parts)
	// Each referral's locality: the one asked for, or its person's.
	var codes []int32
	if locality != "" {
		codes = []int32{strs.id(locality)}
		people = personLocalities{} // every person's code is 0
	} else {
		codes = make([]int32, len(people.names))
		for i, name := range people.names {
			codes[i] = strs.id(name)
		}
	}
	c.Strings = strs.strs
	// One pass over a million referrals for both.
	for i := range c.Referrals {
		r := &c.Referrals[i]
		r.Profile = profiles[r.Profile] // until now, its id less lo
		r.Locality = codes[people.code(r.PersonID)]
	}
	return c, nil
}

// stringTable gives each string its index in a journey.Compact's table,
// shared by the parallel readers.
type stringTable struct {
	mu   sync.Mutex
	ids  map[string]int32
	strs []string
}

func (t *stringTable) id(s string) int32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[s]; ok {
		return id
	}
	s = strings.Clone(s) // s may be part of a much longer row
	id := int32(len(t.strs))
	t.ids[s], t.strs = id, append(t.strs, s)
	return id
}

// localStrings is one reader's cache of a stringTable, so that a row's
// strings are looked up without a lock, and without allocating.
type localStrings struct {
	t   *stringTable
	ids map[string]int32
}

func (l localStrings) id(s string) int32 {
	if id, ok := l.ids[s]; ok {
		return id
	}
	id := l.t.id(s)
	l.ids[strings.Clone(s)] = id
	return id
}

// gather joins the chunks' referrals, in place when they share all.
func gather[T any](all []T, parts [][]T) []T {
	if all == nil {
		n := 0
		for _, p := range parts {
			n += len(p)
		}
		all = make([]T, n)
	}
	n := 0
	for _, p := range parts {
		if len(p) > 0 && &all[n] != &p[0] { // a gap in the ids, or separate slices
			copy(all[n:], p)
		}
		n += len(p)
	}
	return all[:n]
}

// parallel runs jobs on up to workers goroutines, stopping the rest at the
// first error, which it returns.
func parallel(ctx context.Context, workers int, jobs []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Go(func() {
			for k := next.Add(1) - 1; k < int64(len(jobs)) && ctx.Err() == nil; k = next.Add(1) - 1 {
				if err := jobs[k](ctx); err != nil {
					once.Do(func() { first = err })
					cancel()
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// parallelReads is how many connections to read on at once: one per core,
// leaving one of SQLite's four readers for everyone else.
func (db *DB) parallelReads() int {
	n := min(runtime.GOMAXPROCS(0), 8)
	if db.dialect == SQLite {
		n = min(n, 3)
	}
	return max(n, 1)
}

// idRange is a half-open range of referral ids.
type idRange struct{ lo, hi int64 }

// splitRange cuts [lo, hi] into n ranges, more than there are workers so
// that a slow one does not hold up the end; small tables are read in one.
func splitRange(lo, hi int64, n int) []idRange {
	span := hi - lo + 1
	if span < 50_000 {
		return []idRange{{lo, hi + 1}}
	}
	out := make([]idRange, n)
	for i := range n {
		out[i] = idRange{lo + span*int64(i)/int64(n), lo + span*int64(i+1)/int64(n)}
	}
	return out
}

// journeyReferrals appends to dst the referrals with ids in c, in id
// order, each read as one packed text (see unpackCompact), in one
// transaction. Each one's Profile is left holding its id less lo, for
// JourneyData to replace with the profile journeyProfiles read.
func (db *DB) journeyReferrals(ctx context.Context, c idRange, lo int64, from, until time.Time, locality string, svcs map[string]int32, strs *stringTable, dst []journey.CompactReferral) ([]journey.CompactReferral, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return dst, err
	}
	defer tx.Rollback()
	q := txQuerier{db, tx}
	where, args := periodWhere("received_at", "person_id", from, until, locality)
	local := localStrings{strs, map[string]int32{}}
	// The times go as stored, for unpackCompact to read: SQLite's own
	// conversion to seconds cost more than the rest of the query.
	packed := `concat_ws('` + sep + `', id, person_id, decision, CASE WHEN onward_service_id IS NOT NULL OR onward_exception <> '' THEN 'y' ELSE '' END, ` +
		db.stamp("received_at") + `, ` + db.stamp("decided_at") + `, ` + db.stamp("treatment_started_at") +
		`, service_id, referrer_tier, decline_reason)`
	start := len(dst)
	err = db.eachPacked(ctx, q, "journey referrals", "referrals", packed, c, batchFor(c, locality), where, args, func(row string) error {
		var r journey.CompactReferral
		id, err := unpackCompact(&r, row, svcs, local)
		if err != nil {
			return fmt.Errorf("referral %.40q: %w", row, err)
		}
		if id < c.lo || id >= c.hi {
			return fmt.Errorf("referral %d outside %d–%d", id, c.lo, c.hi)
		}
		r.Profile = int32(id - lo)
		dst = append(dst, r)
		return nil
	})
	if err != nil {
		return dst, err
	}
	// In id order, so both databases give the same input: eachPacked
	// reads in that order, but its order is checked all the same.
	mine := dst[start:]
	if !slices.IsSortedFunc(mine, byID) {
		slices.SortFunc(mine, byID)
	}
	return dst, nil
}

// eachPacked calls fn with each packed text of table's rows with ids in c
// that where admits (where and args as periodWhere gives them), in id
// order, reading batch ids a query, their texts joined by the database
// into one: the driver's and database/sql's costs are per row, and were a
// fifth of a load of a million referrals read one a row.
func (db *DB) eachPacked(ctx context.Context, q querier, what, table, packed string, c idRange, batch int64, where string, args []any, fn func(row string) error) error {
	joined := `group_concat(` + packed + `, '` + rowSep + `')` // in id order, reading by id range
	if db.dialect == Postgres {
		joined = `string_agg(` + packed + `, '` + rowSep + `' ORDER BY id)`
	}
	query := `SELECT COALESCE(` + joined + `, '') FROM ` + table + ` WHERE id >= ? AND id < ?` + where
	args = append([]any{nil, nil}, args...)
	var text string
	dest := []any{&text}
	for b := c.lo; b < c.hi; b += batch {
		args[0], args[1] = b, min(b+batch, c.hi)
		err := eachRow(ctx, q, what, query, args, func(rows scanner) error {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			for row := range strings.SplitSeq(text, rowSep) {
				if row == "" {
					continue // none in the batch
				}
				if err := fn(row); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// journeyBatch is how many ids eachPacked reads a query: a few hundred
// kilobytes of referrals' text. A variable for tests.
var journeyBatch int64 = 4096

// batchFor is how many ids of c to read a query for a load narrowed to
// locality: all of them when it is narrowed, as the subquery listing the
// locality's people would be run again for every query.
func batchFor(c idRange, locality string) int64 {
	if locality != "" {
		return max(c.hi-c.lo, journeyBatch)
	}
	return journeyBatch
}

// rowSep separates packed rows, as sep separates their fields.
const rowSep = "\x1e"

// byID orders referrals being loaded by id, which their Profile holds
// until JourneyData gives them their profiles.
func byID(x, y journey.CompactReferral) int { return cmp.Compare(x.Profile, y.Profile) }

// journeyProfiles reads the profiles of the referrals with ids in [lo, hi]
// as one row per distinct profile listing its referrals' ids, and gives
// each referral its profile's index in strs, by id - lo. Profiles repeat
// (a person's, and a region's common presentations), and are most of a
// referral's bytes: sent on every row, the driver would copy a few hundred
// megabytes for a million referrals.
//
// It reads every referral's profile, whatever the period or locality: on
// SQLite the groups come straight from the profiles index (migration
// 0037), which cannot narrow by period, and no sort is needed; sorting the
// period's referrals by profile instead spilled to temporary files and
// cost several times as much. Referrals added since hi was read are left
// out, as JourneyData reads none of them.
func (db *DB) journeyProfiles(ctx context.Context, lo, hi int64, strs *stringTable) ([]int32, error) {
	out := make([]int32, max(hi-lo+1, 0))
	var profile, ids string
	dest := []any{&profile, &ids}
	err := eachRow(ctx, db, "journey profiles", db.journeyProfilesQuery(), nil, func(rows scanner) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		code := strs.id(profile) // each profile comes once
		for s := range strings.SplitSeq(ids, ",") {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return fmt.Errorf("referral id %q", s)
			}
			if id >= lo && id <= hi {
				out[id-lo] = code
			}
		}
		return nil
	})
	return out, err
}

// journeyProfilesQuery lists every profile with its referrals' ids,
// separated by commas.
func (db *DB) journeyProfilesQuery() string {
	list := `group_concat(id)`
	if db.dialect == Postgres {
		list = `string_agg(id::TEXT, ',')`
	}
	return `SELECT profile, ` + list + ` FROM referrals WHERE profile <> '' GROUP BY profile`
}

// unpackCompact fills r but its profile and locality from a packed row:
// id, person id, decision, onward route ("y" or ""), received, decided,
// treatment started, service, referrer tier and decline reason. It returns
// the referral's id.
func unpackCompact(r *journey.CompactReferral, row string, svcs map[string]int32, strs localStrings) (int64, error) {
	var f [9]string
	for i := range f {
		var ok bool
		if f[i], row, ok = strings.Cut(row, sep); !ok {
			return 0, fmt.Errorf("row has %d fields, want 10", i+1)
		}
	}
	id, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("referral id %q", f[0])
	}
	if r.PersonID, err = strconv.ParseInt(f[1], 10, 64); err != nil {
		return 0, fmt.Errorf("person id %q", f[1])
	}
	switch f[2] {
	case "":
	case "accepted":
		r.Decision = care.DecisionAccepted
	case "declined":
		r.Decision = care.DecisionDeclined
	default:
		return 0, fmt.Errorf("unknown decision %q", f[2])
	}
	r.OnwardRoute = f[3] == "y"
	if r.ReceivedAt, err = stampSeconds(f[4]); err != nil {
		return 0, err
	}
	if r.DecidedAt, err = stampSeconds(f[5]); err != nil {
		return 0, err
	}
	if r.TreatmentStartedAt, err = stampSeconds(f[6]); err != nil {
		return 0, err
	}
	var known bool
	if r.Service, known = svcs[f[7]]; !known {
		return 0, fmt.Errorf("unknown service %q", f[7])
	}
	r.ReferrerTier, r.DeclineReason = strs.id(f[8]), strs.id(row)
	return id, nil
}

// txQuerier reads in one transaction of the readers' pool.
type txQuerier struct {
	db *DB
	tx *sql.Tx
}

func (q txQuerier) query(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	return q.tx.QueryContext(ctx, q.db.rebind(s), args...)
}

// periodWhere narrows column to [from, until) and people to locality.
func periodWhere(column, personColumn string, from, until time.Time, locality string) (string, []any) {
	where, args := "", []any{}
	if !from.IsZero() {
		where, args = where+` AND `+column+` >= ?`, append(args, from.UTC())
	}
	if !until.IsZero() {
		where, args = where+` AND `+column+` < ?`, append(args, until.UTC())
	}
	if locality != "" {
		where, args = where+` AND `+personColumn+` IN (SELECT id FROM people WHERE locality = ?)`, append(args, locality)
	}
	return where, args
}

func (db *DB) journeyEpisodes(ctx context.Context, from, until time.Time, locality string) ([]journey.CompactEpisode, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	q := txQuerier{db, tx}
	var lo, hi int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM episodes`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("journey episodes: %w", err)
	}
	where, args := periodWhere("started_at", "person_id", from, until, locality)
	// Allocated once, for every episode at most, rather than grown
	// through copies of twice the memory.
	out := make([]journey.CompactEpisode, 0, max(hi-lo+1, 0))
	packed := `concat_ws('` + sep + `', person_id, ` + db.stamp("started_at") + `)`
	ids := idRange{lo, hi + 1}
	err = db.eachPacked(ctx, q, "journey episodes", "episodes", packed, ids, batchFor(ids, locality), where, args, func(row string) error {
		person, started, ok := strings.Cut(row, sep)
		id, err := strconv.ParseInt(person, 10, 64)
		if !ok || err != nil {
			return fmt.Errorf("episode %.40q", row)
		}
		at, err := stampSeconds(started)
		if err != nil {
			return err
		}
		out = append(out, journey.CompactEpisode{PersonID: id, StartedAt: at})
		return nil
	})
	return out, err
}

// personLocalities is each person's locality, indexed by id: ids are dense,
// so a slice is smaller and faster than a map.
type personLocalities struct {
	lo    int64
	codes []uint16 // index into names; 0 is no locality
	names []string
}

// code is the index in names of person id's locality.
func (p *personLocalities) code(id int64) uint16 {
	if i := id - p.lo; i >= 0 && i < int64(len(p.codes)) {
		return p.codes[i]
	}
	return 0
}

// personLocalities reads every person's locality as one row per locality
// holding its people's ids as a comma-separated list: the database builds
// each list from the locality index, and the driver hands over a few
// values instead of a row per person.
func (db *DB) personLocalities(ctx context.Context) (personLocalities, error) {
	p := personLocalities{names: []string{""}}
	var hi int64
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM people`).Scan(&p.lo, &hi); err != nil {
		return p, err
	}
	p.codes = make([]uint16, hi-p.lo+1)
	list := `group_concat(id)`
	if db.dialect == Postgres {
		list = `string_agg(id::TEXT, ',')`
	}
	err := eachRow(ctx, db, "person localities", `SELECT locality, `+list+` FROM people WHERE locality <> '' GROUP BY locality`, nil, func(rows scanner) error {
		var name, ids string
		if err := rows.Scan(&name, &ids); err != nil {
			return err
		}
		if len(p.names) > 1<<16-1 {
			return fmt.Errorf("more localities than journey analysis supports")
		}
		code := uint16(len(p.names))
		p.names = append(p.names, name)
		for id := range strings.SplitSeq(ids, ",") {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n < p.lo || n > hi {
				return fmt.Errorf("person id %q in locality %s", id, name)
			}
			p.codes[n-p.lo] = code
		}
		return nil
	})
	return p, err
}
