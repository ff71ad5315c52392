// Package store keeps Throughline's records in SQLite (embedded, default) or
// PostgreSQL, through database/sql and raw SQL. Public methods own their
// transaction; every write of a person's record appends an audit event in
// the same transaction. Loaders writing many records at once use the batch
// API (batch.go) instead.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// Dialect is the SQL flavour of the open database.
type Dialect int

// Supported dialects.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is an open Throughline database.
type DB struct {
	dialect Dialect
	write   *sql.DB // SQLite: one connection, so writers queue instead of failing
	read    *sql.DB // SQLite: a pool of readers (WAL lets them run beside the writer)
	path    string  // SQLite file path, for backup
	// Now is the clock; tests replace it.
	Now func() time.Time
	// statements counts SQL statements sent (see Statements).
	statements atomic.Int64
	// pipelined counts statements that went to PostgreSQL behind another
	// in the same round trip (readTogether; see Sends). pg32b: one field.
	pipelined atomic.Int64
	// group commits concurrent reads' audit events together (audit_group.go).
	group auditGroup
	// journ is the SQLite journal those events are committed to
	// (audit_journal.go).
	journ journalState
	// readsInline sends reads' audit events to audit_pending, in line with
	// writes' (AuditReadsInLine).
	readsInline atomic.Bool
	// reaccess keeps the re-access window, read on every record request,
	// for a second (settings_cache.go).
	reaccess cachedSetting[reaccessSetting]
	// sealFault, set by tests only, fails a seal after it has written the
	// chain and before it has removed the pending rows, as a crash would.
	sealFault func() error
	// copyTuning, set by tests only, turns COPY off or shrinks its
	// buffers (bulk_copy.go). pgcopy: one field.
	copyTuning copyTuning
	// waitingChunk, set by tests only, is the first chunk the waiting
	// list is read in (waiting_page.go), so a short list crosses many
	// chunks. lists75: one field.
	waitingChunk int
	// exportPart, set by tests only, is the size a bulk export's part is
	// written at (fhir_export_parts.go), so a small export has many.
	exportPart int
}

// Statements is how many SQL statements this DB has sent since it was
// opened: every statement passes through rebind. Tests and benchmarks
// read it before and after a request to hold pages to a statement budget.
func (db *DB) Statements() int64 { return db.statements.Load() }

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a SQLite file path or a postgres:// URL. It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: func() time.Time { return time.Now().UTC() }}
	if IsPostgres(dsn) {
		pg, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		// Keep as many idle as may be open: database/sql keeps two by
		// default, so under load each request beyond them opened a new
		// connection (a new server process on PostgreSQL) and closed it.
		pg.SetMaxOpenConns(16)
		pg.SetMaxIdleConns(16)
		pg.SetConnMaxIdleTime(5 * time.Minute)
		db.dialect, db.write, db.read = Postgres, pg, pg
		// Reads' audit events are committed in groups here too. Each on
		// its own measured faster in BenchmarkAuditedRead, where a read
		// waits for its event; but pages start the commit and wait for it
		// only before sending (the audit gate), and under bench-http's
		// person page at 8 clients one transaction per read cost serve
		// 0.59 s of CPU against 0.09 s grouped, besides PostgreSQL's own
		// work for each BEGIN, INSERT and COMMIT. (direct stays false.)
	} else {
		if dsn == "" {
			return nil, errors.New("open sqlite: empty path")
		}
		// busy_timeout comes first so the other pragmas wait rather than fail.
		// synchronous=FULL: a committed clinical write survives power loss.
		const pragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(ON)&_time_format=sqlite"
		w, err := sql.Open(sqliteDriver(), "file:"+dsn+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		w.SetConnMaxLifetime(0)
		r, err := sql.Open(sqliteDriver(), "file:"+dsn+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite readers: %w", err)
		}
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(4) // and keep them, with their prepared statements
		db.dialect, db.write, db.read, db.path = SQLite, w, r, dsn
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return db, nil
}

// Dialect reports the SQL flavour.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close releases all connections.
func (db *DB) Close() error {
	err := errors.Join(db.journ.close(), db.write.Close())
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks the database answers, for health checks.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx is a transaction with placeholders rebound for the dialect.
type Tx struct {
	tx *sql.Tx
	db *DB
	// The audit chain's head, read (and on PostgreSQL locked) by the
	// sealer and the checkpoint step only (audit_seal.go).
	headRead bool
	headSeq  int64
	headHash string
	// stmts, in a bulk transaction (bulk.go), keeps each statement
	// prepared once for the whole transaction.
	stmts map[string]*sql.Stmt
	// auditBuf, in a bulk transaction, holds audit rows not yet written
	// (bulk_audit.go). demofast: one field, owned by bulk_audit.go.
	auditBuf auditBuffer
	// copies, in a bulk transaction on PostgreSQL, holds rows waiting for
	// COPY (bulk_copy.go). pgcopy: one field, owned by bulk_copy.go.
	copies *copier
	// memo, in a bulk transaction, remembers rows it checks against
	// (bulk_memo.go). pgload: one field, owned by bulk_memo.go.
	memo *bulkMemo
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s := t.prepared(ctx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, t.db.rebind(q), args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := t.prepared(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, t.db.rebind(q), args...)
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if s := t.prepared(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.db.rebind(q), args...)
}

// view runs fn in a read-only transaction.
func (db *DB) view(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.read, true, fn)
}

// beginner is a pool, or one connection of it (bulk_copy.go).
type beginner interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}

func (db *DB) run(ctx context.Context, pool beginner, readOnly bool, fn func(*Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: readOnly && db.dialect == Postgres}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	t := &Tx{tx: tx, db: db}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rebind turns ? placeholders into $1, $2… for PostgreSQL. Question marks
// inside single-quoted literals are left alone.
func (db *DB) rebind(q string) string {
	db.statements.Add(1)
	if db.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
