package demo

import (
	"time"

	"throughline/internal/care"
)

// Staff work on working days, so dates the demo gives staff actions are
// counted in working days from Options.Now: whatever day of the week the
// region is built on, nothing lands on a weekend or a bank holiday and
// nothing said to be past is in the future.

// workdays is the day n working days after t's day (n > 0) or before it
// (n < 0), at midnight UTC.
func workdays(t time.Time, n int) time.Time {
	if n >= 0 {
		return care.AddWorkingDays(t, n)
	}
	d := dateOnly(t)
	for n < 0 {
		d = d.AddDate(0, 0, -1)
		if care.IsWorkingDay(d) {
			n++
		}
	}
	return d
}

// lastWorkday is t's day when it is a working day, else the working day
// before it, at midnight UTC.
func lastWorkday(t time.Time) time.Time {
	d := dateOnly(t)
	for !care.IsWorkingDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// nextWorkday is t's day when it is a working day, else the working day
// after it, at midnight UTC.
func nextWorkday(t time.Time) time.Time {
	d := dateOnly(t)
	for !care.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// atHour is day's date at hour o'clock UTC.
func atHour(day time.Time, hour int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, hour, 0, 0, 0, time.UTC)
}
