package main

import (
	"math"
	"slices"
	"time"
)

// percentile is the nearest-rank percentile of sorted latencies: the
// smallest value with at least p per cent of the samples at or below it.
// It is one of the measured values, never an interpolation, so a p99 is a
// latency some request really had.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	if p <= 0 {
		return sorted[0]
	}
	if p >= 100 {
		return sorted[len(sorted)-1]
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// Result is what one scenario measured.
type Result struct {
	Name     string
	Requests int // completed with the expected status
	Errors   int // any other status, or no response at all
	Elapsed  time.Duration
	P50, P99 time.Duration
	// FirstError describes one failure, so a reader can see what went wrong.
	FirstError string
}

// summarise turns the latencies of the successful requests into a Result.
func summarise(name string, latencies []time.Duration, errors int, elapsed time.Duration, firstError string) Result {
	slices.Sort(latencies)
	return Result{
		Name: name, Requests: len(latencies), Errors: errors, Elapsed: elapsed,
		P50: percentile(latencies, 50), P99: percentile(latencies, 99), FirstError: firstError,
	}
}

// Rate is successful requests a second.
func (r Result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// ErrorShare is the fraction of all attempts that failed.
func (r Result) ErrorShare() float64 {
	total := r.Requests + r.Errors
	if total == 0 {
		return 1 // nothing measured is a failure, not a clean run
	}
	return float64(r.Errors) / float64(total)
}
