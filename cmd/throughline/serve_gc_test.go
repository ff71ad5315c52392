package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC: serve collects less often than Go's default, with a soft
// memory limit, unless GOGC or GOMEMLIMIT is set, which are left alone.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, tc := range []struct {
		name           string
		env            map[string]string
		percent, limit int64
	}{
		{"defaults", nil, serveGCPercent, serveMemoryLimit},
		{"GOGC set", map[string]string{"GOGC": "50"}, 100, serveMemoryLimit},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, serveGCPercent, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
			tuneGC(func(k string) string { return tc.env[k] })
			if got, want := int64(debug.SetGCPercent(100)), tc.percent; got != want {
				t.Errorf("GC percent = %d, want %d", got, want)
			}
			if got, want := debug.SetMemoryLimit(-1), tc.limit; got != want {
				t.Errorf("memory limit = %d, want %d", got, want)
			}
		})
	}
}
