package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A committed clinical write must survive a crash or power loss: the write
// connection runs in WAL mode with synchronous=FULL (an fsync at every
// commit), and foreign keys are enforced so a write cannot half-land.
func TestSQLiteWritesAreDurable(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "durable.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "1"},
	} {
		var got string
		if err := db.write.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", c.pragma, err)
		}
		if got != c.want {
			t.Errorf("PRAGMA %s on the write connection = %s, want %s", c.pragma, got, c.want)
		}
	}
}
