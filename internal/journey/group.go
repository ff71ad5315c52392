package journey

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"sync"
)

// groupBy returns xs reordered so that each person's items are
// adjacent, in ascending person id, keeping the input order within a
// person. Person ids are usually dense database ids, so a counting sort
// does it in two linear passes; sparse ids fall back to a stable sort.
func groupBy[T any](xs []T, person func(*T) int64) []T {
	if len(xs) == 0 {
		return nil
	}
	lo, hi := person(&xs[0]), person(&xs[0])
	for i := range xs {
		id := person(&xs[i])
		lo, hi = min(lo, id), max(hi, id)
	}
	span := uint64(hi - lo) // cannot overflow as unsigned
	if span >= uint64(4*len(xs)+1024) {
		out := slices.Clone(xs)
		slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(person(&a), person(&b)) })
		return out
	}
	next := make([]int, span+2)
	for i := range xs {
		next[person(&xs[i])-lo+1]++
	}
	for i := 1; i < len(next); i++ {
		next[i] += next[i-1]
	}
	out := make([]T, len(xs))
	for i := range xs {
		k := person(&xs[i]) - lo
		out[next[k]] = xs[i]
		next[k]++
	}
	return out
}

// groupEach is groupBy for items built from n inputs: person says whether
// input i is taken and for whom, and build makes its item, in input order.
// Each item is built straight into its place, so a million records are
// allocated once rather than built and then copied into groups. With
// parts > 1, build must be safe to call at once from several goroutines:
// the people are cut into that many ranges, each built by one, still in
// input order within each person.
func groupEach[T any](n, parts int, person func(i int) (int64, bool), build func(i int) T, key func(*T) int64) []T {
	kept, lo, hi := 0, int64(math.MaxInt64), int64(math.MinInt64)
	for i := range n {
		if id, ok := person(i); ok {
			kept, lo, hi = kept+1, min(lo, id), max(hi, id)
		}
	}
	if kept == 0 {
		return nil
	}
	if span := uint64(hi - lo); span >= uint64(4*kept+1024) {
		out := make([]T, 0, kept)
		for i := range n {
			if _, ok := person(i); ok {
				out = append(out, build(i))
			}
		}
		slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(&a), key(&b)) })
		return out
	}
	next := make([]int, hi-lo+2)
	for i := range n {
		if id, ok := person(i); ok {
			next[id-lo+1]++
		}
	}
	for i := 1; i < len(next); i++ {
		next[i] += next[i-1]
	}
	out := make([]T, kept)
	// Builds the items of people from..to-1, each range's slots in next
	// its own.
	place := func(from, to int64) {
		for i := range n {
			if id, ok := person(i); ok && id >= from && id < to {
				out[next[id-lo]] = build(i)
				next[id-lo]++
			}
		}
	}
	if parts <= 1 {
		place(lo, hi+1)
		return out
	}
	// Cut where about kept/parts items precede: next[k] is how many
	// items belong to people before lo+k. All cuts are found before any
	// part is placed, as placing moves next on.
	cuts := []int64{lo}
	for p := 1; p < parts; p++ {
		cuts = append(cuts, min(hi+1, max(cuts[p-1], lo+int64(sort.SearchInts(next, kept*p/parts)))))
	}
	cuts = append(cuts, hi+1)
	var wg sync.WaitGroup
	for p := range parts {
		if from, to := cuts[p], cuts[p+1]; to > from {
			wg.Go(func() { place(from, to) })
		}
	}
	wg.Wait()
	return out
}

// codes gives each distinct string a small number, so per-record tallies
// index slices rather than maps.
type codes struct {
	ids   map[string]int32
	names []string
}

func newCodes(first ...string) *codes {
	c := &codes{ids: map[string]int32{}}
	for _, s := range first {
		c.id(s)
	}
	return c
}

func (c *codes) id(s string) int32 {
	if id, ok := c.ids[s]; ok {
		return id
	}
	id := int32(len(c.names))
	c.ids[s] = id
	c.names = append(c.names, s)
	return id
}
