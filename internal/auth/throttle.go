package auth

import "time"

// Throttle limits password guessing per username: after MaxFailures failed
// attempts within Window, further attempts are refused until the oldest
// failure in the window ages out.
type Throttle struct {
	MaxFailures int
	Window      time.Duration
}

// DefaultThrottle allows five failures in fifteen minutes.
var DefaultThrottle = Throttle{MaxFailures: 5, Window: 15 * time.Minute}

// RetryAfter returns how long the caller must wait before another attempt,
// given the times of recent failures (any order); zero means go ahead.
func (t Throttle) RetryAfter(failures []time.Time, now time.Time) time.Duration {
	var recent []time.Time
	for _, f := range failures {
		if now.Sub(f) < t.Window {
			recent = append(recent, f)
		}
	}
	if len(recent) < t.MaxFailures {
		return 0
	}
	oldest := recent[0]
	for _, f := range recent {
		if f.Before(oldest) {
			oldest = f
		}
	}
	return t.Window - now.Sub(oldest)
}
