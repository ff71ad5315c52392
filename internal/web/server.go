// Package web serves Throughline's pages: server-rendered html/template with
// the NHS design system and htmx. Every route declares an access policy in
// routes.go; the guard in middleware.go enforces it, including the
// relationship check for a person's record.
package web

import (
	"context"
	"crypto/ed25519"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Config holds the knobs a deployment may turn.
type Config struct {
	// CookieSecure marks cookies Secure; turn off only for plain-HTTP localhost.
	CookieSecure bool
	Sessions     auth.SessionLimits
	Throttle     auth.Throttle
	Argon2       auth.Argon2Params
	// BreakGlassFor is how long an emergency access grant lasts.
	BreakGlassFor time.Duration
	// MaxBodyBytes bounds every request body.
	MaxBodyBytes int64
	// AuditPublicKey checks the audit checkpoints' signatures when an
	// auditor verifies the log; nil checks only their links (Trust 5).
	AuditPublicKey ed25519.PublicKey
}

// DefaultConfig is what serve uses unless told otherwise.
func DefaultConfig() Config {
	return Config{
		CookieSecure:  true,
		Sessions:      auth.DefaultSessionLimits,
		Throttle:      auth.DefaultThrottle,
		Argon2:        auth.DefaultArgon2,
		BreakGlassFor: time.Hour,
		MaxBodyBytes:  1 << 20,
	}
}

// Server is the web application.
type Server struct {
	db     *store.DB
	cfg    Config
	log    *slog.Logger
	pages  map[string]*pageTemplate
	static fs.FS
	// unauditedReads, set only by BenchmarkAuditCost, leaves record reads
	// unaudited, to measure what auditing them costs. throughput: one field.
	unauditedReads atomic.Bool
	agg            aggregates // stored aggregates: this process's worker (stored_aggregates.go)
}

// New builds a server; it fails if a template does not parse.
func New(db *store.DB, cfg Config, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{db: db, cfg: cfg, log: log}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.static, _ = fs.Sub(staticFiles, "static")
	return s, nil
}

// Handler returns the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.guard(rt))
	}
	var h http.Handler = mux
	h = s.limitBody(h)
	h = s.crossOrigin(h)
	h = s.recoverPanics(h)
	h = securityHeaders(h)
	return h
}

// PurgeSessionsEvery removes expired sessions until ctx ends.
func (s *Server) PurgeSessionsEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.db.PurgeSessions(ctx, s.cfg.Sessions); err != nil {
				s.log.Error("purge sessions", "err", err)
			} else if n > 0 {
				s.log.Info("purged expired sessions", "count", n)
			}
		}
	}
}
