package journey

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortedMedian is the median as the analysis took it before dayCounts: the
// middle of the sorted waits, or the mean of the middle two.
func sortedMedian(days []int) int {
	if len(days) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(days))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func TestDayCountsMedian(t *testing.T) {
	for _, tc := range []struct {
		name string
		days []int
	}{
		{"none", nil},
		{"one", []int{12}},
		{"two", []int{3, 8}},
		{"odd", []int{30, 2, 9}},
		{"even with repeats", []int{4, 4, 4, 10, 10, 1}},
		{"zero", []int{0, 0, 0}},
		{"beyond the counts", []int{countedDays + 5, 2, countedDays - 1, 1 << 30}},
		{"all beyond", []int{countedDays, countedDays * 3}},
		{"negative", []int{-7, -1, 3, 5}},
		{"middle negative and long", []int{-3, countedDays * 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c dayCounts
			for _, d := range tc.days {
				c.add(d)
			}
			if got, want := c.median(), sortedMedian(tc.days); got != want {
				t.Errorf("median of %v = %d, want %d", tc.days, got, want)
			}
		})
	}
}

// TestDayCountsMerge checks that tallies merged by locality give the median
// of all their waits, as the region's summary needs.
func TestDayCountsMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		var all []int
		var total dayCounts
		for range 1 + r.IntN(4) {
			var part dayCounts
			for range r.IntN(40) {
				d := r.IntN(400)
				switch r.IntN(20) {
				case 0:
					d = countedDays + r.IntN(1000)
				case 1:
					d = -r.IntN(10)
				}
				part.add(d)
				all = append(all, d)
			}
			total.merge(&part)
		}
		if got, want := total.median(), sortedMedian(all); got != want {
			t.Fatalf("round %d: median of %v = %d, want %d", round, all, got, want)
		}
	}
}
