package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"

	"modernc.org/sqlite"
)

// The SQLite driver parses every query it is given afresh: on the person
// page parsing was a third of the server's time. Each connection here keeps
// the statements it has prepared, keyed by their text, so a page's dozen
// queries are parsed once per connection and then only bound and stepped.
// It sits under database/sql, so every query in the package (and every new
// one) is cached without a call site knowing. PostgreSQL needs none of
// this: pgx keeps its own per-connection statement cache.

// sqliteDriverName is the driver Open uses for SQLite.
const sqliteDriverName = "throughline-sqlite"

// maxCachedStatements bounds each connection's cache: queries built with IN
// lists have one text per list length, and each kept statement holds memory.
const maxCachedStatements = 256

var registerSQLite sync.Once

func sqliteDriver() string {
	registerSQLite.Do(func() { sql.Register(sqliteDriverName, cachingDriver{&sqlite.Driver{}}) })
	return sqliteDriverName
}

type cachingDriver struct{ base driver.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.base.Open(name)
	if err != nil {
		return nil, err
	}
	q, okQ := c.(driver.QueryerContext)
	e, okE := c.(driver.ExecerContext)
	p, okP := c.(driver.ConnPrepareContext)
	b, okB := c.(driver.ConnBeginTx)
	if !okQ || !okE || !okP || !okB {
		c.Close()
		return nil, errors.New("sqlite driver lacks the context interfaces the statement cache needs")
	}
	return &cachingConn{Conn: c, queryer: q, execer: e, preparer: p, beginner: b, stmts: map[string]*cachedStmt{}}, nil
}

// cachingConn is one SQLite connection with its prepared statements.
// database/sql uses a connection from one goroutine at a time, so the
// cache needs no lock.
type cachingConn struct {
	driver.Conn
	queryer  driver.QueryerContext
	execer   driver.ExecerContext
	preparer driver.ConnPrepareContext
	beginner driver.ConnBeginTx
	stmts    map[string]*cachedStmt
	tick     uint64
}

// cachedStmt is a prepared statement; busy while rows read from it, since
// a SQLite statement has one cursor: a query nested inside its own rows
// (possible in a transaction) runs on a one-off statement instead.
type cachedStmt struct {
	query interface {
		driver.StmtQueryContext
		driver.StmtExecContext
	}
	closer   driver.Stmt
	busy     bool
	lastUsed uint64
}

// statement is q's cached statement, preparing it on first use; nil when it
// is busy or cannot be cached, so the caller runs q the ordinary way (which
// also reports a bad query's error as it always did).
func (c *cachingConn) statement(ctx context.Context, q string) *cachedStmt {
	c.tick++
	if s, ok := c.stmts[q]; ok {
		if s.busy {
			return nil
		}
		s.lastUsed = c.tick
		return s
	}
	if len(c.stmts) >= maxCachedStatements && !c.evict() {
		return nil
	}
	ds, err := c.preparer.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	sq, ok := ds.(interface {
		driver.StmtQueryContext
		driver.StmtExecContext
	})
	if !ok {
		ds.Close()
		return nil
	}
	s := &cachedStmt{query: sq, closer: ds, lastUsed: c.tick}
	c.stmts[q] = s
	return s
}

// evict closes the least recently used idle statement, reporting whether
// there was one.
func (c *cachingConn) evict() bool {
	var oldest string
	var found *cachedStmt
	for q, s := range c.stmts {
		if !s.busy && (found == nil || s.lastUsed < found.lastUsed) {
			oldest, found = q, s
		}
	}
	if found == nil {
		return false
	}
	delete(c.stmts, oldest)
	found.closer.Close()
	return true
}

func (c *cachingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	s := c.statement(ctx, q)
	if s == nil {
		return c.queryer.QueryContext(ctx, q, args)
	}
	rows, err := s.query.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	s.busy = true
	return &cachedRows{Rows: rows, stmt: s}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	s := c.statement(ctx, q)
	if s == nil {
		return c.execer.ExecContext(ctx, q, args)
	}
	return s.query.ExecContext(ctx, args)
}

func (c *cachingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.preparer.PrepareContext(ctx, q)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.beginner.BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *cachingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// Close finalises the cached statements before the connection: SQLite
// will not close a connection with statements still open.
func (c *cachingConn) Close() error {
	var err error
	for q, s := range c.stmts {
		err = errors.Join(err, s.closer.Close())
		delete(c.stmts, q)
	}
	return errors.Join(err, c.Conn.Close())
}

// cachedRows frees its statement for the next query when closed (the
// driver resets a reused statement on Close).
type cachedRows struct {
	driver.Rows
	stmt *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.stmt.busy = false
	return err
}
