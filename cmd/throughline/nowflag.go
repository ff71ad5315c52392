package main

import (
	"fmt"
	"time"
)

// instantFlag is a moment given as RFC 3339, for example
// 2026-11-27T10:00:00Z; unset, it is the real clock.
type instantFlag struct{ t time.Time }

func (f *instantFlag) String() string {
	if f == nil || f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *instantFlag) Set(s string) error {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("want a moment such as 2026-11-27T10:00:00Z")
	}
	f.t = t.UTC()
	return nil
}

// clock returns the flag's moment and a clock that starts there and runs
// on in real time, or the real clock when the flag was not given.
func (f *instantFlag) clock() (time.Time, func() time.Time) {
	wall := time.Now().UTC()
	if f.t.IsZero() {
		return wall, func() time.Time { return time.Now().UTC() }
	}
	offset := f.t.Sub(wall)
	return f.t, func() time.Time { return time.Now().Add(offset).UTC() }
}
