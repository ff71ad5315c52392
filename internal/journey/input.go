// Package journey follows people through referrals across services to show
// who fell through the gap between them: per person the sequence of
// referrals and decisions, per service and per locality the decline rates,
// reasons, onward routes and consistency of decisions, and the flows from
// referrer to service to outcome. It is pure Go over compact records that
// the store loads, linear in the number of referrals, so that a million of
// them are loaded and analysed within twice the time the database takes to
// count them (BenchmarkJourneyAnalysis in internal/store).
//
// The rules, in one place:
//
//   - A treatment start is an accepted episode of care with the specialist
//     CEN service (EpisodeStart) or a referral's TreatmentStartedAt at any
//     other service that is not in the crisis tier. Crisis contacts are
//     where people go when they fall through, so they never count as being
//     held, as in the directory's gap engine.
//   - A person fell through the gap when at least one of their declines was
//     followed by FollowUp (90 days, inclusive) with no treatment start.
//   - Where they went instead looks at referrals received during such a
//     window and not themselves declined: "a-and-e" if any was to an A&E
//     service (a crisis-tier service whose id is "ae" or starts with "ae-",
//     as the directory names its emergency department liaison teams),
//     otherwise "crisis" if any was to another crisis-tier service,
//     otherwise "nothing-recorded". One A&E contact outweighs any number of
//     other crisis contacts because it is the most acute.
//   - A window that has not closed by Filter.AsOf, with no treatment yet,
//     leaves the person "still open" rather than fallen through.
//   - Bounces are declines: a person declined by three services bounced
//     three times.
//   - Only referrals received in the filter's period are counted, and only
//     people with one are followed. Referrals and episodes up to Lookahead
//     after the period are read as follow-up; anything before the period,
//     or later than that, is ignored, so results do not depend on how much
//     extra the caller loaded.
//   - Identical profiles are compared as parsed, so the same presentation
//     written in another order is the same profile; a decided referral
//     without a readable profile is counted in Decisions.NoProfile.
package journey

import (
	"time"

	"throughline/internal/care"
)

// FollowUp is how long after a decline a treatment start still counts as
// the person being held.
const FollowUp = 90 * 24 * time.Hour

// Lookahead is how far past Filter.To an analysis reads follow-up: a
// decision can come weeks after the referral, and its FollowUp window
// starts at the decision. Loaders should supply referrals and episodes this
// far past the period.
const Lookahead = 2 * FollowUp

// Referral is one referral as the analysis needs it. Strings repeat across
// records; loaders should share one copy of each value.
type Referral struct {
	PersonID     int64
	Locality     string // the person's locality code
	ServiceID    string
	ServiceTier  string // directory tier of ServiceID
	ReferrerTier string // tier of the referring organisation, or "self"
	ReceivedAt   time.Time
	Decision     care.Decision
	DecidedAt    time.Time // zero while pending
	// DeclineReason is a care.DeclineReasons code; "" on older declines.
	DeclineReason string
	// OnwardRoute is whether a decline named a service or an exception.
	OnwardRoute        bool
	TreatmentStartedAt time.Time // zero unless the service took the person on
	Profile            string    // directory.Profile.String() at screening; "" if not recorded
}

// EpisodeStart is when a person began an accepted episode of care with the
// specialist CEN service, which records episodes instead of referral
// treatment starts.
type EpisodeStart struct {
	PersonID  int64
	StartedAt time.Time
}

// Input is everything an analysis reads. Referrals and episodes may come in
// any order, and may reach past the filter's period to supply follow-up.
type Input struct {
	Referrals []Referral
	Episodes  []EpisodeStart
}

// Filter narrows an analysis. Zero values select everything.
type Filter struct {
	From, To time.Time // referrals received in [From, To)
	Locality string    // people living in this locality
	// AsOf is when the data was read: a decline less than FollowUp before
	// it, with no treatment yet, is still open. Zero treats every window as
	// closed.
	AsOf time.Time
}
