package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"throughline/internal/notify"
	"throughline/internal/store"
	"throughline/internal/web"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.newFlags("serve")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	secure := fs.String("cookie-secure", "auto", "mark cookies Secure: true, false, or auto (true unless listening on loopback)")
	keyFile := auditKeyFlag(fs)  // audit signing (Trust 5)
	msgs := addReminderFlags(fs) // reminders (issue 13)
	// throughput: off unless asked; the profile is written at shutdown.
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of serving to this `file` at shutdown, for developers (go tool pprof)")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	// reminders: a bad Notify setting stops serve before it listens.
	sender, err := msgs.sender()
	if err != nil {
		return err
	}
	// end reminders
	key, err := m.signingKey(*keyFile, *dsn)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	tuneGC(m.Getenv) // throughput
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer func() {
		if err := stopProfile(); err != nil {
			fmt.Fprintln(m.Stderr, "throughline serve:", err)
		}
	}()
	cfg := web.DefaultConfig()
	switch *secure {
	case "auto":
		cfg.CookieSecure = !loopback(*addr)
	case "true":
		cfg.CookieSecure = true
	case "false":
		cfg.CookieSecure = false
	default:
		return fmt.Errorf("--cookie-secure must be true, false or auto")
	}
	return m.listenWith(ctx, db, cfg, *addr, *dsn, key, msgs, sender)
}

// listen serves with messages kept in the outbox (the demo's way).
func (m *Main) listen(ctx context.Context, db *store.DB, cfg web.Config, addr, dsn string, key ed25519.PrivateKey) error {
	return m.listenWith(ctx, db, cfg, addr, dsn, key, reminderFlags{}, notify.Outbox{})
}

// listenWith serves until ctx is cancelled, then shuts down gracefully.
func (m *Main) listenWith(ctx context.Context, db *store.DB, cfg web.Config, addr, dsn string, key ed25519.PrivateKey, msgs reminderFlags, sender notify.Sender) error {
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	cfg.AuditPublicKey = key.Public().(ed25519.PublicKey) // audit signing (Trust 5)
	srv, err := web.New(db, cfg, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	go srv.PurgeSessionsEvery(ctx, 10*time.Minute)
	// fhir: bulk export jobs, claimed in the database so one process runs each.
	go srv.RunFHIRExports(ctx, fmt.Sprintf("serve-%d", os.Getpid()), 2*time.Second)

	// Reads' audit events wait in a journal beside a SQLite database; one
	// left there by another database is set aside, never sealed into
	// this one's chain, and whoever runs the service is told.
	aside, err := db.JournalSetAside(ctx)
	if err != nil {
		return err
	}
	if aside != "" {
		log.Warn("the journal of reads' audit events beside the database belonged to another database: it was set aside, unsealed, and a new one started", "kept-as", aside)
	}
	// Audit sealing (Scale 2) and signing (Trust 5): seal and sign what
	// the log holds now, seal every second while serving (signing on
	// schedule), and once more after the last request.
	finalCheckpoint(db, key, log)
	go sealEvery(ctx, db, key, log)
	defer finalCheckpoint(db, key, log)
	// reminders: queue and send texts and emails; on shutdown the worker
	// finishes its round before the final checkpoint seals its audit.
	workCtx, stopWork := context.WithCancel(ctx)
	defer startReminders(workCtx, db, msgs, sender, log)()
	// Stored aggregates: the default views at start-up, then every set
	// due, claimed in the database so one process computes each; stopped
	// (its claim released) before the database closes.
	defer startAggregates(workCtx, srv)()
	defer stopWork()
	// end reminders
	log.Info("serving", "url", "http://"+ln.Addr().String(), "db", redactDSN(dsn), "dialect", db.Dialect().String())
	if m.Ready != nil {
		m.Ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
