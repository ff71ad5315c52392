package store

import (
	"cmp"
	"context"
	"sync"
	"sync/atomic"
	"time"

	"throughline/internal/auth"
)

// auditGroup commits the audit events of concurrent reads together: one
// transaction, one fsync, for every event that arrived while the previous
// commit was running. It adds no wait of its own (an idle service commits
// each event at once); under load the batch grows with the queue. Each
// caller returns only after the commit holding its event, so a read is
// never shown before its audit event is durable.
type auditGroup struct {
	mu      sync.Mutex
	queue   []*auditWaiter
	running bool
	// direct commits each event on its own, for the benchmark comparing
	// the two.
	direct bool
	// batches counts group commits, for tests.
	batches atomic.Int64
	// coming counts reads whose audit event is on its way (ExpectAudit)
	// but not yet queued; wake is signalled when the queue grows or one
	// of them stops being expected, for a lingering drain to look again.
	coming atomic.Int64
	wake   chan struct{}
	once   sync.Once
	// linger overrides auditLinger, for tests.
	linger time.Duration
}

// auditLinger is the longest a group commit waits for the events of
// reads already under way. An fsync on this kind of machine costs far more
// than its own CPU time (about half a millisecond of a core, spent by the
// virtual disk), so a commit is worth holding back for reads that will
// need one within a fraction of that; the cap bounds the cost when a read
// expected to audit never does.
const auditLinger = 2 * time.Millisecond

func (g *auditGroup) signal() {
	select {
	case g.woken() <- struct{}{}:
	default:
	}
}

// woken is wake, made on first use, as a DB's zero group has none.
func (g *auditGroup) woken() chan struct{} {
	g.once.Do(func() { g.wake = make(chan struct{}, 1) })
	return g.wake
}

// AuditExpected is a read that will audit: while it is under way a group
// commit waits for its event (at most auditLinger), as PostgreSQL's
// commit_delay waits only while commit_siblings are active, so that an
// idle service commits at once and a busy one fsyncs once for many reads.
type AuditExpected struct {
	g    *auditGroup
	done atomic.Bool
}

// ExpectAudit says a read that audits has begun. Done must follow, once
// its event is started or the read ends without one.
func (db *DB) ExpectAudit() *AuditExpected {
	db.group.coming.Add(1)
	return &AuditExpected{g: &db.group}
}

// Done says the read's event is queued, or will not come; it may be
// called more than once.
func (x *AuditExpected) Done() {
	if x != nil && x.done.CompareAndSwap(false, true) {
		x.g.coming.Add(-1)
		x.g.signal()
	}
}

// auditWaiter is one event waiting for its commit: finish records the
// outcome and closes done, so any number of waits read it.
type auditWaiter struct {
	e    auth.Event
	err  error
	done chan struct{}
}

func (w *auditWaiter) finish(err error) {
	w.err = err
	close(w.done)
}

func (g *auditGroup) add(ctx context.Context, db *DB, e auth.Event) error {
	return g.start(db, e).Wait(ctx)
}

// start queues e for the next group commit (or, direct, commits it on its
// own in the background) and returns at once, so the caller can go on
// preparing what it will show while the commit's fsync runs.
func (g *auditGroup) start(db *DB, e auth.Event) *PendingAudit {
	w := &auditWaiter{e: e, done: make(chan struct{})}
	if g.direct {
		go func() { w.finish(db.appendReads(context.Background(), []auth.Event{e})) }()
		return &PendingAudit{w: w}
	}
	g.mu.Lock()
	g.queue = append(g.queue, w)
	start := !g.running
	g.running = true
	g.mu.Unlock()
	if start {
		go g.drain(db)
	} else {
		g.signal()
	}
	return &PendingAudit{w: w}
}

// PendingAudit is an audit event on its way to being committed.
type PendingAudit struct{ w *auditWaiter }

// Wait returns once the event has committed (nil) or failed to. It may be
// called more than once. A caller that gives up (ctx done) gets ctx's
// error; the event may still commit, which errs on the safe side.
func (p *PendingAudit) Wait(ctx context.Context) error {
	select {
	case <-p.w.done:
		return p.w.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// drain commits batches until the queue is empty. Batches run detached
// from any one request, so a caller giving up cannot roll back the
// others' events.
func (g *auditGroup) drain(db *DB) {
	ctx := context.Background()
	wake := g.woken()
	var timer *time.Timer
	var deadline <-chan time.Time
	for {
		g.mu.Lock()
		if len(g.queue) == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		if g.coming.Load() > 0 && len(g.queue) < maxAuditGroup {
			g.mu.Unlock()
			if deadline == nil {
				linger := cmp.Or(g.linger, auditLinger)
				if timer == nil {
					timer = time.NewTimer(linger)
				} else {
					timer.Reset(linger)
				}
				deadline = timer.C
			}
			select {
			case <-wake:
				continue
			case <-deadline:
			}
			g.mu.Lock()
		}
		if timer != nil {
			timer.Stop()
		}
		deadline = nil
		batch := g.queue
		g.queue = nil
		g.mu.Unlock()
		g.batches.Add(1)
		events := make([]auth.Event, len(batch))
		for i, w := range batch {
			events[i] = w.e
		}
		err := db.appendReads(ctx, events)
		if err != nil && len(batch) > 1 {
			// One event's fault must not fail the others: commit each alone.
			for _, w := range batch {
				w.finish(db.appendReads(ctx, []auth.Event{w.e}))
			}
			continue
		}
		for _, w := range batch {
			w.finish(err)
		}
	}
}

// maxAuditGroup is the most events one commit waits to gather.
const maxAuditGroup = 64

// AuditsExpected is how many reads ExpectAudit has counted that have not
// yet said Done: 0 whenever no read is under way, which tests check so that
// no path leaves every later commit lingering.
func (db *DB) AuditsExpected() int64 { return db.group.coming.Load() }

// AuditCommits is how many group commits of reads' audit events have run
// since Open, for benchmarks to report how many reads share a commit.
func (db *DB) AuditCommits() int64 { return db.group.batches.Load() }
