package indicators

import (
	"fmt"
	"math"
	"strings"
	"time"

	"throughline/internal/disclosure"
)

// ActiveEpisode is one active episode's facts for "available long term
// and in crisis": when it began, when the person's crisis plan was last
// saved (zero for none) and the hours of that plan's contacts.
type ActiveEpisode struct {
	StartedAt    time.Time
	CrisisPlanAt time.Time
	ContactHours []string
}

// CrisisPlanCurrent is how recently a crisis plan must have been saved to
// count as current: plans are reviewed at least yearly.
const CrisisPlanCurrent = 365 * 24 * time.Hour

// outOfHoursWords are how staff write a contact's hours when it can be
// reached outside 9 to 5 on weekdays.
var outOfHoursWords = []string{"24 hours", "24 hour", "24/7", "24-7", "evening", "night", "weekend", "out of hours", "out-of-hours", "saturday", "sunday", "any time", "anytime"}

// OutOfHours says whether a contact's hours, as written, cover some time
// outside weekday office hours.
func OutOfHours(hours string) bool {
	h := strings.ToLower(hours)
	for _, w := range outOfHoursWords {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

// Available is the "available long term and in crisis" section: how long
// active episodes have run (care is not cut short by a fixed length), the
// share with a current crisis plan, and of those plans the share with a
// contact who can be reached out of hours.
func Available(eps []ActiveEpisode, now time.Time) Section {
	return AvailableFrom(SummariseAvailable(eps, now))
}

// AvailableFrom discloses the section's figures.
func AvailableFrom(a AvailableFigures) Section {
	median := disclosure.Hidden
	switch {
	case a.Lengths.N == 0:
		median = "none to count"
	case disclosure.Enough(a.Lengths.N):
		median = fmt.Sprintf("%.0f months", math.Round(a.Lengths.Median/30.44))
	}
	return Section{Principle: "Available long term and in crisis", Indicators: []Indicator{
		{"Median length of active episodes", median,
			"Care lasts as long as the person needs it, not a fixed number of sessions.",
			"Median time from the start of each active episode to today, in months; shown when at least 8 episodes are counted."},
		{"Active episodes that have run a year or more", share(a.YearOrMore, a.Episodes),
			"People who need long-term support still have it.",
			"Active episodes that started 365 days or more before today."},
		{"Active episodes with a current crisis plan", share(a.CurrentPlans, a.Episodes),
			"Everyone in care knows what to do and who to call when things get hard, with a plan reviewed in the last year.",
			"Active episodes whose person has a crisis plan saved in the last 365 days."},
		{"Current crisis plans with out-of-hours cover", share(a.OutOfHours, a.CurrentPlans),
			"The plan names someone who can be reached in the evening, at night or at weekends.",
			"Current crisis plans with at least one contact whose hours mention 24 hours, evenings, nights, weekends or out of hours."},
	}}
}
