package care

import (
	"cmp"
	"time"
)

// WaitOrder is an order of the waiting list: by whole days waited, from
// acceptance or from referral, longest first or (Shortest) shortest
// first. People who have waited the same number of days keep the oldest
// referral first, so the order matches the days the list shows and two
// rows that look equal never swap between two readings.
type WaitOrder struct {
	FromReferral bool
	Shortest     bool
}

// WholeDays is a wait in whole days, as the waiting list shows it.
func WholeDays(d time.Duration) int { return int(d / (24 * time.Hour)) }

// Days is the whole days d has waited by this order's measure.
func (o WaitOrder) Days(d ReferralDetail, now time.Time) int {
	if o.FromReferral {
		return WholeDays(d.WaitFromReferral(now))
	}
	return WholeDays(d.WaitFromAcceptance(now))
}

// Compare sorts a before b (negative) when a comes first in this order.
func (o WaitOrder) Compare(a, b ReferralDetail, now time.Time) int {
	da, db := o.Days(a, now), o.Days(b, now)
	if da != db {
		if o.Shortest {
			return cmp.Compare(da, db)
		}
		return cmp.Compare(db, da)
	}
	if c := a.ReceivedAt.Compare(b.ReceivedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
