package auth

import (
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	t.Parallel()
	b := Backoff{Free: 3, Base: 5 * time.Second, Max: 5 * time.Minute, Window: time.Hour}
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 0},
		{3, 0},
		{4, 5 * time.Second},
		{5, 10 * time.Second},
		{6, 20 * time.Second},
		{9, 160 * time.Second},
		{10, 5 * time.Minute},
		{1000, 5 * time.Minute},
	}
	for _, tt := range tests {
		if got := b.Delay(tt.failures); got != tt.want {
			t.Errorf("Delay(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

func TestThrottleRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	// times returns n failures, the latest lastAgo before now, a second apart.
	times := func(n int, lastAgo time.Duration) []time.Time {
		var out []time.Time
		for i := range n {
			out = append(out, ago(lastAgo+time.Duration(i)*time.Second))
		}
		return out
	}
	th := DefaultThrottle
	tests := []struct {
		name    string
		history LoginFailures
		want    time.Duration
	}{
		{"no failures", LoginFailures{}, 0},
		{"four typos cost nothing", LoginFailures{Account: times(4, 0)}, 0},
		{"fifth failure waits 5s", LoginFailures{Account: times(5, 0)}, 5 * time.Second},
		{"part of the wait has passed", LoginFailures{Account: times(6, 4*time.Second)}, 6 * time.Second},
		{"the owner who waits gets in", LoginFailures{Account: times(6, 10*time.Second)}, 0},
		{"many failures wait at most five minutes", LoginFailures{Account: times(500, 0)}, 5 * time.Minute},
		{"after the cap the owner gets in", LoginFailures{Account: times(500, 5*time.Minute)}, 0},
		{"account failures a day old are forgotten", LoginFailures{Account: times(50, 25*time.Hour)}, 0},
		{"order does not matter", LoginFailures{Account: []time.Time{ago(time.Minute), ago(0), ago(2 * time.Minute), ago(90 * time.Second), ago(30 * time.Second)}}, 5 * time.Second},
		{"an office's twenty typos an hour cost nothing", LoginFailures{Address: times(20, 0)}, 0},
		{"one address spraying many names is slowed", LoginFailures{Address: times(21, 0)}, 5 * time.Second},
		{"a long spray waits five minutes", LoginFailures{Address: times(40, 0)}, 5 * time.Minute},
		{"address failures an hour old are forgotten", LoginFailures{Address: times(40, time.Hour)}, 0},
		{"the longer wait wins", LoginFailures{Account: times(5, 0), Address: times(22, 0)}, 10 * time.Second},
	}
	for _, tt := range tests {
		if got := th.RetryAfter(tt.history, now); got != tt.want {
			t.Errorf("%s: RetryAfter = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestWaitWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		wait time.Duration
		want string
	}{
		{time.Millisecond, "1 second"},
		{4200 * time.Millisecond, "5 seconds"},
		{59 * time.Second, "59 seconds"},
		{60 * time.Second, "1 minute"},
		{61 * time.Second, "2 minutes"},
		{5 * time.Minute, "5 minutes"},
	}
	for _, tt := range tests {
		if got := WaitWords(tt.wait); got != tt.want {
			t.Errorf("WaitWords(%v) = %q, want %q", tt.wait, got, tt.want)
		}
		if got := RetryAfterSeconds(tt.wait); time.Duration(got)*time.Second < tt.wait {
			t.Errorf("RetryAfterSeconds(%v) = %d, earlier than the wait", tt.wait, got)
		}
	}
}
