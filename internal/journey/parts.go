package journey

import (
	"runtime"
	"sort"
)

// workers is how many parts to cut the work on n records into, to run on
// as many cores: one below 50,000, where starting goroutines costs more
// than it saves. A variable so that tests can split small inputs.
var workers = func(n int) int {
	if n < 50_000 {
		return 1
	}
	return max(1, min(runtime.GOMAXPROCS(0), 4))
}

// span is a half-open range of positions.
type span struct{ lo, hi int }

// walkPart is a stretch of whole people: their records and episode starts,
// and how many journeys, referral positions and consistency entries
// walking them gives, so that each part can write its own stretch of
// slices allocated once.
type walkPart struct {
	recs, eps                 span
	journeys, orders, entries int
}

// walkParts cuts recs, grouped by person, into up to n parts of about
// equal size at people's boundaries, and counts what each will give
// exactly as walkPart and count will: a person first referred after the
// period gives nothing; the others a journey and a position for each of
// their records; and every decided record in the period with a profile
// an entry.
func (a *analysis) walkParts(recs []rec, eps []episode, n int) []walkPart {
	var parts []walkPart
	p := walkPart{}
	for lo := 0; lo < len(recs); {
		hi, first := lo+1, recs[lo].received
		for hi < len(recs) && recs[hi].person == recs[lo].person {
			first = min(first, recs[hi].received)
			hi++
		}
		if first < a.to {
			p.journeys++
			p.orders += hi - lo
			for i := lo; i < hi; i++ {
				if r := &recs[i]; r.received < a.to && r.decision != pending && r.profile >= 0 {
					p.entries++
				}
			}
		}
		lo = hi
		if len(parts) < n-1 && lo < len(recs) && lo >= len(recs)*(len(parts)+1)/n {
			p.recs.hi = lo
			parts = append(parts, p)
			p = walkPart{recs: span{lo: lo}}
		}
	}
	p.recs.hi = len(recs)
	parts = append(parts, p)
	// Each part's episode starts: those of people from its first person
	// up to the next part's.
	for k := range parts {
		if k > 0 {
			person := recs[parts[k].recs.lo].person
			parts[k].eps.lo = sort.Search(len(eps), func(i int) bool { return eps[i].person >= person })
			parts[k-1].eps.hi = parts[k].eps.lo
		}
	}
	parts[len(parts)-1].eps.hi = len(eps)
	return parts
}

// fork is an analysis sharing a's codes and input with tallies of its own,
// for walking a part of the people at the same time as a.
func (a *analysis) fork() *analysis {
	w := *a
	w.treat, w.gaps = nil, nil
	w.tallies()
	return &w
}

// join adds w's tallies, from a later part, to a's.
func (a *analysis) join(w *analysis) {
	for i := range a.services {
		a.services[i].merge(&w.services[i])
	}
	for i := range a.locServices {
		a.locServices[i].merge(&w.locServices[i])
	}
	for i := range a.people {
		a.people[i].merge(&w.people[i])
	}
	for i := range a.flows {
		a.flows[i] += w.flows[i]
	}
}
