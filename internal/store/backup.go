package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// BackupSQLite writes a consistent copy of a SQLite database to path while
// the service keeps running (VACUUM INTO), after sealing the audit events
// waiting in the journal of reads into it. The copy is one file: its
// journal starts empty when it is opened. PostgreSQL is backed up with
// pg_dump by the CLI instead.
func (db *DB) BackupSQLite(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return errors.New("BackupSQLite needs a SQLite database")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	}
	// Reads' audit events wait in the journal beside the database: seal
	// them in first, so the copy holds every event acknowledged so far.
	if err := db.sealPendingNow(ctx); err != nil && !errors.Is(err, errChainBroken) {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
