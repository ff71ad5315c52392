package care

import (
	"testing"
	"time"
)

// TestWaitOrder: the waiting list sorts by the whole days it shows, from
// acceptance or from referral (less time paused), longest or shortest
// first; equal days keep the older referral first, then the lower id.
func TestWaitOrder(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	ref := func(id int64, receivedAgo, acceptedAgo, paused time.Duration) ReferralDetail {
		d := ReferralDetail{Referral: Referral{ID: id, ReceivedAt: now.Add(-receivedAgo)}, Paused: paused}
		if acceptedAgo >= 0 {
			d.Decision, d.DecidedAt = DecisionAccepted, now.Add(-acceptedAgo)
		}
		return d
	}
	older := ref(1, 30*day, 10*day+time.Hour, 0)     // 10 days from acceptance, 30 from referral
	sameDay := ref(2, 20*day, 10*day+5*time.Hour, 0) // 10 days too, referred later
	paused := ref(3, 40*day, 5*day, 25*day)          // 15 days from referral after a pause
	undecided := ref(4, 50*day, -1, 0)               // no acceptance: no days from it
	tests := []struct {
		name string
		o    WaitOrder
		a, b ReferralDetail
		want int
	}{
		{"longest from acceptance", WaitOrder{}, older, paused, -1},
		{"same days: older referral first", WaitOrder{}, sameDay, older, 1},
		{"same days, shortest first too", WaitOrder{Shortest: true}, older, sameDay, -1},
		{"no acceptance waits no days", WaitOrder{}, undecided, paused, 1},
		{"shortest from acceptance", WaitOrder{Shortest: true}, undecided, paused, -1},
		{"from referral less the pause", WaitOrder{FromReferral: true}, older, paused, -1},
		{"shortest from referral", WaitOrder{FromReferral: true, Shortest: true}, paused, older, -1},
		{"same referral time: lower id", WaitOrder{}, ref(5, day, day, 0), ref(6, day, day, 0), -1},
	}
	for _, tt := range tests {
		if got := tt.o.Compare(tt.a, tt.b, now); got != tt.want {
			t.Errorf("%s: Compare = %d, want %d", tt.name, got, tt.want)
		}
		if got := tt.o.Compare(tt.b, tt.a, now); got != -tt.want {
			t.Errorf("%s, reversed: Compare = %d, want %d", tt.name, got, -tt.want)
		}
	}
	if got, want := (WaitOrder{FromReferral: true}).Days(paused, now), 15; got != want {
		t.Errorf("days from referral = %d, want %d", got, want)
	}
}
