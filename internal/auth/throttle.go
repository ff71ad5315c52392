package auth

import (
	"fmt"
	"time"
)

// Backoff is a growing delay after failed sign-ins, as OWASP's
// authentication guidance recommends instead of a lock-out: the first Free
// failures cost nothing (people mistype), then each further failure doubles
// the wait from Base up to Max. The wait runs from the latest failure, so
// the real owner who waits it out can always sign in, while a guesser gets
// only a few tries an hour.
type Backoff struct {
	Free   int           // failures allowed before any wait
	Base   time.Duration // wait after the first failure beyond Free
	Max    time.Duration // the longest wait
	Window time.Duration // failures older than this are forgotten
}

// Delay is the wait after n failures in a row.
func (b Backoff) Delay(n int) time.Duration {
	if n <= b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free + 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// RetryAfter returns how long the caller must wait before another attempt,
// given the times of failures (any order) that still count; zero means go
// ahead. Failures older than Window are ignored.
func (b Backoff) RetryAfter(failures []time.Time, now time.Time) time.Duration {
	var n int
	var last time.Time
	for _, f := range failures {
		if now.Sub(f) >= b.Window {
			continue
		}
		n++
		if f.After(last) {
			last = f
		}
	}
	wait := last.Add(b.Delay(n)).Sub(now)
	if n == 0 || wait <= 0 {
		return 0
	}
	return wait
}

// Throttle slows password guessing two ways: per account (failures since
// its last successful sign-in), so one account cannot be guessed at
// quickly, and per address, so one address trying one password against
// many usernames is slowed too. An address is allowed more failures than an
// account, since many staff may share one (an office behind one router),
// and a success does not clear it, or a guesser could clear it with an
// account of their own.
type Throttle struct {
	Account Backoff
	Address Backoff
}

// DefaultThrottle lets the owner mistype four times (a wrong second-factor
// code counts too), then waits 5, 10, 20 seconds and so on, never more than
// five minutes; an address gets twenty failures an hour before it is slowed
// the same way.
var DefaultThrottle = Throttle{
	Account: Backoff{Free: 4, Base: 5 * time.Second, Max: 5 * time.Minute, Window: 24 * time.Hour},
	Address: Backoff{Free: 20, Base: 5 * time.Second, Max: 5 * time.Minute, Window: time.Hour},
}

// LoginFailures are the failed sign-ins that count against one attempt.
type LoginFailures struct {
	Account []time.Time // for the username, since its last success
	Address []time.Time // from the address
}

// RetryAfter is the longer of the two waits; zero means go ahead.
func (t Throttle) RetryAfter(f LoginFailures, now time.Time) time.Duration {
	return max(t.Account.RetryAfter(f.Account, now), t.Address.RetryAfter(f.Address, now))
}

// Keep is how long failures matter to this throttle: older ones may be
// deleted.
func (t Throttle) Keep() time.Duration { return max(t.Account.Window, t.Address.Window) }

// ThrottleMessage tells the person, in plain words, how long to wait.
func ThrottleMessage(wait time.Duration) string {
	return fmt.Sprintf("There have been too many attempts to sign in. Wait %s, then try again. "+
		"If you have forgotten your password, ask your system administrator to reset it.", WaitWords(wait))
}

// WaitWords says a wait in whole seconds under a minute, else in whole
// minutes, rounding up so the person never tries too early.
func WaitWords(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	switch {
	case secs <= 1:
		return "1 second"
	case secs < 60:
		return fmt.Sprintf("%d seconds", secs)
	case secs <= 60:
		return "1 minute"
	default:
		return fmt.Sprintf("%d minutes", (secs+59)/60)
	}
}

// RetryAfterSeconds is the Retry-After header value for a wait, rounded up.
func RetryAfterSeconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }
