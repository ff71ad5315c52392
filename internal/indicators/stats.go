// Package indicators turns facts read from the record into the service's
// "principles in practice" indicators: waits, declines with onward routes,
// follow-up after a missed appointment, continuity, co-production,
// collaboration, outcomes and equity. It is pure Go: the store gathers
// facts, this package applies the rules, and every number is disclosed
// through internal/disclosure so no page or download can show a small one.
package indicators

import (
	"fmt"
	"math"
	"slices"
	"time"

	"throughline/internal/care"
	"throughline/internal/disclosure"
)

// count is a count as published: hidden from 1 to 7, otherwise rounded.
func count(n int) string { return disclosure.NewCount(n).String() }

// share is n of a base as a percentage with both rounded counts, or hidden
// when the base, the count or the rest could identify someone. A zero count
// over a base large enough is shown: "none" is the point of indicators
// such as declines without an onward route.
func share(n, of int) string { return disclosure.NewShare(n, of).WithCounts("none to count") }

// Median is the middle value, or the mean of the two middle values for an
// even number; NaN for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(xs))
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// Percentile is the nearest-rank percentile: the smallest value with at
// least p% of values at or below it; NaN for none.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(xs))
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// Days says a number of days, rounded to a whole day.
func Days(d float64) string {
	n := int(math.Round(d))
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// Waits summarises waits in days as median and 90th percentile, or says
// there are too few to show.
func Waits(days []float64) string { return waitsOf(spreadOf(days)) }

func waitsOf(s Spread) string {
	switch {
	case s.N == 0:
		return "none in the period"
	case !disclosure.Enough(s.N):
		return disclosure.Hidden
	}
	return fmt.Sprintf("median %s, 90th percentile %s (%s people)", Days(s.Median), Days(s.P90), count(s.N))
}

// DaysBetween is the time from a to b in days, less any paused time.
func DaysBetween(a, b time.Time, paused time.Duration) float64 {
	return max(0, b.Sub(a)-paused).Hours() / 24
}

// FollowedUpInTime reports whether a follow-up done at done was within
// two working days of the appointment missed at missed: by the end of the
// second working day after it.
func FollowedUpInTime(missed, done time.Time) bool {
	if done.IsZero() {
		return false
	}
	deadline := care.AddWorkingDays(missed, 2).AddDate(0, 0, 1)
	return done.Before(deadline)
}

// OutreachEnough applies the rule for ending after loss of contact: at
// least 3 attempts by at least 2 methods after the last attended
// appointment (care.NonEngagementMinAttempts and MinMethods).
func OutreachEnough(attempts []care.OutreachAttempt, lastAttended time.Time) bool {
	n, methods := 0, map[care.OutreachMethod]bool{}
	for _, a := range attempts {
		if a.At.After(lastAttended) {
			n++
			methods[a.Method] = true
		}
	}
	return n >= care.NonEngagementMinAttempts && len(methods) >= care.NonEngagementMinMethods
}
