package store

import (
	"context"
	"sync"
	"sync/atomic"

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
	for {
		g.mu.Lock()
		batch := g.queue
		g.queue = nil
		if len(batch) == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
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

// AuditCommits is how many group commits of reads' audit events have run
// since Open, for benchmarks to report how many reads share a commit.
func (db *DB) AuditCommits() int64 { return db.group.batches.Load() }
