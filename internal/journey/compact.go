package journey

import (
	"time"

	"throughline/internal/care"
)

// Compact is an Input in about a third of the memory, for loaders of a
// million referrals: times are Unix seconds and every repeated string is
// an index into one table, so each distinct profile, locality or reason is
// held, and sent by the database, once. AnalyseCompact gives the same
// result as Analyse on the Input it expands to.
type Compact struct {
	Referrals []CompactReferral
	Episodes  []CompactEpisode
	Services  []Service // CompactReferral.Service indexes this
	// Strings holds every other string; index 0 is "" so that a zero
	// CompactReferral refers to nothing.
	Strings []string
}

// Service is a directory service and its tier.
type Service struct{ ID, Tier string }

// CompactReferral is a Referral in Compact. Times are Unix seconds; 0
// stands for the zero time.
type CompactReferral struct {
	PersonID                                  int64
	ReceivedAt, DecidedAt, TreatmentStartedAt int64
	Decision                                  care.Decision
	Service                                   int32 // index in Compact.Services
	// Indexes in Compact.Strings.
	Locality, ReferrerTier, DeclineReason, Profile int32
	OnwardRoute                                    bool
}

// CompactEpisode is an EpisodeStart in Unix seconds.
type CompactEpisode struct{ PersonID, StartedAt int64 }

// NewCompact starts an empty Compact whose string table holds "".
func NewCompact() Compact { return Compact{Strings: []string{""}} }

// Referral expands referral i, as Sequence gives it from an Input.
func (c *Compact) Referral(i int32) Referral {
	r := &c.Referrals[i]
	svc := c.Services[r.Service]
	return Referral{PersonID: r.PersonID, Locality: c.Strings[r.Locality], ServiceID: svc.ID, ServiceTier: svc.Tier,
		ReferrerTier: c.Strings[r.ReferrerTier], ReceivedAt: unix(r.ReceivedAt), Decision: r.Decision, DecidedAt: unix(r.DecidedAt),
		DeclineReason: c.Strings[r.DeclineReason], OnwardRoute: r.OnwardRoute, TreatmentStartedAt: unix(r.TreatmentStartedAt),
		Profile: c.Strings[r.Profile]}
}

// Sequence is Journey.Sequence for a journey analysed from c.
func (c *Compact) Sequence(j Journey) []Referral {
	out := make([]Referral, len(j.Referrals))
	for i, idx := range j.Referrals {
		out[i] = c.Referral(idx)
	}
	return out
}

// Input expands c, for callers that want whole records.
func (c *Compact) Input() Input {
	var in Input
	if len(c.Referrals) > 0 {
		in.Referrals = make([]Referral, len(c.Referrals))
	}
	for i := range c.Referrals {
		in.Referrals[i] = c.Referral(int32(i))
	}
	if len(c.Episodes) > 0 {
		in.Episodes = make([]EpisodeStart, len(c.Episodes))
		for i, e := range c.Episodes {
			in.Episodes[i] = EpisodeStart{PersonID: e.PersonID, StartedAt: unix(e.StartedAt)}
		}
	}
	return in
}

// CompactOf packs in; strings are shared, and times kept to the second.
func CompactOf(in Input) Compact {
	c := NewCompact()
	c.Append(in.Referrals)
	if c.Referrals == nil {
		c.Referrals = []CompactReferral{}
	}
	for _, e := range in.Episodes {
		c.Episodes = append(c.Episodes, CompactEpisode{e.PersonID, seconds(e.StartedAt)})
	}
	return c
}

func unix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func seconds(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
