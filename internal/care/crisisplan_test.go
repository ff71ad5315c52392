package care

import (
	"testing"
	"time"

	"throughline/internal/problem"
)

// TestCrisisShareDates: a share named without a date is dated on the UK
// day it is recorded, which just after midnight in summer is a day ahead
// of UTC and must not count as a date in the future.
func TestCrisisShareDates(t *testing.T) {
	t.Parallel()
	earlier := time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		now  time.Time
		on   time.Time // the typed date, zero for blank
		want time.Time
	}{
		{"blank in winter", time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC), time.Time{}, time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)},
		{"blank just after midnight in summer", time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), time.Time{}, time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)},
		{"a typed date is kept", time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), earlier, earlier},
	}
	for _, tt := range tests {
		c := CrisisPlan{PersonID: 1, WarningSigns: "I stop answering my phone",
			Contacts: []CrisisContact{{Name: "Samaritans", Phone: "116 123", Hours: "24 hours, every day"}},
			Shares:   []CrisisShare{{Recipient: "GP", Consented: true, On: tt.on}}}
		c.DateUndatedShares(tt.now)
		if got := c.Shares[0].On; !got.Equal(tt.want) {
			t.Errorf("%s: date %v, want %v", tt.name, got, tt.want)
		}
		if err := c.Validate(tt.now); err != nil {
			t.Errorf("%s: %v, want valid", tt.name, problem.Fields(err))
		}
	}
}
