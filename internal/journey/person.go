package journey

import (
	"slices"
	"sync"
	"time"
)

// walk visits each person once, in id order, with their referrals and
// episode starts; both are already grouped by person, so it is one pass.
// A large input is cut at people's boundaries into parts walked at once
// (see walkParts), whose journeys and tallies come out as one pass's would.
func (a *analysis) walk(recs []rec, eps []episode) []Journey {
	parts := a.walkParts(recs, eps, workers(len(recs)))
	var journeys, orders, entries int
	for _, p := range parts {
		journeys, orders, entries = journeys+p.journeys, orders+p.orders, entries+p.entries
	}
	// One slice each for every part, so that nothing is copied to join
	// them: each part fills its own stretch.
	all := make([]Journey, journeys)
	order := make([]int32, orders)
	shared := a.entries[:entries]
	// Every part's analysis is made before any walks, as each is a copy
	// of a, which the first part walks with.
	walkers := []*analysis{a}
	for range parts[1:] {
		walkers = append(walkers, a.fork())
	}
	var wg sync.WaitGroup
	journeys, orders, entries = 0, 0, 0
	for k, p := range parts {
		w := walkers[k]
		w.entries = shared[entries : entries : entries+p.entries]
		js, os := all[journeys:journeys+p.journeys], order[orders:orders+p.orders]
		wg.Go(func() { w.walkPart(recs[p.recs.lo:p.recs.hi], eps[p.eps.lo:p.eps.hi], js, os) })
		journeys, orders, entries = journeys+p.journeys, orders+p.orders, entries+p.entries
	}
	wg.Wait()
	for k, w := range walkers {
		if len(w.entries) != parts[k].entries {
			panic("journey: walkParts miscounted a part's entries") // they would be lost
		}
		if k > 0 {
			a.join(w)
		}
	}
	a.entries = shared
	return all
}

// walkPart walks one part's people, filling journeys and order, which are
// exactly as long as the part needs.
func (a *analysis) walkPart(recs []rec, eps []episode, journeys []Journey, order []int32) {
	ei, n, used := 0, 0, 0
	for lo := 0; lo < len(recs); {
		hi := lo + 1
		for hi < len(recs) && recs[hi].person == recs[lo].person {
			hi++
		}
		group := recs[lo:hi]
		lo = hi
		// Referrals usually arrive in time order already; sort only if not.
		if !slices.IsSortedFunc(group, byReceived) {
			slices.SortStableFunc(group, byReceived)
		}
		person := group[0].person
		for ei < len(eps) && eps[ei].person < person {
			ei++
		}
		ej := ei
		for ej < len(eps) && eps[ej].person == person {
			ej++
		}
		mine := eps[ei:ej]
		ei = ej
		if group[0].received >= a.to {
			continue // only follow-up: first referred after the period
		}
		start := used
		for i := range group {
			order[used] = group[i].idx
			used++
		}
		j := a.person(group, mine)
		j.Referrals = order[start:used:used]
		journeys[n] = j
		n++
	}
	if n != len(journeys) || used != len(order) {
		panic("journey: walkParts miscounted a part's journeys") // some would be empty
	}
}

func byReceived(x, y rec) int {
	switch {
	case x.received < y.received:
		return -1
	case x.received > y.received:
		return 1
	}
	return 0
}

// person works out one journey, counting its referrals in the tallies.
func (a *analysis) person(rs []rec, eps []episode) Journey {
	j := Journey{PersonID: rs[0].person, Locality: a.locs.names[rs[0].loc]}
	treat := a.treat[:0]
	for i := range rs {
		if rs[i].treated != 0 {
			treat = append(treat, rs[i].treated)
		}
	}
	for _, e := range eps {
		treat = append(treat, e.start)
	}
	slices.Sort(treat)
	gaps, open := a.gaps[:0], false
	for i := range rs {
		r := &rs[i]
		if r.received >= a.to {
			break // the rest is follow-up
		}
		j.InPeriod++
		a.count(r)
		if r.decision != declined {
			continue
		}
		j.Bounces++
		end := r.decided + followUpWindow
		k, _ := slices.BinarySearch(treat, r.decided)
		switch {
		case k < len(treat) && treat[k] <= end:
			// held: treatment started within the window
		case end > a.asOf:
			open = true
		default:
			gaps = append(gaps, r.decided)
		}
	}
	if len(gaps) > 0 {
		j.FellThrough = true
		j.GapStart = time.Unix(slices.Min(gaps), 0).UTC()
		j.Instead = a.instead(rs, gaps)
	} else {
		j.StillOpen = open
	}
	if k, _ := slices.BinarySearch(treat, rs[0].received); k < len(treat) {
		j.Treated, j.DaysToTreatment = true, int((treat[k]-rs[0].received)/day)
	}
	a.treat, a.gaps = treat, gaps
	a.people[rs[0].loc].add(&j)
	return j
}

// instead is where someone went during the windows after their unanswered
// declines: A&E if anywhere, otherwise another crisis service, otherwise
// nowhere recorded. Follow-up referrals after the period count here; a
// crisis referral that was itself declined is not somewhere they went.
func (a *analysis) instead(rs []rec, gaps []int64) Destination {
	d := InsteadNothing
	for i := range rs {
		r := &rs[i]
		if !a.crisis[r.svc] || r.decision == declined {
			continue
		}
		for _, g := range gaps {
			if r.received >= g && r.received <= g+followUpWindow {
				if a.ae[r.svc] {
					return InsteadAE
				}
				d = InsteadCrisis
			}
		}
	}
	return d
}
