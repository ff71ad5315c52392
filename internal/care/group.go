package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
)

// Group modalities: the Therapies Team's group programmes.
const (
	GroupDBTSkills = "DBT skills"
	GroupMBT       = "MBT group"
)

// GroupModalities lists the group programmes forms offer.
var GroupModalities = []string{GroupDBTSkills, GroupMBT}

// Group is a cohort that meets as a group: a DBT skills group or an MBT
// group, with facilitators and members. Each member's place at a session
// is an appointment of kind group, so missing one is followed up the same
// way as a missed individual session.
type Group struct {
	ID             int64
	Name           string
	Modality       string
	TeamID         int64
	StartsOn       time.Time
	EndsOn         time.Time // zero when open-ended
	FacilitatorIDs []int64
	Version        int
}

// Validate checks a new group.
func (g Group) Validate() error {
	var v problem.Validation
	switch n := len(strings.TrimSpace(g.Name)); {
	case n == 0:
		v.Add("name", "Give the group a name")
	case n > 200:
		v.Add("name", "The name must be 200 characters or fewer")
	}
	known := false
	for _, m := range GroupModalities {
		known = known || g.Modality == m
	}
	if !known {
		v.Add("modality", "Choose the kind of group")
	}
	if g.TeamID == 0 {
		v.Add("team", "Choose the team that runs the group")
	}
	if g.StartsOn.IsZero() {
		v.Add("starts_on", "Enter the date the group starts")
	} else if !g.EndsOn.IsZero() && g.EndsOn.Before(g.StartsOn) {
		v.Add("ends_on", "The end date must be after the start date")
	}
	if len(g.FacilitatorIDs) == 0 {
		v.Add("facilitators", "Choose at least one facilitator")
	}
	return v.Err()
}

// GroupSession is one meeting of a group.
type GroupSession struct {
	ID       int64
	GroupID  int64
	StartsAt time.Time
	Minutes  int
	Location string
}

// Validate checks a session against its group's dates.
func (s GroupSession) Validate(g Group) error {
	var v problem.Validation
	switch {
	case s.StartsAt.IsZero():
		v.Add("starts_at", "Enter the date and time of the session")
	case dateOf(s.StartsAt).Before(dateOf(g.StartsOn)):
		v.Add("starts_at", "The session is before the group starts")
	case !g.EndsOn.IsZero() && dateOf(s.StartsAt).After(dateOf(g.EndsOn)):
		v.Add("starts_at", "The session is after the group ends")
	}
	if s.Minutes < 5 || s.Minutes > 480 {
		v.Add("minutes", "Length must be between 5 and 480 minutes")
	}
	if len(s.Location) > 200 {
		v.Add("location", "Location must be 200 characters or fewer")
	}
	return v.Err()
}
