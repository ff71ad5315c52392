package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStartCPUProfile: demo --cpuprofile writes a profile when stopped,
// no flag profiles nothing, and a path that cannot be written is a clear
// error before the load starts.
func TestStartCPUProfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cpu.prof")
	stop, err := startCPUProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("profile %s: %v, want a non-empty file", path, err)
	}
	stop, err = startCPUProfile("")
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Errorf("stop without a profile = %v", err)
	}
	if _, err := startCPUProfile(filepath.Join(dir, "no-such-dir", "cpu.prof")); err == nil || !strings.Contains(err.Error(), "--cpuprofile") {
		t.Errorf("unwritable path: err = %v, want a --cpuprofile error", err)
	}
}
