package web

import (
	"log/slog"
	"sync"

	"throughline/internal/store"
)

// firstServer is built by New once for the package. Parsing every page
// template is most of what a fixture costs, and parsed templates are only
// ever executed, so each fixture's server shares them.
var firstServer struct {
	once sync.Once
	srv  *Server
	err  error
}

// newTestServer is New for db and cfg, sharing the parsed templates of
// the first server the package built.
func newTestServer(db *store.DB, cfg Config, log *slog.Logger) (*Server, error) {
	firstServer.once.Do(func() { firstServer.srv, firstServer.err = New(db, cfg, log) })
	if firstServer.err != nil {
		return nil, firstServer.err
	}
	s := *firstServer.srv
	s.db, s.cfg, s.log = db, cfg, log
	return &s, nil
}
