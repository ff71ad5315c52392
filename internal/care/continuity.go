package care

import "time"

// ContinuityWindowDays is the period over which distinct workers are
// counted: people ask above all for a known, consistent worker.
const ContinuityWindowDays = 90

// ContactGapDays is how long without contact before a person is flagged
// so nobody drifts out of care unnoticed.
const ContactGapDays = 28

// Contact is one moment of real contact: an attended appointment (with its
// staff) or an outreach attempt that reached the person.
type Contact struct {
	At       time.Time
	StaffIDs []int64
}

// Continuity summarises how consistent and how recent someone's contact
// with the service is.
type Continuity struct {
	DistinctWorkers  int       // staff seen at attended appointments in the last 90 days
	LastContact      time.Time // zero when there has been none
	DaysSinceContact int       // -1 when there has been none
	Flag             bool      // no contact for more than ContactGapDays
}

// ComputeContinuity works out continuity at now from contacts in any order.
// Only appointments count for workers seen; reaching someone by phone is
// contact but not a session with a worker.
func ComputeContinuity(appointments, reached []Contact, now time.Time) Continuity {
	c := Continuity{DaysSinceContact: -1}
	since := now.AddDate(0, 0, -ContinuityWindowDays)
	seen := map[int64]bool{}
	for _, a := range appointments {
		if a.At.After(now) {
			continue
		}
		if !a.At.Before(since) {
			for _, s := range a.StaffIDs {
				seen[s] = true
			}
		}
		if a.At.After(c.LastContact) {
			c.LastContact = a.At
		}
	}
	for _, r := range reached {
		if !r.At.After(now) && r.At.After(c.LastContact) {
			c.LastContact = r.At
		}
	}
	c.DistinctWorkers = len(seen)
	if !c.LastContact.IsZero() {
		c.DaysSinceContact = int(dateOf(now).Sub(dateOf(c.LastContact)).Hours() / 24)
	}
	c.Flag = c.DaysSinceContact < 0 || c.DaysSinceContact > ContactGapDays
	return c
}
