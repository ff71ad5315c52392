package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"throughline/internal/auth"
)

// On SQLite every commit to the database file makes every other
// connection drop its page cache when it next reads (the file has
// changed), so a commit per few reads, as reads' audit events needed,
// sent every reader back to the file for pages it had: at 8 clients on the
// person page the audit event cost 48% of throughput. The events of reads
// and sign-ins are therefore committed, durably and in groups, to a
// journal of their own, a second SQLite file beside the database
// (JournalSuffix); the sealer seals them into the chain once a second,
// merged by time with the events of writes waiting in audit_pending.
//
// An event is never sealed twice and never skipped: the newest journal id
// sealed is committed in the database with the chain it extends
// (audit_journal_moved), sealed rows are deleted from the journal only
// after that commit, and a new journal numbers on from the database's
// mark. A journal belongs to one database (its token, database_identity):
// one left beside a new database is set aside under another name, never
// sealed in, and never deleted. PostgreSQL has no journal: its commits do
// not disturb other sessions' caches.

// JournalSuffix is added to a SQLite database's path to name its
// read-audit journal; the journal has its own -wal and -shm files.
const JournalSuffix = "-audit"

// SQLiteFiles are the files a SQLite database at path is kept in: the
// database, its journal of reads' audit events, and their write-ahead
// logs. Removing a database means removing all of them.
func SQLiteFiles(path string) []string {
	var out []string
	for _, base := range []string{path, path + JournalSuffix} {
		out = append(out, base, base+"-wal", base+"-shm")
	}
	return out
}

// readJournal is the open journal: one writer, so group commits queue
// rather than fail, and a pool of readers for the sealer and counts.
type readJournal struct {
	write, read *sql.DB
	// setAside is where a journal that belonged to another database was
	// moved when this one was opened ("" when none was).
	setAside string
}

// journalState opens the journal once, on first use after the database
// has been migrated.
type journalState struct {
	mu sync.Mutex
	j  *readJournal
	// keepMoved, set by tests only, leaves sealed events in the journal
	// after the seal commits, as a process killed at that moment would.
	keepMoved bool
}

func (s *journalState) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.j == nil {
		return nil
	}
	err := errors.Join(s.j.write.Close(), s.j.read.Close())
	s.j = nil
	return err
}

// journal returns the open journal, opening it if need be.
func (db *DB) journal(ctx context.Context) (*readJournal, error) {
	db.journ.mu.Lock()
	defer db.journ.mu.Unlock()
	if db.journ.j != nil {
		return db.journ.j, nil
	}
	j, err := db.openJournal(ctx)
	if err != nil {
		return nil, fmt.Errorf("open the read-audit journal %s: %w", db.path+JournalSuffix, err)
	}
	db.journ.j = j
	return j, nil
}

// JournalSetAside opens a SQLite database's journal of reads' audit
// events now, rather than at the first read, and returns where a journal
// left by another database was set aside, if one was, for serve to say
// so when it starts. On PostgreSQL it does nothing.
func (db *DB) JournalSetAside(ctx context.Context) (string, error) {
	if db.dialect != SQLite {
		return "", nil
	}
	j, err := db.journal(ctx)
	if err != nil {
		return "", err
	}
	return j.setAside, nil
}

var journalSchema = []string{`CREATE TABLE IF NOT EXISTS journal_owner (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	database TEXT NOT NULL
)`, `CREATE TABLE IF NOT EXISTS audit_journal (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TIMESTAMP NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	role TEXT NOT NULL,
	action TEXT NOT NULL,
	person_id INTEGER NOT NULL,
	record TEXT NOT NULL,
	relationship TEXT NOT NULL,
	reason TEXT NOT NULL
)`, `CREATE TRIGGER IF NOT EXISTS audit_journal_no_update BEFORE UPDATE ON audit_journal
BEGIN
	SELECT RAISE(ABORT, 'audit events are append-only');
END`}

// openJournal opens the journal beside the database, making it if there
// is none, and binds it to this database: a new journal takes the
// database's token and numbers on from its mark; a journal with another
// database's token is set aside and a new one made.
func (db *DB) openJournal(ctx context.Context) (*readJournal, error) {
	var token string
	var mark int64
	if err := db.read.QueryRowContext(ctx, `SELECT (SELECT token FROM database_identity WHERE id = 1), (SELECT moved FROM audit_journal_moved WHERE id = 1)`).Scan(&token, &mark); err != nil {
		return nil, fmt.Errorf("this database's identity (is it migrated?): %w", err)
	}
	path := db.path + JournalSuffix
	setAside := ""
	for attempt := 0; ; attempt++ {
		j, owner, err := openJournalFiles(ctx, path, token, mark)
		if err != nil {
			return nil, err
		}
		if owner == token {
			j.setAside = setAside
			return j, nil
		}
		if err := errors.Join(j.write.Close(), j.read.Close()); err != nil {
			return nil, err
		}
		if attempt > 0 {
			return nil, fmt.Errorf("the journal made for this database belongs to database %s", owner)
		}
		if setAside, err = setJournalAside(path, owner, db.Now()); err != nil {
			return nil, err
		}
	}
}

// openJournalFiles opens the journal at path, creating its tables and,
// for a new journal, its owner (token) and first number (after mark). It
// returns the journal's owner.
func openJournalFiles(ctx context.Context, path, token string, mark int64) (*readJournal, string, error) {
	const pragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_time_format=sqlite"
	w, err := sql.Open(sqliteDriver(), "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, "", err
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open(sqliteDriver(), "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, "", err
	}
	r.SetMaxOpenConns(2)
	j := &readJournal{write: w, read: r}
	var owner string
	err = func() error {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for _, stmt := range journalSchema {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("create the journal's tables: %w", err)
			}
		}
		err = tx.QueryRowContext(ctx, `SELECT database FROM journal_owner WHERE id = 1`).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) {
			owner = token
			if _, err := tx.ExecContext(ctx, `INSERT INTO journal_owner (id, database) VALUES (1, ?)`, token); err != nil {
				return err
			}
			// A journal made again (the old one removed by hand) numbers
			// on from what the database has sealed, or its first events
			// would look sealed already.
			if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) VALUES ('audit_journal', ?)`, mark); err != nil {
				return fmt.Errorf("number the journal from %d: %w", mark, err)
			}
		} else if err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err != nil {
		w.Close()
		r.Close()
		return nil, "", err
	}
	return j, owner, nil
}

// setJournalAside renames a journal that belongs to another database, with
// its write-ahead log, so that nothing in it is lost or sealed into this
// database's chain. It returns the new name.
func setJournalAside(path, owner string, now time.Time) (string, error) {
	to := fmt.Sprintf("%s.from-%s-%s", path, owner[:min(8, len(owner))], now.UTC().Format("20060102T150405Z"))
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(path+suffix, to+suffix); err != nil && !os.IsNotExist(err) {
			return "", fmt.Errorf("set aside the journal of another database: %w", err)
		}
	}
	return to, nil
}

// appendReads commits reads' events together in the journal (SQLite) or
// in audit_pending (PostgreSQL).
func (db *DB) appendReads(ctx context.Context, events []auth.Event) error {
	if db.dialect != SQLite {
		// pg32: one statement, no BEGIN and COMMIT (audit_append_pg.go).
		return db.appendPendingPG(ctx, events)
	}
	if db.readsInline.Load() {
		return db.Update(ctx, func(tx *Tx) error { return tx.auditMany(ctx, "audit_pending", events) })
	}
	j, err := db.journal(ctx)
	if err != nil {
		return err
	}
	return db.run(ctx, j.write, false, func(tx *Tx) error { return tx.auditMany(ctx, "audit_journal", events) })
}

// AuditReadsInLine sends reads' audit events to audit_pending with
// writes', as on PostgreSQL, until the returned function is called. A bulk
// load (the demo) runs one step at a time on a clock it moves back and
// forth, so the journal's merge by time would seal its reads in an order
// of its invention; in line, every event is sealed in the order it was
// made, and a region loaded on SQLite has the same chain as on
// PostgreSQL. A serving process has no use for it: each of its reads would
// then commit to the database file.
func (db *DB) AuditReadsInLine() (restore func()) {
	was := db.readsInline.Swap(true)
	return func() { db.readsInline.Store(was) }
}

// journalBatch reads up to limit journal events not yet sealed, oldest
// first, for the sealing transaction t, and returns them with the mark to
// record once they are sealed (0 when there are none). It first deletes
// from the journal what an earlier seal marked, in case its process died
// before it could (dropMoved).
func (t *Tx) journalBatch(ctx context.Context, limit int) ([]auth.Event, int64, error) {
	if t.db.dialect != SQLite {
		return nil, 0, nil
	}
	mark, err := t.journalMark(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := t.db.dropMoved(ctx, mark); err != nil {
		return nil, 0, err
	}
	j, err := t.db.journal(ctx)
	if err != nil {
		return nil, 0, err
	}
	var last int64
	var events []auth.Event
	err = t.db.run(ctx, j.read, true, func(jt *Tx) error {
		return eachRow(ctx, jt, "journal events", `SELECT id, at, user_id, username, role, action, person_id, record, relationship, reason
			FROM audit_journal WHERE id > ? ORDER BY id LIMIT ?`, []any{mark, limit}, func(s scanner) error {
			e, err := scanAppended(s, &last)
			events = append(events, e)
			return err
		})
	})
	if err != nil || len(events) == 0 {
		return nil, 0, err
	}
	return events, last, nil
}

// dropMoved deletes from the journal the events up to mark, which a
// committed seal has put in the chain.
func (db *DB) dropMoved(ctx context.Context, mark int64) error {
	if mark == 0 || db.journ.keepMoved {
		return nil
	}
	j, err := db.journal(ctx)
	if err != nil {
		return err
	}
	if _, err := j.write.ExecContext(ctx, `DELETE FROM audit_journal WHERE id <= ?`, mark); err != nil {
		return fmt.Errorf("remove sealed events from the journal: %w", err)
	}
	return nil
}

// journalWaiting counts the journal's events not yet sealed, by the mark
// in t's snapshot of the database (0 on PostgreSQL, which has no journal).
func (t *Tx) journalWaiting(ctx context.Context) (int64, error) {
	if t.db.dialect != SQLite {
		return 0, nil
	}
	mark, err := t.journalMark(ctx)
	if err != nil {
		return 0, err
	}
	j, err := t.db.journal(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	if err := j.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_journal WHERE id > ?`, mark).Scan(&n); err != nil {
		return 0, fmt.Errorf("count journal events: %w", err)
	}
	return n, nil
}

// journalMark is the newest journal id sealed, as t's snapshot of the
// database has it.
func (t *Tx) journalMark(ctx context.Context) (int64, error) {
	var mark int64
	if err := t.queryRow(ctx, `SELECT moved FROM audit_journal_moved WHERE id = 1`).Scan(&mark); err != nil {
		return 0, fmt.Errorf("journal mark: %w", err)
	}
	return mark, nil
}
