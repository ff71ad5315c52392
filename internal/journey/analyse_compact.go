package journey

import "throughline/internal/care"

// encodeCompact is encode for a Compact input: the same records, with
// strings looked up by index instead of hashed per referral.
func (a *analysis) encodeCompact() []rec {
	refs, strs := a.c.Referrals, a.c.Strings
	return groupEach(len(refs), func(i int) (int64, bool) {
		r := &refs[i]
		if a.f.Locality != "" && strs[r.Locality] != a.f.Locality {
			return 0, false
		}
		return r.PersonID, r.ReceivedAt >= a.from && r.ReceivedAt < a.end
	}, a.compactRec, func(r *rec) int64 { return r.person })
}

// compactRec encodes referral i of a.c, giving codes in the order rec does.
func (a *analysis) compactRec(i int) rec {
	r := &a.c.Referrals[i]
	e := rec{person: r.PersonID, received: r.ReceivedAt, idx: int32(i), reason: -1, profile: -1}
	e.svc = mapped(a.svcMap, r.Service, func() int32 {
		s := a.c.Services[r.Service]
		return a.serviceCode(s.ID, s.Tier)
	})
	e.refTier = mapped(a.refMap, r.ReferrerTier, func() int32 { return a.refTiers.id(orNotRecorded(a.c.Strings[r.ReferrerTier])) })
	e.loc = mapped(a.locMap, r.Locality, func() int32 { return a.locs.id(a.c.Strings[r.Locality]) })
	switch r.Decision {
	case care.DecisionAccepted:
		e.decision = accepted
	case care.DecisionDeclined:
		e.decision, e.onward = declined, r.OnwardRoute
		e.reason = mapped(a.reasonMap, r.DeclineReason, func() int32 { return a.reasons.id(a.c.Strings[r.DeclineReason]) })
	}
	if e.decision != pending {
		e.decided = r.ReceivedAt
		if r.DecidedAt != 0 {
			e.decided = r.DecidedAt
		}
		e.profile = mapped(a.profMap, r.Profile, func() int32 { return a.profile(a.c.Strings[r.Profile]) })
	}
	if r.TreatmentStartedAt != 0 && !a.crisis[e.svc] {
		e.treated = r.TreatmentStartedAt
	}
	return e
}

// mapped is m[i], computed by code the first time; -1 marks unset, and
// code may itself return -1 (a profile that cannot be read), which is
// computed again, cheaply, from rawProfiles.
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
	return groupEach(len(eps), func(i int) (int64, bool) {
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
