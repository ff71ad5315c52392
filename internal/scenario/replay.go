package scenario

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/journey"
)

// The replay's definitions, in one place (issue 15):
//
//   - Only what had happened by AsOf counts: referrals received after it,
//     decisions made after it and treatment starts after it are ignored.
//   - A person fell through, as on the journeys page, when a decline was
//     followed by journey.FollowUp (90 days, inclusive: a start on day 90
//     holds them, one on day 91 does not) with no treatment start at a
//     non-crisis service, and that window had closed by AsOf.
//   - A fell-through person's profile is the one recorded with their
//     latest such decline; one whose declines all lack a complete profile
//     is counted in NoProfile and in neither of the next two.
//   - Rules gap: no non-crisis service accepts that profile. Route
//     existed: one did, but they never reached it.
//   - Closed: in the rules gap at baseline, not under the scenario.
//   - Reversed declines: declined referrals whose own service would accept
//     the referral's profile under the scenario and did not at baseline.
//   - By service: per non-crisis service, the fell-through people it would
//     newly accept, by the month of the decline that left them.
//
// Crisis services are those in the crisis tier of the baseline directory
// (or, for a service it lacks, the referral's recorded tier).

// Result is a replay's answer; its JSON is the CLI's.
type Result struct {
	People       int `json:"people"`
	FellThrough  int `json:"fell_through"`
	RulesGap     Gap `json:"rules_gap"`
	RouteExisted int `json:"route_existed"`
	Closed       int `json:"closed"`
	// ReversedDeclines counts referrals, not people.
	ReversedDeclines int             `json:"reversed_declines"`
	ByService        []ServiceDemand `json:"by_service"`
	// NoProfile are fell-through people with no complete profile recorded.
	NoProfile int `json:"-"`
	// ClosedProfiles are the profiles of the closed, most people first:
	// no person is named.
	ClosedProfiles []ProfileCount `json:"-"`
}

// Gap is the rules gap at baseline and under the scenario.
type Gap struct {
	Baseline int `json:"baseline"`
	Scenario int `json:"scenario"`
}

// ServiceDemand is the demand a change would bring to one service.
type ServiceDemand struct {
	ID             string `json:"id"`
	NewlyAccepting int    `json:"newly_accepting"`
	// ByMonth is NewlyAccepting by the month ("2006-01") of the decline
	// that left each person without help.
	ByMonth   map[string]int `json:"-"`
	Capacity  int            `json:"-"`
	WaitWeeks int            `json:"-"`
}

// ProfileCount is a profile and how many people had it.
type ProfileCount struct {
	Profile string
	People  int
}

// verdict is one profile judged against both directories.
type verdict struct {
	ok                   bool // the profile is complete and readable
	baseGap, scenarioGap bool
	baseAccepts          []bool // by service index
	scenarioAccepts      []bool
}

type replay struct {
	base, scen []directory.Service
	// baseRules and scenRules judge profiles against base and scen;
	// scenRules is nil when scen is base.
	baseRules, scenRules *directory.Engine
	index                map[string]int
	verdicts             map[string]*verdict
}

// newReplay judges journeys against base and scen, the same services
// with a scenario applied.
func newReplay(base, scen []directory.Service) *replay {
	rp := &replay{base: base, scen: scen, baseRules: directory.NewEngine(base), index: make(map[string]int, len(base)), verdicts: map[string]*verdict{}}
	if !sameServices(base, scen) {
		rp.scenRules = directory.NewEngine(scen)
	}
	for i := range base {
		rp.index[base[i].ID] = i
	}
	return rp
}

// Replay replays every journey in in against services and services with
// sc applied, as of asOf.
func Replay(in journey.Input, services []directory.Service, sc Scenario, asOf time.Time) (Result, error) {
	scen, err := sc.Apply(services)
	if err != nil {
		return Result{}, err
	}
	rp := newReplay(services, scen)
	res := Result{ByService: []ServiceDemand{}}
	demand := make([]ServiceDemand, len(services))
	closed := map[string]int{}
	cutoff := asOf.Unix()
	eachPerson(in, cutoff, func(person []*journey.Referral, episodes []int64) {
		res.People++
		res.ReversedDeclines += rp.reversed(person, cutoff)
		gap, fell := rp.fellThrough(person, episodes, cutoff)
		if !fell {
			return
		}
		res.FellThrough++
		if gap == nil {
			res.NoProfile++
			return
		}
		v := rp.verdict(gap.Profile)
		if !v.baseGap {
			res.RouteExisted++
		} else {
			res.RulesGap.Baseline++
		}
		if v.scenarioGap {
			res.RulesGap.Scenario++
		}
		if v.baseGap && !v.scenarioGap {
			res.Closed++
			closed[canonical(gap.Profile)]++
		}
		month := decidedAt(gap).Format("2006-01")
		for i := range scen {
			if scen[i].Crisis() || !v.scenarioAccepts[i] || v.baseAccepts[i] {
				continue
			}
			d := &demand[i]
			if d.ByMonth == nil {
				d.ByMonth = map[string]int{}
			}
			d.NewlyAccepting++
			d.ByMonth[month]++
		}
	})
	for i, d := range demand {
		if d.NewlyAccepting > 0 {
			d.ID, d.Capacity, d.WaitWeeks = scen[i].ID, scen[i].Capacity, scen[i].WaitWeeks
			res.ByService = append(res.ByService, d)
		}
	}
	slices.SortStableFunc(res.ByService, func(a, b ServiceDemand) int {
		return cmp.Or(cmp.Compare(b.NewlyAccepting, a.NewlyAccepting), strings.Compare(a.ID, b.ID))
	})
	for p, n := range closed {
		res.ClosedProfiles = append(res.ClosedProfiles, ProfileCount{p, n})
	}
	slices.SortFunc(res.ClosedProfiles, func(a, b ProfileCount) int {
		return cmp.Or(cmp.Compare(b.People, a.People), strings.Compare(a.Profile, b.Profile))
	})
	return res, nil
}

func decidedAt(r *journey.Referral) time.Time {
	if r.DecidedAt.IsZero() {
		return r.ReceivedAt
	}
	return r.DecidedAt
}

// decided reports whether r was declined by cutoff.
func declinedBy(r *journey.Referral, cutoff int64) bool {
	return r.Decision == care.DecisionDeclined && decidedAt(r).Unix() <= cutoff
}

func (rp *replay) crisis(r *journey.Referral) bool {
	if i, ok := rp.index[r.ServiceID]; ok {
		return rp.base[i].Crisis()
	}
	return r.ServiceTier == "crisis"
}

// eachPerson calls fn with each person's referrals received by cutoff,
// in time order, and their treatment starts by cutoff: one pass, sorted
// once.
func eachPerson(in journey.Input, cutoff int64, fn func(person []*journey.Referral, episodes []int64)) {
	refs := make([]*journey.Referral, 0, len(in.Referrals))
	for i := range in.Referrals {
		if r := &in.Referrals[i]; r.ReceivedAt.Unix() <= cutoff {
			refs = append(refs, r)
		}
	}
	slices.SortStableFunc(refs, func(a, b *journey.Referral) int {
		return cmp.Or(cmp.Compare(a.PersonID, b.PersonID), a.ReceivedAt.Compare(b.ReceivedAt))
	})
	episodes := map[int64][]int64{}
	for _, e := range in.Episodes {
		if at := e.StartedAt.Unix(); at <= cutoff {
			episodes[e.PersonID] = append(episodes[e.PersonID], at)
		}
	}
	for lo := 0; lo < len(refs); {
		hi := lo + 1
		for hi < len(refs) && refs[hi].PersonID == refs[lo].PersonID {
			hi++
		}
		fn(refs[lo:hi], episodes[refs[lo].PersonID])
		lo = hi
	}
}

// unanswered applies the journeys page's rule to one person's referrals
// (in time order), calling fn for each decline whose window closed by
// cutoff with no treatment start at a non-crisis service.
func (rp *replay) unanswered(person []*journey.Referral, episodes []int64, cutoff int64, fn func(*journey.Referral)) {
	treat := slices.Clone(episodes)
	for _, r := range person {
		if at := r.TreatmentStartedAt.Unix(); !r.TreatmentStartedAt.IsZero() && at <= cutoff && !rp.crisis(r) {
			treat = append(treat, at)
		}
	}
	slices.Sort(treat)
	window := int64(journey.FollowUp / time.Second)
	for _, r := range person {
		if !declinedBy(r, cutoff) {
			continue
		}
		start := decidedAt(r).Unix()
		end := start + window
		if end > cutoff {
			continue // still open
		}
		if k, _ := slices.BinarySearch(treat, start); k < len(treat) && treat[k] <= end {
			continue // held
		}
		fn(r)
	}
}

// fellThrough returns the person's latest unanswered decline with a
// complete profile (nil if none has one) and whether there was any.
func (rp *replay) fellThrough(person []*journey.Referral, episodes []int64, cutoff int64) (*journey.Referral, bool) {
	var latest *journey.Referral
	fell := false
	rp.unanswered(person, episodes, cutoff, func(r *journey.Referral) {
		fell = true
		if rp.verdict(r.Profile).ok && (latest == nil || !decidedAt(r).Before(decidedAt(latest))) {
			latest = r
		}
	})
	return latest, fell
}

// lastUnanswered is the person's latest unanswered decline, profile or
// not; nil if they did not fall through.
func (rp *replay) lastUnanswered(person []*journey.Referral, episodes []int64, cutoff int64) *journey.Referral {
	var latest *journey.Referral
	rp.unanswered(person, episodes, cutoff, func(r *journey.Referral) {
		if latest == nil || !decidedAt(r).Before(decidedAt(latest)) {
			latest = r
		}
	})
	return latest
}

// reversed counts the person's declines that the scenario would reverse.
func (rp *replay) reversed(person []*journey.Referral, cutoff int64) int {
	n := 0
	for _, r := range person {
		if !declinedBy(r, cutoff) {
			continue
		}
		i, ok := rp.index[r.ServiceID]
		if !ok {
			continue
		}
		if v := rp.verdict(r.Profile); v.ok && !v.baseAccepts[i] && v.scenarioAccepts[i] {
			n++
		}
	}
	return n
}

// verdict judges a recorded profile once, however often it recurs.
func (rp *replay) verdict(profile string) *verdict {
	if v, ok := rp.verdicts[profile]; ok {
		return v
	}
	v := &verdict{}
	rp.verdicts[profile] = v
	p, ok := completeProfile(profile)
	if !ok {
		return v
	}
	v.ok = true
	v.baseAccepts, v.baseGap = rp.baseRules.Accepting(p)
	if rp.scenRules == nil {
		v.scenarioAccepts, v.scenarioGap = v.baseAccepts, v.baseGap
	} else {
		v.scenarioAccepts, v.scenarioGap = rp.scenRules.Accepting(p)
	}
	return v
}

// sameServices reports whether a and b are one slice, as when a replay
// only looks at who fell through (Rank, OverTime).
func sameServices(a, b []directory.Service) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// completeProfile reads a recorded profile that gives every dimension.
func completeProfile(s string) (directory.Profile, bool) {
	if s == "" || strings.Count(s, ",") != len(directory.DimensionOrder)-1 {
		return directory.Profile{}, false
	}
	p, err := directory.ParseProfile(s, directory.Profile{})
	return p, err == nil
}

// canonical writes a recorded profile in the directory's own order.
func canonical(s string) string {
	p, _ := completeProfile(s)
	return p.String()
}
