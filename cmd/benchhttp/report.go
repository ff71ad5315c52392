package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Table is one database's results.
type Table struct {
	Database string
	Scale    int
	Clients  int
	Timing   Timing
	Demo     Demo
	H        Result
	Rows     []Result
	// PeakRSS is serve's peak resident memory over the run, in bytes (0:
	// not known).
	PeakRSS int64
	// Crawled says the run crawled the site (-crawl), finding Crawl,
	// instead of driving the scenarios.
	Crawled bool
	Crawl   []CrawlHit
}

// Print writes the table: throughput, latency and errors per scenario,
// and throughput as a share of the hello-world ceiling of the same run.
func (t Table) Print(w io.Writer) {
	built := "built in " + t.Demo.Took.Round(100*time.Millisecond).String()
	if t.Demo.Reused {
		built = "reused from an earlier run"
	}
	if t.Crawled {
		fmt.Fprintf(w, "\n%s, demo scale %d (%d people, %s), every page each sign-in reaches, once\n", t.Database, t.Scale, t.Demo.People, built)
		printCrawl(w, t.Crawl, 30)
		if t.PeakRSS > 0 {
			fmt.Fprintf(w, "  serve's peak resident memory: %d MB\n", t.PeakRSS>>20)
		}
		return
	}
	fmt.Fprintf(w, "\n%s, demo scale %d (%d people, %s), %d clients, %s per scenario after %s warm-up\n",
		t.Database, t.Scale, t.Demo.People, built, t.Clients, t.Timing.Duration, t.Timing.Warmup)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	all := append([]Result{t.H}, t.Rows...)
	width := len("scenario")
	for _, r := range all {
		width = max(width, len(r.Name))
	}
	// tabwriter aligns every column the same way; padding the names
	// keeps them on the left while the figures line up on the right.
	fmt.Fprintf(tw, "%-*s\treq/s\tp50\tp99\terrors\tratio to H\t\n", width, "scenario")
	h := t.H.Rate()
	for _, r := range all {
		fmt.Fprintf(tw, "%-*s\t%.0f\t%s\t%s\t%s\t%s\t\n", width, r.Name, r.Rate(), latency(r.P50), latency(r.P99), errorCell(r), ratio(r.Rate(), h))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(w, "benchhttp: write table:", err)
	}
	if t.PeakRSS > 0 {
		fmt.Fprintf(w, "  serve's peak resident memory: %d MB\n", t.PeakRSS>>20)
	}
	for _, r := range all {
		if r.FirstError != "" {
			fmt.Fprintf(w, "  %s, first error: %s\n", r.Name, r.FirstError)
		}
	}
}

// compare sets the second database's throughput against the first's, both
// as raw req/s and as ratios to each block's own H; the machine's load can
// change between the two blocks, which the second corrects for.
func compare(w io.Writer, a, b Table) {
	fmt.Fprintf(w, "\n%s as a share of %s (their hello-world ceilings differed by %s)\n", b.Database, a.Database, ratio(b.H.Rate(), a.H.Rate()))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	width := len("scenario")
	for _, r := range a.Rows {
		width = max(width, len(r.Name))
	}
	fmt.Fprintf(tw, "%-*s\treq/s\tratio to H\t\n", width, "scenario")
	for i := range min(len(a.Rows), len(b.Rows)) {
		x, y := a.Rows[i], b.Rows[i]
		fmt.Fprintf(tw, "%-*s\t%s\t%s\t\n", width, x.Name, ratio(y.Rate(), x.Rate()), ratio(y.Rate()/b.H.Rate(), x.Rate()/a.H.Rate()))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(w, "benchhttp: write table:", err)
	}
}

func latency(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2f ms", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%.0f ms", ms)
	}
}

func errorCell(r Result) string {
	if r.Errors == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%.1f%%)", r.Errors, 100*r.ErrorShare())
}

func ratio(x, of float64) string {
	if of <= 0 {
		return "-"
	}
	q := x / of
	if q >= 0.1 {
		return fmt.Sprintf("%.2f", q)
	}
	return fmt.Sprintf("%.4f", q)
}
