package store

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"throughline/internal/journey"
)

// JourneyInput loads what journey.Analyse needs for referrals received in
// [from, to) by people living in locality ("" for everyone; zero times
// leave the period open). It also loads referrals received, and CEN
// episodes started, up to journey.Lookahead after to, because whether a
// decline late in the period left someone without help is only known from
// what happened next.
//
// It is built for a million referrals. SQLite's driver costs most per row
// and per column, so: a fixed handful of queries, no joins, each referral
// packed into one text column, people's localities sent as one list of ids
// per locality, and the referrals read in id ranges on parallel connections.
// Each range is read in its own transaction: referrals added meanwhile may
// be missed, which an analysis of months of referrals can bear.
func (db *DB) JourneyInput(ctx context.Context, from, to time.Time, locality string) (journey.Input, error) {
	var in journey.Input
	until := to
	if !to.IsZero() {
		until = to.Add(journey.Lookahead)
	}
	tiers, err := db.serviceTiers(ctx)
	if err != nil {
		return in, fmt.Errorf("journey services: %w", err)
	}
	var lo, hi int64
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM referrals`).Scan(&lo, &hi); err != nil {
		return in, fmt.Errorf("journey referrals: %w", err)
	}
	workers := db.parallelReads()
	chunks := splitRange(lo, hi, 2*workers)
	parts := make([][]journey.Referral, len(chunks))
	// Unfiltered, every id in range is a referral, so each chunk fills its
	// own region of one slice and nothing is copied afterwards.
	// Zeroing that slice takes a while, so it happens while the first
	// queries run.
	filtered := !from.IsZero() || !to.IsZero() || locality != ""
	var all []journey.Referral
	allocated := make(chan struct{})
	go func() {
		if !filtered {
			all = make([]journey.Referral, max(hi-lo+1, 0))
		}
		close(allocated)
	}()
	var people personLocalities
	jobs := []func(context.Context) error{func(ctx context.Context) (err error) {
		in.Episodes, err = db.journeyEpisodes(ctx, from, until, locality)
		return err
	}}
	if locality == "" {
		jobs = append(jobs, func(ctx context.Context) (err error) { people, err = db.personLocalities(ctx); return err })
	}
	for i, c := range chunks {
		jobs = append(jobs, func(ctx context.Context) (err error) {
			<-allocated
			var dst []journey.Referral
			if all != nil {
				dst = all[c.lo-lo : c.lo-lo : c.hi-lo]
			}
			parts[i], err = db.journeyReferrals(ctx, c, from, until, locality, tiers, dst)
			return err
		})
	}
	err = parallel(ctx, workers, jobs)
	<-allocated
	if err != nil {
		return in, fmt.Errorf("journey input: %w", err)
	}
	in.Referrals = gather(all, parts)
	for i := range in.Referrals {
		if locality != "" {
			in.Referrals[i].Locality = locality
		} else {
			in.Referrals[i].Locality = people.get(in.Referrals[i].PersonID)
		}
	}
	return in, nil
}

// gather joins the chunks' referrals, in place when they share all.
func gather(all []journey.Referral, parts [][]journey.Referral) []journey.Referral {
	if all == nil {
		n := 0
		for _, p := range parts {
			n += len(p)
		}
		all = make([]journey.Referral, n)
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

// journeyReferrals appends to dst the referrals with ids in c, each read as
// one packed text (see unpackReferral).
func (db *DB) journeyReferrals(ctx context.Context, c idRange, from, until time.Time, locality string, tiers interner, dst []journey.Referral) ([]journey.Referral, error) {
	q := `SELECT concat_ws('` + sep + `', person_id, decision, CASE WHEN onward_service_id IS NOT NULL OR onward_exception <> '' THEN 'y' ELSE '' END, ` +
		db.stamp("received_at") + `, ` + db.stamp("decided_at") + `, ` + db.stamp("treatment_started_at") +
		`, service_id, referrer_tier, decline_reason, profile) FROM referrals WHERE id >= ? AND id < ?`
	where, args := periodWhere("received_at", "person_id", from, until, locality)
	// In id order, so both databases give the same input; reading by id
	// range, SQLite gets the order for nothing.
	strs := interner{}
	// One variable for every row's text: declared in the loop, each would
	// escape to the heap, a million small allocations.
	var packed string
	err := eachRow(ctx, db, "journey referrals", q+where+` ORDER BY id`, append([]any{c.lo, c.hi}, args...), func(rows scanner) error {
		var r journey.Referral
		if err := rows.Scan(&packed); err != nil {
			return err
		}
		if err := unpackReferral(&r, packed, strs, tiers); err != nil {
			return fmt.Errorf("referral %.40q: %w", packed, err)
		}
		dst = append(dst, r)
		return nil
	})
	return dst, err
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

func (db *DB) journeyEpisodes(ctx context.Context, from, until time.Time, locality string) ([]journey.EpisodeStart, error) {
	where, args := periodWhere("started_at", "person_id", from, until, locality)
	var out []journey.EpisodeStart
	// Scanned into variables shared by every row, as in journeyReferrals.
	var e journey.EpisodeStart
	var started string
	err := eachRow(ctx, db, "journey episodes", `SELECT person_id, `+db.stamp("started_at")+` FROM episodes WHERE 1 = 1`+where+` ORDER BY id`, args, func(rows scanner) error {
		if err := rows.Scan(&e.PersonID, &started); err != nil {
			return err
		}
		var err error
		if e.StartedAt, err = parseStamp(started); err != nil {
			return err
		}
		out = append(out, e)
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

func (p *personLocalities) get(id int64) string {
	if i := id - p.lo; i >= 0 && i < int64(len(p.codes)) {
		return p.names[p.codes[i]]
	}
	return ""
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
