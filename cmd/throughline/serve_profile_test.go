package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"throughline/internal/store/storetest"
)

// TestServeWritesCPUProfileAtShutdown: serve --cpuprofile profiles the
// requests it serves and writes the profile when it shuts down, so a load
// benchmark can be profiled without a debug endpoint open to the network.
func TestServeWritesCPUProfileAtShutdown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dsn, keyFile, prof := filepath.Join(dir, "serve.db"), filepath.Join(dir, "audit-key"), filepath.Join(dir, "cpu.prof")
	storetest.Open(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }, Ready: ready}
	go func() {
		done <- m.Run(ctx, []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--audit-key", keyFile, "--cpuprofile", prof})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	res, err := http.Get("http://" + addr + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if fi, err := os.Stat(prof); err != nil || fi.Size() != 0 {
		t.Errorf("profile %s while serving: %v, want an empty file until shutdown", prof, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 {
		t.Errorf("profile %s after shutdown: %v, want a non-empty file", prof, err)
	}
}
