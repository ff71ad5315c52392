package journey

import (
	"math"
	"strings"

	"throughline/internal/care"
	"throughline/internal/directory"
)

// Decision codes inside rec.
const (
	pending uint8 = iota
	accepted
	declined
)

const (
	day            = 24 * 60 * 60 // seconds
	followUpWindow = int64(FollowUp / 1e9)
)

// rec is a referral encoded for the analysis: small codes instead of
// strings and Unix seconds instead of times, so a million fit in cache-line
// sized records that sort and scan quickly.
type rec struct {
	person   int64
	received int64
	decided  int64 // 0 while pending; the receipt time if a decision has no time
	treated  int64 // 0 unless treatment started
	idx      int32 // position in Input.Referrals
	profile  int32 // canonical profile code; -1 when there is none to compare
	svc      int32
	refTier  int32
	reason   int32
	loc      int32
	decision uint8
	onward   bool
}

// episode is an EpisodeStart in Unix seconds.
type episode struct{ person, start int64 }

// analysis holds the codes and tallies of one Analyse call.
type analysis struct {
	f  Filter
	in Input
	c  *Compact // instead of in, for AnalyseCompact
	// The analysis's codes for c's services and strings, -1 until first
	// seen, so that codes are given in the same order as from an Input.
	svcMap, locMap, refMap, reasonMap, profMap []int32
	from, to, end, asOf                        int64 // Unix seconds; open ends are the extremes

	svcs, tiers, refTiers, reasons, locs, profiles *codes
	rawProfiles                                    map[string]int32 // as recorded → canonical code, or -1
	svcTier                                        []int32
	crisis, ae                                     []bool // by service

	services    []tally // by service
	locServices []tally // by locality × service
	people      []peopleTally
	flows       []int // by (referrer tier × service tier) × outcome
	entries     []entry

	treat, gaps []int64 // per-person scratch
}

// Analyse follows every selected person through their referrals. It does
// not modify in; journeys refer to its referrals by position.
// The work is linear in the number of referrals.
func Analyse(in Input, f Filter) Result {
	a := newAnalysis(f)
	a.in = in
	return a.run(a.encode(), a.episodes())
}

// AnalyseCompact is Analyse for a Compact input, with the same result as
// Analyse(c.Input(), f); journeys refer to c's referrals by position.
func AnalyseCompact(c *Compact, f Filter) Result {
	a := newAnalysis(f)
	a.c = c
	a.svcMap, a.locMap, a.refMap, a.reasonMap, a.profMap = unmapped(len(c.Services)), unmapped(len(c.Strings)),
		unmapped(len(c.Strings)), unmapped(len(c.Strings)), unmapped(len(c.Strings))
	return a.run(a.encodeCompact(), a.compactEpisodes())
}

func newAnalysis(f Filter) *analysis {
	a := &analysis{f: f, from: math.MinInt64, to: math.MaxInt64, end: math.MaxInt64, asOf: math.MaxInt64,
		svcs: newCodes(), tiers: newCodes(), refTiers: newCodes(), reasons: newCodes(), locs: newCodes(), profiles: newCodes(),
		rawProfiles: map[string]int32{}}
	if !f.From.IsZero() {
		a.from = f.From.Unix()
	}
	if !f.To.IsZero() {
		a.to, a.end = f.To.Unix(), f.To.Add(Lookahead).Unix()
	}
	if !f.AsOf.IsZero() {
		a.asOf = f.AsOf.Unix()
	}
	return a
}

func (a *analysis) run(recs []rec, eps []episode) Result {
	a.allocate(len(recs))
	res := Result{Filter: a.f, Journeys: a.walk(recs, eps)}
	a.consistency()
	a.assemble(&res)
	return res
}

// encode keeps the referrals the filter reaches, period and follow-up,
// grouped by person.
func (a *analysis) encode() []rec {
	refs := a.in.Referrals
	return groupEach(len(refs), 1, func(i int) (int64, bool) {
		r := &refs[i]
		if a.f.Locality != "" && r.Locality != a.f.Locality {
			return 0, false
		}
		at := r.ReceivedAt.Unix()
		return r.PersonID, at >= a.from && at < a.end
	}, func(i int) rec { return a.rec(i) }, func(r *rec) int64 { return r.person })
}

// rec encodes referral i.
func (a *analysis) rec(i int) rec {
	r := &a.in.Referrals[i]
	at := r.ReceivedAt.Unix()
	e := rec{person: r.PersonID, received: at, idx: int32(i), svc: a.service(r), refTier: a.refTiers.id(orNotRecorded(r.ReferrerTier)),
		loc: a.locs.id(r.Locality), reason: -1, profile: -1}
	switch r.Decision {
	case care.DecisionAccepted:
		e.decision = accepted
	case care.DecisionDeclined:
		e.decision, e.onward, e.reason = declined, r.OnwardRoute, a.reasons.id(r.DeclineReason)
	}
	if e.decision != pending {
		e.decided = at
		if !r.DecidedAt.IsZero() {
			e.decided = r.DecidedAt.Unix()
		}
		e.profile = a.profile(r.Profile)
	}
	if !r.TreatmentStartedAt.IsZero() && !a.crisis[e.svc] {
		e.treated = r.TreatmentStartedAt.Unix()
	}
	return e
}

// service codes a referral's service, noting its tier the first time.
func (a *analysis) service(r *Referral) int32 { return a.serviceCode(r.ServiceID, r.ServiceTier) }

func (a *analysis) serviceCode(svc, tier string) int32 {
	id := a.svcs.id(svc)
	if int(id) == len(a.svcTier) {
		a.svcTier = append(a.svcTier, a.tiers.id(orNotRecorded(tier)))
		a.crisis = append(a.crisis, tier == "crisis")
		a.ae = append(a.ae, tier == "crisis" && (svc == "ae" || strings.HasPrefix(svc, "ae-")))
	}
	return id
}

// profile codes a profile so that the same presentation written two ways
// compares equal; each distinct text is parsed once.
func (a *analysis) profile(s string) int32 {
	if s == "" {
		return -1
	}
	if c, ok := a.rawProfiles[s]; ok {
		return c
	}
	c := int32(-1)
	if p, err := directory.ParseProfile(s, directory.Profile{}); err == nil {
		c = a.profiles.id(p.String())
	}
	a.rawProfiles[s] = c
	return c
}

func orNotRecorded(s string) string {
	if s == "" {
		return "not-recorded"
	}
	return s
}

// episodes are the episode starts the filter reaches, grouped by person.
func (a *analysis) episodes() []episode {
	eps := a.in.Episodes
	return groupEach(len(eps), workers(len(eps)), func(i int) (int64, bool) {
		at := eps[i].StartedAt.Unix()
		return eps[i].PersonID, at >= a.from && at < a.end
	}, func(i int) episode { return episode{eps[i].PersonID, eps[i].StartedAt.Unix()} }, episodePerson)
}

// allocate sizes the tallies once every code is known; at most every one
// of the referrals is a decided one with a profile.
func (a *analysis) allocate(referrals int) {
	a.entries = make([]entry, 0, referrals)
	a.tallies()
}

// tallies makes zero tallies for every code.
func (a *analysis) tallies() {
	nsvc, nloc, nreason := len(a.svcs.names), len(a.locs.names), len(a.reasons.names)
	a.services = make([]tally, nsvc)
	a.locServices = make([]tally, nloc*nsvc)
	for _, ts := range [][]tally{a.services, a.locServices} {
		for i := range ts {
			ts[i].reasons = make([]int, nreason)
		}
	}
	a.people = make([]peopleTally, nloc)
	a.flows = make([]int, len(a.refTiers.names)*len(a.tiers.names)*4)
}

func episodePerson(e *episode) int64 { return e.person }
