package care

import "time"

// CrisisPlanReviewMonths is how long a crisis plan stays current without a
// review. A plan older than this may name contacts who have moved on or
// strategies that no longer help, so every page of the record says so.
const CrisisPlanReviewMonths = 6

// CrisisPlanState is what every page of a person's record shows about their
// crisis plan, one click from it: whether there is one, when it was last
// reviewed, and whether a review is due.
type CrisisPlanState struct {
	Exists   bool
	Reviewed time.Time // the last save; zero when there is no plan
}

// ReviewDue reports whether the plan is missing or older than
// CrisisPlanReviewMonths on the day now.
func (c CrisisPlanState) ReviewDue(now time.Time) bool {
	return !c.Exists || c.Reviewed.AddDate(0, CrisisPlanReviewMonths, 0).Before(now)
}
