package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// journalDB opens and migrates a new SQLite database, whose journal of
// reads' audit events will sit beside it, and returns it with its path.
func journalDB(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "throughline.db")
	return storetest.Open(t, path), path
}

// plainSQLite opens path directly, as someone with the files would.
func plainSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// journalRows is how many events the journal beside the database at path
// holds.
func journalRows(t *testing.T, path string) int {
	t.Helper()
	return countIn(t, plainSQLite(t, path+store.JournalSuffix), `SELECT COUNT(*) FROM audit_journal`)
}

func countIn(t *testing.T, conn *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// views audits n reads of p by viewers first..first+n-1, each waiting for
// its commit as a page does.
func views(t *testing.T, db *store.DB, personID int64, first, n int) {
	t.Helper()
	for i := first; i < first+n; i++ {
		if err := db.Audit(context.Background(), viewer(i), auth.ActionView, personID, "person"); err != nil {
			t.Fatal(err)
		}
	}
}

// sealedViews is how many view events of the person the chain holds, after
// sealing whatever waits.
func sealedViews(t *testing.T, db *store.DB, personID int64) int {
	t.Helper()
	events, err := db.AuditEvents(context.Background(), store.AuditFilter{PersonID: personID, Action: auth.ActionView, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}

// TestReadAuditsLeaveTheDatabaseFileAlone: on SQLite a read's audit event
// commits to the journal beside the database, so the database file, whose
// every change sends each reader connection back to disk for its pages,
// changes only when the sealer moves the events into the chain. Every
// event is then in the chain once and the chain verifies.
func TestReadAuditsLeaveTheDatabaseFileAlone(t *testing.T) {
	t.Parallel()
	db, path := journalDB(t)
	ctx := context.Background()
	p := mustPerson(t, db, "Quiet")
	if _, err := db.SealAudit(ctx, testAuditKey(1), everySeal); err != nil {
		t.Fatal(err)
	}
	// data_version changes, for one connection, whenever another has
	// committed to the file: what makes SQLite drop its page cache.
	reader := plainSQLite(t, path)
	reader.SetMaxOpenConns(1)
	version := func() int { return countIn(t, reader, `PRAGMA data_version`) }
	before := version()
	views(t, db, p.ID, 0, 5)
	if got := version(); got != before {
		t.Errorf("five audited reads changed the database file (data_version %d to %d)", before, got)
	}
	if got, err := db.AuditWaiting(ctx); err != nil || got != 5 {
		t.Errorf("waiting = %d, %v; want the 5 reads", got, err)
	}
	if got := journalRows(t, path); got != 5 {
		t.Errorf("the journal holds %d events, want 5", got)
	}
	r, err := db.SealAudit(ctx, testAuditKey(1), everySeal)
	if err != nil || r.Sealed != 5 {
		t.Fatalf("seal = %+v, %v; want the 5 reads sealed", r, err)
	}
	if got := version(); got == before {
		t.Error("sealing did not write the reads into the database")
	}
	if got := sealedViews(t, db, p.ID); got != 5 {
		t.Errorf("the chain holds %d views, want 5", got)
	}
	if got := journalRows(t, path); got != 0 {
		t.Errorf("the journal still holds %d sealed events", got)
	}
	if n, err := db.VerifyAudit(ctx); err != nil || n != 6 {
		t.Errorf("verify = %d, %v; want the person's creation and 5 views", n, err)
	}
}

// TestJournalIsSealedOnceAcrossARestart: sealed events left in the
// journal, as by a process killed between the seal's commit and their
// deletion, are sealed once, never twice, and deleted by the next process.
func TestJournalIsSealedOnceAcrossARestart(t *testing.T) {
	t.Parallel()
	db, path := journalDB(t)
	ctx := context.Background()
	p := mustPerson(t, db, "Restarted")
	views(t, db, p.ID, 0, 3)
	db.KeepMovedForTest(true)
	if _, err := db.SealAudit(ctx, testAuditKey(1), everySeal); err != nil {
		t.Fatal(err)
	}
	if got := journalRows(t, path); got != 3 {
		t.Fatalf("the journal holds %d events after the seal, want the 3 sealed (the killed process never deleted them)", got)
	}
	db.Close()
	again := storetest.Open(t, path)
	views(t, again, p.ID, 3, 2)
	for range 2 {
		if _, err := again.SealAudit(ctx, testAuditKey(1), everySeal); err != nil {
			t.Fatal(err)
		}
	}
	if got := sealedViews(t, again, p.ID); got != 5 {
		t.Errorf("the chain holds %d views, want each of the 5 once", got)
	}
	if got := journalRows(t, path); got != 0 {
		t.Errorf("the journal still holds %d moved events", got)
	}
	if _, err := again.VerifyAudit(ctx); err != nil {
		t.Error(err)
	}
}

// TestJournalMadeAgainNumbersOn: a journal removed by hand and made again
// numbers its events on from what the database has moved, so its first
// events are not taken for moved ones and lost.
func TestJournalMadeAgainNumbersOn(t *testing.T) {
	t.Parallel()
	db, path := journalDB(t)
	ctx := context.Background()
	p := mustPerson(t, db, "Renumbered")
	views(t, db, p.ID, 0, 2)
	if _, err := db.SealAudit(ctx, testAuditKey(1), everySeal); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, f := range store.SQLiteFiles(path)[3:] {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	again := storetest.Open(t, path)
	views(t, again, p.ID, 2, 1)
	if got := sealedViews(t, again, p.ID); got != 3 {
		t.Errorf("the chain holds %d views, want 3: the new journal's first event was lost", got)
	}
}

// TestJournalOfAnotherDatabaseIsSetAside: a journal left beside a new
// database by an old one at the same path is kept under another name,
// and none of its events enters the new database's chain.
func TestJournalOfAnotherDatabaseIsSetAside(t *testing.T) {
	t.Parallel()
	old, path := journalDB(t)
	p := mustPerson(t, old, "Old")
	views(t, old, p.ID, 0, 2)
	old.Close()
	for _, f := range store.SQLiteFiles(path)[:3] {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	db := storetest.Open(t, path)
	ctx := context.Background()
	aside, err := db.JournalSetAside(ctx)
	if err != nil || !strings.HasPrefix(aside, path+store.JournalSuffix+".from-") {
		t.Fatalf("set aside as %q, %v; want a name beside the journal", aside, err)
	}
	if got := countIn(t, plainSQLite(t, aside), `SELECT COUNT(*) FROM audit_journal`); got != 2 {
		t.Errorf("the journal set aside holds %d events, want the old database's 2", got)
	}
	if got, err := db.AuditWaiting(ctx); err != nil || got != 0 {
		t.Errorf("the new database has %d events waiting (%v), want none of the old one's", got, err)
	}
	if n, err := db.VerifyAudit(ctx); err != nil || n != 0 {
		t.Errorf("verify = %d, %v; want an empty chain", n, err)
	}
	if again, err := db.JournalSetAside(ctx); err != nil || again != aside {
		t.Errorf("asked again: %q, %v; want the same answer", again, err)
	}
}

// TestBackupHoldsTheJournalsReads: a backup is one file, and it holds the
// audit events of every read acknowledged before it was taken.
func TestBackupHoldsTheJournalsReads(t *testing.T) {
	t.Parallel()
	db, path := journalDB(t)
	ctx := context.Background()
	p := mustPerson(t, db, "Backed")
	views(t, db, p.ID, 0, 4)
	out := filepath.Join(filepath.Dir(path), "copy.db")
	if err := db.BackupSQLite(ctx, out); err != nil {
		t.Fatal(err)
	}
	if got := countIn(t, plainSQLite(t, out), `SELECT COUNT(*) FROM audit_events WHERE action = 'view'`); got != 4 {
		t.Errorf("the backup holds %d views, want 4", got)
	}
}

// TestReadsAndWritesAreSealedInTheOrderTheyHappened: reads' events wait in
// the journal and writes' in audit_pending, and the chain has them in the
// order they happened, so a person's access log reads in time order.
func TestReadsAndWritesAreSealedInTheOrderTheyHappened(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// The clock is set before the person is made: made on the real
		// clock, their creation sorted after the views whenever the test
		// ran later in the day than the fixed time.
		now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { now = now.Add(time.Second); return now }
		p := mustPerson(t, db, "Ordered")
		views(t, db, p.ID, 0, 1)
		if err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.AuditForTest(ctx, viewer(1), auth.ActionUpdate, p.ID, "person")
		}); err != nil {
			t.Fatal(err)
		}
		views(t, db, p.ID, 2, 1)
		events, err := db.AuditEvents(ctx, store.AuditFilter{PersonID: p.ID, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range slices.Backward(events) {
			got = append(got, fmt.Sprint(e.Action, " by u", e.UserID))
		}
		if want := []string{"view by u0", "update by u1", "view by u2"}; !slices.Equal(got, want) {
			t.Errorf("sealed in the order %v, want %v", got, want)
		}
	})
}
