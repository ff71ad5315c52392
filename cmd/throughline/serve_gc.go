package main

import "runtime/debug"

// Serving a page allocates a few hundred kilobytes that die with the
// request, while what lives on between requests is small (templates,
// settings, connections). With Go's default GOGC of 100 the collector ran
// every few pages and took about a tenth of serve's CPU under bench-http
// load (gcBgMarkWorker in the profile). Letting the heap grow to four
// times what is live before collecting cuts that to about a quarter; the
// soft memory limit keeps a large region's heap from growing with it,
// since near the limit the collector runs as often as it needs to.
const (
	serveGCPercent   = 300
	serveMemoryLimit = 192 << 20
)

// tuneGC sets serve's collector unless the operator chose their own with
// the GOGC or GOMEMLIMIT environment variables, which always win.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
