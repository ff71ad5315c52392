package journey

import (
	"cmp"
	"slices"
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
