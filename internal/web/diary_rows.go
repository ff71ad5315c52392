package web

import (
	"fmt"
	"time"

	"throughline/internal/care"
	"throughline/internal/store"
)

// The diary's rows carry only the fields its template reads, as fields of
// their own: a field the template finds inside embedded structs (an
// AppointmentRow's care.Appointment, an EpisodeRow's care.Episode) is
// looked up by reflect's breadth-first search on every row and every use,
// a third of the page's rendering.

// diaryItem is an appointment in a day of the diary.
type diaryItem struct {
	StartsAt   time.Time
	PersonID   int64
	PersonName string
	Kind       care.AppointmentKind
	Location   string
	Outcome    care.Outcome
}

func newDiaryItem(a store.AppointmentRow) diaryItem {
	return diaryItem{StartsAt: a.StartsAt, PersonID: a.PersonID, PersonName: a.PersonName, Kind: a.Kind, Location: a.Location, Outcome: a.Outcome}
}

// diaryGroup is a session of a group the worker facilitates.
type diaryGroup struct {
	StartsAt  time.Time
	GroupID   int64
	GroupName string
	Places    int
	Location  string
}

func newDiaryGroup(g store.GroupSessionItem) diaryGroup {
	return diaryGroup{StartsAt: g.StartsAt, GroupID: g.GroupID, GroupName: g.GroupName, Places: g.Places, Location: g.Location}
}

// caseloadContinuity is a person on the worker's caseload with their
// continuity of care, and the words its table shows, made here once
// rather than by four template calls a row: the care they are on (the
// modality, or else the pathway) and their last contact.
type caseloadContinuity struct {
	PersonID    int64
	PersonName  string
	Care        string
	LastContact string
	Continuity  care.Continuity
}

func newCaseloadContinuity(e store.EpisodeRow, c care.Continuity) caseloadContinuity {
	row := caseloadContinuity{PersonID: e.PersonID, PersonName: e.PersonName, Care: e.Modality, LastContact: "None recorded", Continuity: c}
	if row.Care == "" {
		row.Care = e.Pathway
	}
	if !c.LastContact.IsZero() {
		row.LastContact = fmt.Sprintf("%s (%d days ago)", shownDate(c.LastContact), c.DaysSinceContact)
	}
	return row
}
