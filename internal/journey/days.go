package journey

import "slices"

// dayCounts holds waits in days for their median, as a count per day: a
// region's hundreds of thousands of treated people wait a few hundred
// distinct numbers of days, so counting takes kilobytes where a list of
// every wait took megabytes, and needs no sort. Waits of more than
// countedDays, which only odd records give, are kept as they are.
type dayCounts struct {
	counts []int // counts[d] people waited d days
	long   []int // waits beyond countedDays, and any below 0
	n      int
}

// countedDays bounds the counts at 45 years of days.
const countedDays = 1 << 14

func (c *dayCounts) add(d int) {
	c.n++
	if d < 0 || d >= countedDays {
		c.long = append(c.long, d)
		return
	}
	if d >= len(c.counts) {
		c.counts = append(c.counts, make([]int, d+1-len(c.counts))...)
	}
	c.counts[d]++
}

func (c *dayCounts) merge(o *dayCounts) {
	c.n += o.n
	c.long = append(c.long, o.long...)
	if len(o.counts) > len(c.counts) {
		c.counts = append(c.counts, make([]int, len(o.counts)-len(c.counts))...)
	}
	for d, k := range o.counts {
		c.counts[d] += k
	}
}

// median is the middle wait, or the mean of the middle two rounded
// towards zero, as the median of the sorted list of waits; 0 if none.
func (c *dayCounts) median() int {
	if c.n == 0 {
		return 0
	}
	slices.Sort(c.long)
	if c.n%2 == 1 {
		return c.nth(c.n / 2)
	}
	return (c.nth(c.n/2-1) + c.nth(c.n/2)) / 2
}

// nth is the wait at position i of the sorted waits; long must be sorted.
func (c *dayCounts) nth(i int) int {
	below := 0 // negative waits come first
	for below < len(c.long) && c.long[below] < 0 {
		below++
	}
	if i < below {
		return c.long[i]
	}
	i -= below
	for d, k := range c.counts {
		if i < k {
			return d
		}
		i -= k
	}
	return c.long[below+i]
}
