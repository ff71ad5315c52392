package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestIsTerminal: files and buffers are not terminals, so a demo run from
// a script or CI writes plain lines, not a redrawn bar.
func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file counts as a terminal")
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer counts as a terminal")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !isTerminal(tty) {
			t.Error("/dev/tty does not count as a terminal")
		}
	}
}
