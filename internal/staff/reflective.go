package staff

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"throughline/internal/problem"
)

// ReflectiveGroup is a reflective-practice group: a team's regular space
// to think together about the emotional demands of the work. Staff asked
// for it because stigma is "sustained or born out of staff burnout"; the
// record keeps who came, never what anyone said.
type ReflectiveGroup struct {
	ID            int64
	TeamID        int64
	Name          string
	FacilitatorID int64
	Frequency     Frequency
}

// MaxGroupName bounds a group's name.
const MaxGroupName = 120

// Validate checks a group before it is saved.
func (g *ReflectiveGroup) Validate() error {
	var v problem.Validation
	g.Name = strings.TrimSpace(g.Name)
	switch {
	case g.Name == "":
		v.Add("name", "Enter the group's name")
	case len(g.Name) > MaxGroupName:
		v.Add("name", fmt.Sprintf("The name can be up to %d characters", MaxGroupName))
	}
	if g.TeamID == 0 {
		v.Add("team", "Choose the team")
	}
	if g.FacilitatorID == 0 {
		v.Add("facilitator", "Choose the usual facilitator")
	}
	if !slices.Contains(Frequencies, g.Frequency) {
		v.Add("frequency", "Choose how often the group usually meets")
	}
	return v.Err()
}

// ReflectiveSession is one meeting of a group: when, who facilitated and
// who attended. It has no notes field on purpose: nothing about any
// person, staff or service user, belongs in the group's record.
type ReflectiveSession struct {
	ID            int64
	GroupID       int64
	HeldOn        time.Time // the UK calendar date
	FacilitatorID int64
	AttendeeIDs   []int64
}

// Validate checks a session before it is saved; now is the current time,
// since attendance is recorded after a session, not before.
func (s *ReflectiveSession) Validate(now time.Time) error {
	var v problem.Validation
	if s.GroupID == 0 {
		v.Add("group", "Choose the group")
	}
	if s.FacilitatorID == 0 {
		v.Add("facilitator", "Choose who facilitated")
	}
	if s.HeldOn.IsZero() {
		v.Add("held_on", "Enter the date of the session")
	} else if s.HeldOn.After(Today(now)) {
		v.Add("held_on", "The date cannot be in the future")
	}
	s.AttendeeIDs = dedupe(s.AttendeeIDs)
	if len(s.AttendeeIDs) == 0 {
		v.Add("attendees", "Choose who attended")
	}
	return v.Err()
}

// Attended reports whether someone was at the session, as facilitator or
// attendee: facilitating is taking part.
func (s ReflectiveSession) Attended(userID int64) bool {
	return userID != 0 && (s.FacilitatorID == userID || slices.Contains(s.AttendeeIDs, userID))
}

// MonthAttendance is one calendar month of someone's reflective practice:
// the sessions their teams' groups held and how many they attended.
type MonthAttendance struct {
	Month    time.Time // the first of the month
	Held     int
	Attended int
}

// Label is the month as people write it.
func (m MonthAttendance) Label() string { return m.Month.Format("January 2006") }

// Months lays sessions out by month for the n months up to and including
// today's, oldest first, so a month with no sessions still shows as a gap.
func Months(sessions []ReflectiveSession, userID int64, today time.Time, n int) []MonthAttendance {
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]MonthAttendance, n)
	for i := range out {
		out[i].Month = first.AddDate(0, i-n+1, 0)
	}
	for _, s := range sessions {
		m := time.Date(s.HeldOn.Year(), s.HeldOn.Month(), 1, 0, 0, 0, 0, time.UTC)
		i := n - 1 - monthsBetween(m, first)
		if i < 0 || i >= n {
			continue
		}
		out[i].Held++
		if s.Attended(userID) {
			out[i].Attended++
		}
	}
	return out
}

func monthsBetween(from, to time.Time) int {
	return (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
}

// ReflectiveWindow is how far back "attended reflective practice" looks
// on the principles page: three months, long enough for a monthly group
// to have met more than once.
const ReflectiveWindow = 3

// ReflectiveSince is the first day counted by ReflectiveWindow.
func ReflectiveSince(today time.Time) time.Time { return day(today).AddDate(0, -ReflectiveWindow, 0) }
