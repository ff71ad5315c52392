package journey

import "throughline/internal/care"

// encodeCompact is encode for a Compact input: the same records, with
// strings looked up by index instead of hashed per referral. The strings
// are given their codes first, in input order as encode gives them, so
// that the records can then be built on several cores at once.
func (a *analysis) encodeCompact() []rec {
	refs, strs := a.c.Referrals, a.c.Strings
	taken := func(i int) (int64, bool) {
		r := &refs[i]
		if a.f.Locality != "" && strs[r.Locality] != a.f.Locality {
			return 0, false
		}
		return r.PersonID, r.ReceivedAt >= a.from && r.ReceivedAt < a.end
	}
	for i := range refs {
		if _, ok := taken(i); ok {
			a.compactCodes(i)
		}
	}
	return groupEach(len(refs), workers(len(refs)), taken, a.compactRec, func(r *rec) int64 { return r.person })
}

// compactCodes gives referral i's strings their codes, if they have none
// yet, in the order rec gives them.
func (a *analysis) compactCodes(i int) {
	r := &a.c.Referrals[i]
	mapped(a.svcMap, r.Service, func() int32 {
		s := a.c.Services[r.Service]
		return a.serviceCode(s.ID, s.Tier)
	})
	mapped(a.refMap, r.ReferrerTier, func() int32 { return a.refTiers.id(orNotRecorded(a.c.Strings[r.ReferrerTier])) })
	mapped(a.locMap, r.Locality, func() int32 { return a.locs.id(a.c.Strings[r.Locality]) })
	if r.Decision == care.DecisionDeclined {
		mapped(a.reasonMap, r.DeclineReason, func() int32 { return a.reasons.id(a.c.Strings[r.DeclineReason]) })
	}
	if r.Decision == care.DecisionAccepted || r.Decision == care.DecisionDeclined {
		mapped(a.profMap, r.Profile, func() int32 { return a.profile(a.c.Strings[r.Profile]) })
	}
}

// compactRec encodes referral i of a.c from the codes compactCodes gave
// its strings; it only reads a, so several can run at once.
func (a *analysis) compactRec(i int) rec {
	r := &a.c.Referrals[i]
	e := rec{person: r.PersonID, received: r.ReceivedAt, idx: int32(i), reason: -1, profile: -1}
	e.svc, e.refTier, e.loc = a.svcMap[r.Service], a.refMap[r.ReferrerTier], a.locMap[r.Locality]
	switch r.Decision {
	case care.DecisionAccepted:
		e.decision = accepted
	case care.DecisionDeclined:
		e.decision, e.onward = declined, r.OnwardRoute
		e.reason = a.reasonMap[r.DeclineReason]
	}
	if e.decision != pending {
		e.decided = r.ReceivedAt
		if r.DecidedAt != 0 {
			e.decided = r.DecidedAt
		}
		e.profile = a.profMap[r.Profile] // -1 for a profile that cannot be read
	}
	if r.TreatmentStartedAt != 0 && !a.crisis[e.svc] {
		e.treated = r.TreatmentStartedAt
	}
	return e
}

// mapped is m[i], computed by code the first time; -1 marks unset, and
// code may itself return -1 (a profile that cannot be read), which is
// computed again, cheaply, from rawProfiles, and stays -1 in m.
func mapped(m []int32, i int32, code func() int32) int32 {
	if c := m[i]; c >= 0 {
		return c
	}
	m[i] = code()
	return m[i]
}

// compactEpisodes is episodes for a Compact input.
func (a *analysis) compactEpisodes() []episode {
	eps := a.c.Episodes
	return groupEach(len(eps), workers(len(eps)), func(i int) (int64, bool) {
		return eps[i].PersonID, eps[i].StartedAt >= a.from && eps[i].StartedAt < a.end
	}, func(i int) episode { return episode{eps[i].PersonID, eps[i].StartedAt} }, episodePerson)
}

func unmapped(n int) []int32 {
	m := make([]int32, n)
	for i := range m {
		m[i] = -1
	}
	return m
}
