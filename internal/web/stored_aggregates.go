package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/gob"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"throughline/internal/store"
	"throughline/internal/uktime"
)

// Stored aggregates (Scale: aggregates that scale). The principles page
// and the journeys page read every referral, episode and appointment of
// their selection: seconds at region scale. Their raw figures are
// computed in the background by one process at a time, stored in the
// database (store/aggregate_results.go) and read by every process; the
// page discloses them as it renders, so disclosure control still runs on
// every figure. Nothing is kept in a process's memory, so two processes
// behind one load balancer show the same figures.

// aggregatePolicy is how fresh stored figures are kept: every five
// minutes for a set someone has read in the last hour, and the default
// views always; a failed computation is tried again after a minute. A
// set nobody reads stops costing anything; opened again, it shows its
// figures with their time and is refreshed at once. The lease is long enough
// for any computation (aggregateComputeLimit ends one well within it), so
// a live claim is never taken over.
var aggregatePolicy = store.AggregatePolicy{Every: 5 * time.Minute, Keep: time.Hour, Retry: time.Minute, Lease: 10 * time.Minute}

const aggregateComputeLimit = 5 * time.Minute

// aggregateRetention is how long a set nobody opens is kept. Sets are
// made per period, locality and version of the directory's rules, so old
// ones stop being read; opened again after this, a set is computed afresh.
const aggregateRetention = 30 * 24 * time.Hour

// aggregateWait is how long a page waits for a set nobody had asked for
// yet: a small region's figures come within it and the page shows them;
// a large region's page says they are being prepared and checks again.
const aggregateWait = 2 * time.Second

// aggregates is this process's part: whether its background worker runs,
// and a nudge that wakes the worker when a page asks for a new set.
type aggregates struct {
	once    sync.Once
	wake    chan struct{}
	running atomic.Bool
}

func (a *aggregates) init() { a.once.Do(func() { a.wake = make(chan struct{}, 1) }) }

func (a *aggregates) nudge() {
	a.init()
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// storedReport is a report whose figures are stored: how to compute them
// from their parameters, and the sets kept ready from start-up.
type storedReport struct {
	name     string
	compute  func(ctx context.Context, params string) (figures any, source string, err error)
	defaults func(ctx context.Context, now time.Time) ([]string, error)
}

// storedReports in the order their default views are first computed:
// the principles page's single view first, then the journeys page's.
func (s *Server) storedReports() []storedReport {
	return []storedReport{
		{name: reportPrinciples, compute: s.computePrinciples, defaults: s.principlesDefaults},
		{name: reportJourneys, compute: s.computeJourneys, defaults: s.journeysDefaults},
		{name: reportOverview, compute: s.computeOverview, defaults: oneView(overviewParams)},
		{name: reportOutcomes, compute: s.computeOutcomes, defaults: oneView(teamsParams(nil))},
		{name: reportGapOverTime, compute: s.computeGapOverTime, defaults: s.rulesView(gapOverTimeMonths)},
		{name: reportFellThrough, compute: s.computeFellThrough, defaults: s.rulesView(fellThroughMonths)},
	}
}

func (s *Server) storedReport(name string) (storedReport, bool) {
	for _, r := range s.storedReports() {
		if r.name == name {
			return r, true
		}
	}
	return storedReport{}, false
}

// RunAggregates keeps stored aggregates fresh until ctx ends: first the
// default views (so the first person to open a page finds its figures),
// then whatever is due, checking every interval or when a page asks for a
// new set. A computation under way when ctx ends is abandoned and its
// claim released for another process.
func (s *Server) RunAggregates(ctx context.Context, worker string, interval time.Duration) {
	s.agg.init()
	s.agg.running.Store(true)
	defer s.agg.running.Store(false)
	var wanted, dropped time.Time
	for ctx.Err() == nil {
		// Sets nobody has opened for aggregateRetention go, with their
		// figures; any process may do it, and doing it twice is harmless.
		if now := s.db.Now(); now.Sub(dropped) >= time.Hour {
			if n, err := s.db.DropUnreadAggregates(ctx, now.Add(-aggregateRetention), now); err != nil {
				s.log.Error("stored aggregates: drop unread sets", "err", err)
			} else {
				dropped = now
				if n > 0 {
					s.log.Info("stored aggregates: dropped sets nobody had read", "sets", n)
				}
			}
		}
		// The default views are wanted every minute, so they are kept
		// fresh though nobody reads them, and a new day's period (the
		// default moves at midnight) is ready within a minute.
		if now := s.db.Now(); now.Sub(wanted) >= time.Minute {
			if err := s.wantDefaultAggregates(ctx); err != nil {
				s.log.Error("stored aggregates: default views", "err", err)
			} else {
				wanted = now
			}
		}
		ran, err := s.RunOneAggregate(ctx, worker)
		if err != nil && ctx.Err() == nil {
			s.log.Error("stored aggregates", "err", err)
		}
		if ran && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-time.After(interval):
		case <-s.agg.wake:
		}
	}
}

// rulesParams names the set of a report over the last months that judges
// people against the directory's rules as they now stand (the gap over
// time, the gap cell's ranking): the set names the rules' version, so a
// change to them is a new set, computed at once, rather than figures
// under the old rules shown until the next refresh.
func (s *Server) rulesParams(ctx context.Context, months int) (string, error) {
	v, err := s.db.DirectoryVersion(ctx)
	return url.Values{"months": {strconv.Itoa(months)}, "rules": {strconv.FormatInt(v, 10)}}.Encode(), err
}

// rulesView is the default view of such a report: its set for the rules
// now.
func (s *Server) rulesView(months int) func(context.Context, time.Time) ([]string, error) {
	return func(ctx context.Context, _ time.Time) ([]string, error) {
		params, err := s.rulesParams(ctx, months)
		return []string{params}, err
	}
}

func (s *Server) wantDefaultAggregates(ctx context.Context) error {
	now := s.db.Now()
	at := now
	for _, rep := range s.storedReports() {
		sets, err := rep.defaults(ctx, now)
		if err != nil {
			return err
		}
		for _, params := range sets {
			// A microsecond apart, so a fresh start computes them in this
			// order (the worker takes the oldest wanted first).
			at = at.Add(time.Microsecond)
			if err := s.db.WantAggregate(ctx, rep.name, params, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// RunOneAggregate computes the most urgent due aggregate, if there is one
// this process could claim.
func (s *Server) RunOneAggregate(ctx context.Context, worker string) (bool, error) {
	c, ok, err := s.db.ClaimDueAggregate(ctx, worker, s.db.Now(), aggregatePolicy)
	if err != nil || !ok {
		return false, err
	}
	return true, s.computeClaimed(ctx, c)
}

// computeClaimed computes a claimed aggregate and stores it, or records
// why it failed. Figures are as of the moment before the first read.
func (s *Server) computeClaimed(ctx context.Context, c store.AggregateClaim) error {
	done := context.WithoutCancel(ctx) // the claim is released even when ctx has ended
	rep, ok := s.storedReport(c.Report)
	if !ok {
		return s.db.FailAggregate(done, c, "no such report", s.db.Now())
	}
	cctx, cancel := context.WithTimeout(ctx, aggregateComputeLimit)
	defer cancel()
	asOf, start := s.db.Now(), time.Now()
	figures, source, err := rep.compute(cctx, c.Params)
	var b []byte
	if err == nil {
		b, err = encodeFigures(figures)
	}
	switch {
	case err != nil && ctx.Err() != nil:
		return errors.Join(err, s.db.ReleaseAggregate(done, c))
	case err != nil:
		return errors.Join(fmt.Errorf("compute %s %s: %w", c.Report, c.Params, err), s.db.FailAggregate(done, c, err.Error(), s.db.Now()))
	}
	took := time.Since(start)
	s.log.Info("stored aggregate", "report", c.Report, "params", c.Params, "took", took.Round(time.Millisecond), "bytes", len(b))
	return s.db.SaveAggregate(done, c, b, asOf, took, source)
}

// preparing answers a download asked for before its figures exist: 503
// with Retry-After, so a person or a script knows to come back.
func preparing(w http.ResponseWriter) error {
	w.Header().Set("Retry-After", "60")
	return &statusError{status: http.StatusServiceUnavailable, message: "These figures are still being prepared. Open the page again in a minute, then download them."}
}

// encodeFigures writes raw figures as stored: gob, as base64 text. Not
// JSON: the journey analysis embeds its decisions in its summaries, and
// JSON drops an embedded field whose name the outer struct also has
// (Summary.Declined, people, hides Decisions.Declined, referrals), where
// gob keeps every exported field.
func encodeFigures(figures any) ([]byte, error) {
	var b bytes.Buffer
	w := base64.NewEncoder(base64.StdEncoding, &b)
	if err := gob.NewEncoder(w).Encode(figures); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func decodeFigures(stored []byte, figures any) error {
	return gob.NewDecoder(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(stored))).Decode(figures)
}

// aggregateState is what a page says about its stored figures.
type aggregateState struct {
	Ready      bool
	AsOf       string // "02:15 today", in UK time
	Every      string // "5 minutes"
	Source     string
	Queued     bool // a refresh was asked for and has not yet run
	Stale      bool // older than the refresh interval: newer figures are on their way
	Failure    bool // the last computation failed; the figures shown, if any, are older
	RefreshURL string
	PageURL    string            // the page for this selection
	PollURL    string            // the same, as the preparing status checks it
	Fields     map[string]string // the selection, posted with a refresh
}

// storedFigures reads a report's stored figures for one set of parameters
// into figures. Where serve runs its worker, a set nobody has asked for is
// queued and the request waits up to aggregateWait for it; stale figures
// and refreshes asked for are the worker's. A server without a worker (a
// test, or a command serving a handful of requests) computes what is due
// in the request instead, under the same claim, so no two processes
// compute a set at once either way.
func (s *Server) storedFigures(ctx context.Context, report, params string, figures any) (aggregateState, error) {
	var st aggregateState
	res, ok, err := s.db.StoredAggregate(ctx, report, params)
	if err != nil {
		return st, err
	}
	now := s.db.Now()
	// Reading marks the set as wanted, at most every quarter of Keep, so
	// that the page's own reads do not each write; stale figures read
	// after a while wake the worker to refresh them.
	if !ok || now.Sub(res.ReadAt) > aggregatePolicy.Keep/4 {
		if err := s.db.WantAggregate(ctx, report, params, now); err != nil {
			return st, err
		}
		res.ReadAt = now
		if ok && aggregatePolicy.Due(res, now) {
			s.agg.nudge()
		}
	}
	switch {
	case !s.agg.running.Load() && (!ok || aggregatePolicy.Due(res, now)):
		if res, err = s.computeInRequest(ctx, report, params); err != nil {
			return st, err
		}
	case !s.agg.running.Load() && !res.Ready():
		// Another request or process holds the claim: its figures are
		// what computing them here would give, so wait for them as long.
		if res, err = s.awaitAggregate(ctx, report, params, aggregateComputeLimit); err != nil {
			return st, err
		}
	case !res.Ready():
		if res, err = s.awaitAggregate(ctx, report, params, aggregateWait); err != nil {
			return st, err
		}
	}
	st.Queued, st.Failure = res.RefreshPending(), res.Failure != ""
	if !res.Ready() {
		return st, nil
	}
	if err := decodeFigures(res.Figures, figures); err != nil {
		return st, fmt.Errorf("stored %s figures %s: %w", report, params, err)
	}
	st.Ready, st.AsOf, st.Every, st.Source = true, asOfText(res.ComputedAt, now), "5 minutes", res.Source
	st.Stale = now.Sub(res.ComputedAt) > aggregatePolicy.Every+time.Minute
	return st, nil
}

// computeInRequest computes a set in the request, unless another request
// or process holds it, whose figures it then waits for as long as that
// computation may take: waiting is what computing it here would cost.
func (s *Server) computeInRequest(ctx context.Context, report, params string) (store.AggregateResult, error) {
	c, ok, err := s.db.ClaimAggregateIfDue(ctx, report, params, "request", s.db.Now(), aggregatePolicy)
	if err != nil {
		return store.AggregateResult{}, err
	}
	if !ok {
		return s.awaitAggregate(ctx, report, params, aggregateComputeLimit)
	}
	if err := s.computeClaimed(ctx, c); err != nil {
		return store.AggregateResult{}, err
	}
	res, _, err := s.db.StoredAggregate(ctx, report, params)
	return res, err
}

// awaitAggregate wakes this process's worker and waits up to wait for a
// set's first figures.
func (s *Server) awaitAggregate(ctx context.Context, report, params string, wait time.Duration) (store.AggregateResult, error) {
	s.agg.nudge()
	deadline := time.Now().Add(wait)
	for {
		res, _, err := s.db.StoredAggregate(ctx, report, params)
		if err != nil || res.Ready() || res.Failure != "" || time.Now().After(deadline) {
			return res, err
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// asOfText says when figures were computed, in UK time: "02:15 today",
// "23:50 yesterday" or "02:15 on 3 March 2026".
func asOfText(at, now time.Time) string {
	at, now = uktime.In(at), uktime.In(now)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	switch day(at) {
	case day(now):
		return at.Format("15:04") + " today"
	case day(now.AddDate(0, 0, -1)):
		return at.Format("15:04") + " yesterday"
	}
	return at.Format("15:04") + " on " + at.Format("2 January 2006")
}

// pollAggregate answers the preparing panel's check (an htmx request):
// nothing to change yet (204), or reload the page now that the figures
// are ready. It reports whether it answered.
func pollAggregate(w http.ResponseWriter, r *http.Request, st aggregateState) bool {
	if r.Header.Get("HX-Request") != "true" || r.URL.Query().Get("poll") != "1" {
		return false
	}
	if st.Ready {
		w.Header().Set("HX-Refresh", "true")
		w.WriteHeader(http.StatusOK)
		return true
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}
