// Package uktime converts between the UTC instants Throughline stores and
// the UK local time (Europe/London, with British Summer Time) people read and
// type. Storage stays UTC; only what a person sees or types is local.
package uktime

import (
	"strings"
	"time"
	_ "time/tzdata" // the zone database is embedded, so a machine without /usr/share/zoneinfo still knows BST
)

// London is the Europe/London zone.
var London = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("uktime: " + err.Error())
	}
	return loc
}

// In returns t in UK local time.
func In(t time.Time) time.Time { return t.In(London) }

// DateTime formats an instant as UK local time, "2 Jan 2006 15:04"; zero is "".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format("2 Jan 2006 15:04")
}

// Clock formats an instant's UK local time of day, "15:04"; zero is "".
func Clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format("15:04")
}

// Date formats an instant's UK local date as YYYY-MM-DD; zero is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format(time.DateOnly)
}

// Parse reads a YYYY-MM-DD date and an HH:MM clock typed as UK local time
// and returns the instant in UTC. In the hour the clocks go back, the
// earlier (BST) reading is taken; a time skipped when the clocks go forward
// is moved on by the hour, as Go's time.Date does.
func Parse(date, clock string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(date)+" "+strings.TrimSpace(clock), London)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// StartOfDay is midnight UK time at the start of t's UK local date, in UTC.
func StartOfDay(t time.Time) time.Time {
	l := t.In(London)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, London).UTC()
}
