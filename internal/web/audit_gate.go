package web

import (
	"errors"
	"net/http"
	"sync"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// A read of a record is audited before anything of it is sent, and the
// audit event is durable (an fsync) before it counts. Waiting for that
// commit where the record is read made every page pay the fsync on top of
// its own work; instead the page starts the commit, goes on reading and
// rendering, and the gate holds the response until every audit event it
// started has committed. If one fails, the person sees an error page and
// nothing of the record.

// auditGate is the response writer every guarded route writes through.
type auditGate struct {
	http.ResponseWriter
	r *http.Request
	s *Server
	// mu guards pending and opened against a handler's reads made on
	// goroutines of its own.
	mu      sync.Mutex
	pending []*store.PendingAudit
	// expected tells the group commit this read's event is coming, so a
	// busy service commits it with others' (store.ExpectAudit).
	expected *store.AuditExpected
	opened   bool
	failed   bool
}

// errNotAudited is what a handler's writes get after an audit failure.
var errNotAudited = errors.New("the audit event for this page did not commit, so the page was not sent")

func (s *Server) newAuditGate(w http.ResponseWriter, r *http.Request) (*auditGate, *http.Request) {
	g := &auditGate{ResponseWriter: w, s: s}
	r = r.WithContext(store.WithAuditDeferral(r.Context(), g.take))
	g.r = r
	return g, r
}

// take holds a read's audit event for the response to wait for, until the
// response has begun; after that the read waits for its own commit.
func (g *auditGate) take(p *store.PendingAudit) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.opened {
		return false
	}
	g.pending = append(g.pending, p)
	g.expected.Done()
	return true
}

// auditView records that the request's user viewed record of person id.
// Under the gate it only starts the audit commit (store.Audit hands the
// event to the gate's take); elsewhere it waits.
func (s *Server) auditView(r *http.Request, id int64, record string) error {
	if s.unauditedReads.Load() {
		return nil
	}
	return s.db.Audit(r.Context(), actor(r), auth.ActionView, id, record)
}

// open waits for the audit events before the first byte goes out, and
// reports whether the response may be sent.
func (g *auditGate) open() bool {
	g.mu.Lock()
	if g.opened {
		failed := g.failed
		g.mu.Unlock()
		return !failed
	}
	g.opened = true
	// Nothing more of this read will queue: any later audit waits on its own.
	g.expected.Done()
	for _, p := range g.pending {
		if err := p.Wait(g.r.Context()); err != nil {
			g.s.log.Error("audit a record read", "path", g.r.URL.Path, "err", err)
			g.failed = true
		}
	}
	g.pending = nil
	failed := g.failed
	// The error page is drawn outside the lock, in case drawing it reads.
	g.mu.Unlock()
	if failed {
		// Whatever the handler meant to send (a download, say) is not sent.
		h := g.ResponseWriter.Header()
		h.Del("Content-Disposition")
		h.Del("Content-Length")
		g.s.renderError(g.ResponseWriter, g.r, http.StatusInternalServerError,
			"Something went wrong on our side, so this page was not shown. The problem has been logged; please try again.")
	}
	return !failed
}

func (g *auditGate) WriteHeader(status int) {
	if g.open() {
		g.ResponseWriter.WriteHeader(status)
	}
}

func (g *auditGate) Write(b []byte) (int, error) {
	if !g.open() {
		return 0, errNotAudited
	}
	return g.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (g *auditGate) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// close ends the request: a handler that wrote nothing still waits for
// its audit events (and sends the error page if one failed).
func (g *auditGate) close() { g.open() }
