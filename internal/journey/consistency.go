package journey

// entry is one decided referral with a readable profile.
type entry struct {
	profile, svc, loc int32
	declined          bool
}

// consistency finds identical profiles that one service both accepted and
// declined: for each service, and for each service within a locality. It
// groups decisions by profile with a counting sort, then counts each
// profile's decisions per service in scratch arrays, so the work stays
// linear however many profiles there are.
func (a *analysis) consistency() {
	nsvc := len(a.svcs.names)
	bySvc := newPairCounts(nsvc)
	byLocSvc := newPairCounts(len(a.locs.names) * nsvc)
	es := groupBy(a.entries, func(e *entry) int64 { return int64(e.profile) })
	for lo := 0; lo < len(es); {
		hi := lo + 1
		for hi < len(es) && es[hi].profile == es[lo].profile {
			hi++
		}
		for _, e := range es[lo:hi] {
			bySvc.add(int(e.svc), e.declined)
			byLocSvc.add(int(e.loc)*nsvc+int(e.svc), e.declined)
		}
		profile := a.profiles.names[es[lo].profile]
		bySvc.flush(a.services, profile)
		byLocSvc.flush(a.locServices, profile)
		lo = hi
	}
}

// pairCounts counts accepted and declined per slot, remembering which slots
// it touched so that resetting costs only what was used.
type pairCounts struct {
	acc, dec []int
	touched  []int
}

func newPairCounts(n int) *pairCounts {
	return &pairCounts{acc: make([]int, n), dec: make([]int, n)}
}

func (p *pairCounts) add(slot int, declined bool) {
	if p.acc[slot] == 0 && p.dec[slot] == 0 {
		p.touched = append(p.touched, slot)
	}
	if declined {
		p.dec[slot]++
	} else {
		p.acc[slot]++
	}
}

// flush records every slot with both decisions as an inconsistent profile
// in the matching tally, and clears the counts.
func (p *pairCounts) flush(ts []tally, profile string) {
	for _, slot := range p.touched {
		if acc, dec := p.acc[slot], p.dec[slot]; acc > 0 && dec > 0 {
			t := &ts[slot]
			t.inconsistent.Profiles++
			t.inconsistent.Referrals += acc + dec
			t.profiles = append(t.profiles, ProfileDecisions{Profile: profile, Accepted: acc, Declined: dec})
		}
		p.acc[slot], p.dec[slot] = 0, 0
	}
	p.touched = p.touched[:0]
}
