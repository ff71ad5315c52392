package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"throughline/internal/auditlog"
	"throughline/internal/store"
)

// pgAuditKey is where the signing key lives for a PostgreSQL database
// when --audit-key is not given: the working directory, since the
// database has no file to sit beside.
const pgAuditKey = "throughline.audit-key"

// auditKeyFlag adds --audit-key (THROUGHLINE_AUDIT_KEY) to fs.
func auditKeyFlag(fs *flag.FlagSet) *string {
	return fs.String("audit-key", "", "file holding the Ed25519 key that signs audit checkpoints, made (mode 0600) if absent; keep it away from the database and its backups (default: next to the SQLite file as FILE.audit-key, or ./"+pgAuditKey+" for PostgreSQL)")
}

// auditKeyPath is the key file for dsn when the flag gave none.
func auditKeyPath(flagValue, dsn string) string {
	switch {
	case flagValue != "":
		return flagValue
	case store.IsPostgres(dsn):
		return pgAuditKey
	default:
		return dsn + ".audit-key"
	}
}

// signingKey loads the audit key, making one on first run.
func (m *Main) signingKey(flagValue, dsn string) (ed25519.PrivateKey, error) {
	path := auditKeyPath(flagValue, dsn)
	key, created, err := auditlog.LoadOrCreateKey(path)
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(m.Stderr, "made a new audit signing key in %s: keep it safe and apart from the database's backups.\nIts public key, for anyone who checks the audit log: %s\n",
			path, auditlog.PublicKeyText(key.Public().(ed25519.PublicKey)))
	}
	return key, nil
}

func (m *Main) auditCmd(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "verify":
			return m.auditVerify(ctx, args[1:])
		case "checkpoint":
			return m.auditCheckpoint(ctx, args[1:])
		case "public-key":
			return m.auditPublicKey(args[1:])
		}
	}
	return fmt.Errorf(`unknown audit command; try "throughline audit verify", "audit checkpoint" or "audit public-key"`)
}

// expectFlags collects --expect lines, each a checkpoint kept outside.
type expectFlags []auditlog.Checkpoint

func (e *expectFlags) String() string { return fmt.Sprint(len(*e), " checkpoints") }

func (e *expectFlags) Set(s string) error {
	c, err := auditlog.ParseLine(s)
	if err != nil {
		return err
	}
	*e = append(*e, c)
	return nil
}

func (m *Main) auditVerify(ctx context.Context, args []string) error {
	fs := m.newFlags("audit verify")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	keyFile := auditKeyFlag(fs)
	public := fs.String("public-key", "", "check signatures with this public key (ed25519:…, from \"audit public-key\") instead of the key file")
	var expect expectFlags
	fs.Var(&expect, "expect", "a checkpoint `line` kept outside (from \"audit checkpoint\") that must still be in the log; repeat for several")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	check := store.AuditCheck{Expect: expect}
	noKey := ""
	if *public != "" {
		pub, err := auditlog.ParsePublicKey(*public)
		if err != nil {
			return fmt.Errorf("--public-key: %w", err)
		}
		check.Key = pub
	} else {
		path := auditKeyPath(*keyFile, *dsn)
		key, err := auditlog.LoadKey(path)
		switch {
		case err == nil:
			check.Key = key.Public().(ed25519.PublicKey)
		case errors.Is(err, os.ErrNotExist):
			noKey = path
		default:
			return err
		}
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.VerifyAuditSigned(ctx, check)
	if err != nil {
		return err
	}
	if noKey != "" && (r.Checkpoints > 0 || len(expect) > 0) {
		return fmt.Errorf("the audit log has %d signed checkpoints but there is no key at %s to check them: give --audit-key or --public-key", r.Checkpoints, noKey)
	}
	fmt.Fprintln(m.Stdout, r.String())
	if noKey != "" {
		fmt.Fprintf(m.Stdout, "no audit key at %s: nothing has been signed yet\n", noKey)
	}
	return nil
}

// checkpointJSON is a checkpoint for programs that keep them.
type checkpointJSON struct {
	N         int64     `json:"n"`
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	PublicKey string    `json:"public_key"`
	Line      string    `json:"line"`
	Made      bool      `json:"made"`
}

func (m *Main) auditCheckpoint(ctx context.Context, args []string) error {
	fs := m.newFlags("audit checkpoint")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL")
	keyFile := auditKeyFlag(fs)
	asJSON := fs.Bool("json", false, "print the checkpoint as JSON, with the public key")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	key, err := m.signingKey(*keyFile, *dsn)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn, m.Stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	c, made, err := db.Checkpoint(ctx, key)
	if err != nil {
		return err
	}
	if c.N == 0 {
		return fmt.Errorf("the audit log is empty: there is nothing to sign yet")
	}
	if !*asJSON {
		fmt.Fprintln(m.Stdout, c.Line())
		return nil
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(checkpointJSON{N: c.N, Seq: c.Seq, Hash: c.Hash, At: c.At, KeyID: c.KeyID,
		PublicKey: auditlog.PublicKeyText(key.Public().(ed25519.PublicKey)), Line: c.Line(), Made: made})
}

func (m *Main) auditPublicKey(args []string) error {
	fs := m.newFlags("audit public-key")
	dsn := fs.String("db", "./throughline.db", "SQLite file path or postgres:// URL (places the default key file)")
	keyFile := auditKeyFlag(fs)
	if err := m.parse(fs, args); err != nil {
		return err
	}
	key, err := auditlog.LoadKey(auditKeyPath(*keyFile, *dsn))
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, auditlog.PublicKeyText(key.Public().(ed25519.PublicKey)))
	return nil
}

// sealTick is how often the server seals appended audit events into the
// chain; a backlog is sealed in batches within one tick.
const sealTick = time.Second

// sealEvery seals the audit log every second and signs a checkpoint when
// the schedule says one is due, until ctx ends. With several servers on
// one database, whichever holds the sealer's lock seals; the others skip
// the tick.
func sealEvery(ctx context.Context, db *store.DB, key ed25519.PrivateKey, log *slog.Logger) {
	t := time.NewTicker(sealTick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r, err := db.SealAudit(ctx, key, auditlog.DefaultSchedule)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("audit seal", "err", err)
			case r.Signed:
				log.Info("audit checkpoint signed", "n", r.Checkpoint.N, "seq", r.Checkpoint.Seq)
			}
		}
	}
}

// finalCheckpoint seals and signs whatever the log holds; serve calls it
// when it starts (covering what ran while it was stopped, or what a
// process killed mid-seal left) and after it has stopped taking requests.
func finalCheckpoint(db *store.DB, key ed25519.PrivateKey, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if c, made, err := db.Checkpoint(ctx, key); err != nil {
		log.Error("audit checkpoint", "err", err)
	} else if made {
		log.Info("audit checkpoint signed", "n", c.N, "seq", c.Seq)
	}
}
