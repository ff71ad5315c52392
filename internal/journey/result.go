package journey

import "time"

// Destination is where a person who fell through the gap went instead.
type Destination string

// Destinations, most acute first: one A&E contact outweighs any number of
// other crisis contacts when a person's journey is summarised.
const (
	InsteadAE      Destination = "a-and-e"
	InsteadCrisis  Destination = "crisis"
	InsteadNothing Destination = "nothing-recorded"
)

// Outcomes of a referral in the flow diagram.
const (
	OutcomeAccepted     = "accepted"
	OutcomeDeclinedWith = "declined-with-onward-route"
	OutcomeDeclinedNone = "declined-no-route"
	OutcomePending      = "pending"
)

// Result is one analysis. Counts are exact; hiding small numbers from
// people who may only see aggregates is for the screen that shows them.
type Result struct {
	Filter     Filter
	Summary    Summary         // everyone selected
	Journeys   []Journey       // one per person, by person id
	Services   []ServiceStats  // by service id
	Localities []LocalityStats // by locality code, for side-by-side views
	Flows      []Flow          // referrer tier → service tier → outcome
}

// Journey is one person's referrals and what became of them.
type Journey struct {
	PersonID int64
	Locality string
	// Referrals are positions in Input.Referrals, in the order received:
	// first those in the period, then later ones read only as follow-up.
	// Positions rather than copies keep a million-referral analysis from
	// moving every record again; Sequence gives the records themselves.
	Referrals []int32
	InPeriod  int // how many of Referrals were received in the period
	Bounces   int // declines in the period

	GapStart        time.Time   // the decision that started the first unanswered window
	Instead         Destination // set when FellThrough
	DaysToTreatment int         // from the first referral in the period to that start

	// The flags last, together, so that a region's hundreds of thousands
	// of journeys are not padded after each.
	FellThrough bool
	StillOpen   bool // declined, not yet seen, and less than FollowUp has passed
	Treated     bool // a treatment started on or after the first referral
}

// Sequence returns the journey's referrals from the input it was analysed from.
func (j Journey) Sequence(in Input) []Referral {
	out := make([]Referral, len(j.Referrals))
	for i, idx := range j.Referrals {
		out[i] = in.Referrals[idx]
	}
	return out
}

// Summary describes the people and referrals in a selection.
type Summary struct {
	People              int // with a referral in the period
	Declined            int // declined at least once
	DeclinedTwiceOrMore int
	FellThrough         int
	StillOpen           int
	Instead             DestinationCounts // of those who fell through
	Treated             int
	// MedianDaysToTreatment is over the people Treated; 0 when nobody was.
	MedianDaysToTreatment int
	Decisions
}

// DestinationCounts counts people by where they went instead.
type DestinationCounts struct {
	AE, Crisis, NothingRecorded int
}

// Decisions counts screening decisions on referrals received in the period.
type Decisions struct {
	Referrals         int
	Accepted          int
	Declined          int
	Pending           int
	DeclinedWithRoute int
	TopReasons        []ReasonCount // most common first
	Inconsistent      Consistency
	// NoProfile counts decided referrals with no readable profile, which
	// cannot be compared for consistency.
	NoProfile int
}

// DeclineRate is the share of decided referrals that were declined; 0 when
// nothing was decided.
func (d Decisions) DeclineRate() float64 { return ratio(d.Declined, d.Accepted+d.Declined) }

// RouteShare is the share of declines that named an onward route; 0 when
// nothing was declined.
func (d Decisions) RouteShare() float64 { return ratio(d.DeclinedWithRoute, d.Declined) }

func ratio(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// ReasonCount is how often a decline reason was given.
type ReasonCount struct {
	Code  string // "" for declines recorded before reason codes
	Label string
	N     int
}

// Consistency counts identical profiles at the same service that received
// different decisions, and the decided referrals in those groups.
type Consistency struct {
	Profiles  int
	Referrals int
}

// ServiceStats are the decisions of one service.
type ServiceStats struct {
	ServiceID string
	Tier      string
	Decisions
	// InconsistentProfiles lists the profiles behind Inconsistent, largest first.
	InconsistentProfiles []ProfileDecisions
}

// ProfileDecisions is one profile that a service both accepted and declined.
type ProfileDecisions struct {
	Profile            string
	Accepted, Declined int
}

// LocalityStats are the people and services of one locality.
type LocalityStats struct {
	Locality string
	Summary  Summary
	Services []ServiceStats // decisions on people from this locality
}

// Flow is one link of a Sankey diagram. Node names carry their column, so a
// tier can be both referrer and service: "referrer:crisis" →
// "service:secondary" → "outcome:declined-no-route".
type Flow struct {
	From, To string
	N        int
}
