package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store/storetest"
)

// TestAuditCheckpointCommands keeps a checkpoint line outside, as an
// auditor would, then cuts the log back together with its checkpoints:
// verify with the kept line must fail, on both databases.
func TestAuditCheckpointCommands(t *testing.T) {
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			dsn := mk(t)
			keyFile := filepath.Join(t.TempDir(), "audit-key")
			env := map[string]string{"THROUGHLINE_DB": dsn, "THROUGHLINE_AUDIT_KEY": keyFile}
			if _, err := run(t, "", env, "migrate"); err != nil {
				t.Fatal(err)
			}
			if _, err := run(t, "", env, "audit", "checkpoint"); err == nil || !strings.Contains(err.Error(), "empty") {
				t.Errorf("checkpoint of an empty log: %v", err)
			}
			db := storetest.Open(t, dsn)
			for i := 0; i < 3; i++ {
				if err := db.Audit(context.Background(), auth.System, auth.ActionSearch, 0, "people"); err != nil {
					t.Fatal(err)
				}
			}
			out, err := run(t, "", env, "audit", "checkpoint")
			if err != nil {
				t.Fatalf("checkpoint: %v %s", err, out)
			}
			info, err := os.Stat(keyFile)
			if err != nil || info.Mode().Perm() != 0o600 {
				t.Fatalf("key file: %v, mode %v; want 0600", err, info)
			}
			line := lastLine(out)
			if !strings.HasPrefix(line, "throughline-audit-checkpoint/1 n=1 ") {
				t.Fatalf("checkpoint line = %q", line)
			}
			if again, err := run(t, "", env, "audit", "checkpoint"); err != nil || lastLine(again) != line {
				t.Errorf("checkpoint of an unmoved log = %q, %v; want the same line", again, err)
			}
			pub, err := run(t, "", env, "audit", "public-key")
			if err != nil || !strings.HasPrefix(pub, "ed25519:") {
				t.Fatalf("public-key: %q, %v", pub, err)
			}
			if js, err := run(t, "", env, "audit", "checkpoint", "--json"); err != nil || !strings.Contains(js, `"public_key": "`+strings.TrimSpace(pub)+`"`) {
				t.Errorf("checkpoint --json: %v %s", err, js)
			}
			// An auditor holding only the public key and the kept line.
			auditor := map[string]string{"THROUGHLINE_DB": dsn}
			out, err = run(t, "", auditor, "audit", "verify", "--public-key", strings.TrimSpace(pub), "--expect", line)
			if err != nil || !strings.Contains(out, "audit chain intact: 3 events verified") || !strings.Contains(out, "1 checkpoints kept outside still in the log") || !strings.Contains(out, "not yet signed: 0 events") {
				t.Fatalf("verify: %v\n%s", err, out)
			}
			// Without any key the signatures cannot be checked: say so.
			if _, err := run(t, "", auditor, "audit", "verify", "--audit-key", filepath.Join(t.TempDir(), "none")); err == nil || !strings.Contains(err.Error(), "no key") {
				t.Errorf("verify without a key: %v", err)
			}

			storetest.Tamper(t, db, `DELETE FROM audit_events WHERE seq > 1`)
			storetest.TamperCheckpoints(t, db, `DELETE FROM audit_checkpoints`)
			if err := storetest.Exec(t, db, `UPDATE audit_head SET seq = 1, hash = (SELECT hash FROM audit_events WHERE seq = 1) WHERE id = 1`); err != nil {
				t.Fatal(err)
			}
			_, err = run(t, "", auditor, "audit", "verify", "--public-key", strings.TrimSpace(pub), "--expect", line)
			if err == nil || !strings.Contains(err.Error(), "kept outside, is no longer in the log") {
				t.Errorf("verify after cutting the log back: %v", err)
			}
		})
	}
}

func TestAuditCommandErrors(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "x.db")
	open := filepath.Join(dir, "open-key")
	if _, err := run(t, "", nil, "audit", "public-key", "--db", dsn); err == nil {
		t.Fatal("public-key with no key file succeeded")
	}
	if _, err := run(t, "", nil, "audit", "checkpoint", "--db", dsn, "--audit-key", open); err == nil {
		t.Fatal("checkpoint of an empty log succeeded")
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"audit"}, "unknown audit command"},
		{[]string{"audit", "frobnicate"}, "unknown audit command"},
		{[]string{"audit", "verify", "--db", dsn, "--expect", "not a line"}, "not an audit checkpoint line"},
		{[]string{"audit", "verify", "--db", dsn, "--public-key", "ed25519:AAAA"}, "--public-key"},
		{[]string{"audit", "verify", "--db", dsn, "--audit-key", open}, "chmod 600"},
		{[]string{"audit", "checkpoint", "--db", dsn, "--audit-key", open}, "chmod 600"},
		{[]string{"serve", "--db", dsn, "--audit-key", open}, "chmod 600"},
	}
	for _, tt := range tests {
		_, err := run(t, "", nil, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.wantErr)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
