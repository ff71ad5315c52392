package journey

import (
	"slices"
	"time"
)

// walk visits each person once, in id order, with their referrals and
// episode starts; both are already grouped by person, so it is one pass.
func (a *analysis) walk(recs []rec, eps []episode) []Journey {
	people := 0
	for i := range recs {
		if i == 0 || recs[i].person != recs[i-1].person {
			people++
		}
	}
	journeys := make([]Journey, 0, people)
	order := make([]int32, 0, len(recs))
	ei := 0
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
		start := len(order)
		for i := range group {
			order = append(order, group[i].idx)
		}
		j := a.person(group, mine)
		j.Referrals = order[start:len(order):len(order)]
		journeys = append(journeys, j)
	}
	return journeys
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
