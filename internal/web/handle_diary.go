package web

import (
	"net/http"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

// diaryDay is one day of a week view.
type diaryDay struct {
	Date   time.Time
	Today  bool
	Items  []diaryItem
	Groups []diaryGroup
}

type diaryData struct {
	WeekOf     time.Time
	Prev, Next string // addresses of the weeks either side
	Days       []diaryDay
	Caseload   []caseloadContinuity
	GapDays    int
	WindowDays int
}

// weekOf is midnight UK time on the Monday of the week holding the UK
// calendar date day (only its year, month and day are read).
func weekOf(day time.Time) time.Time {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, uktime.London)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// diaryURL is the diary's week beginning on the UK date of week.
func diaryURL(week time.Time) string { return "/diary?week=" + uktime.Date(week) }

// handleDiary is the signed-in worker's week: appointments they are booked
// into and sessions of groups they facilitate, with their caseload's
// continuity of care below. Days are UK days.
func (s *Server) handleDiary(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	ctx := r.Context()
	now := s.db.Now()
	week := weekOf(uktime.In(now))
	if q := r.URL.Query().Get("week"); q != "" {
		t, err := time.Parse(time.DateOnly, q)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			return problem.Errorf(problem.Invalid, "The week must be a date like 2026-03-16.")
		}
		week = weekOf(t)
	}
	// AddDate on a UK time keeps midnight across the clock changes.
	end := week.AddDate(0, 0, 7)
	d := diaryData{WeekOf: week, Prev: diaryURL(week.AddDate(0, 0, -7)), Next: diaryURL(end),
		GapDays: care.ContactGapDays, WindowDays: care.ContinuityWindowDays}
	aps, err := s.db.Appointments(ctx, store.AppointmentFilter{StaffID: u.ID, From: week.UTC(), To: end.UTC(), Limit: store.AllRows})
	if err != nil {
		return err
	}
	groups, err := s.db.GroupSessionsFor(ctx, u.ID, week.UTC(), end.UTC())
	if err != nil {
		return err
	}
	today := uktime.Date(now)
	for i := range 7 {
		day := week.AddDate(0, 0, i)
		date := uktime.Date(day)
		dd := diaryDay{Date: day, Today: date == today}
		for _, a := range aps {
			// A group place shows once, as its session.
			if a.Kind != care.KindGroup && uktime.Date(a.StartsAt) == date {
				dd.Items = append(dd.Items, newDiaryItem(a))
			}
		}
		for _, g := range groups {
			if uktime.Date(g.StartsAt) == date {
				dd.Groups = append(dd.Groups, newDiaryGroup(g))
			}
		}
		d.Days = append(d.Days, dd)
	}
	eps, err := s.db.Episodes(ctx, store.EpisodeFilter{WorkerID: u.ID, ActiveOnly: true})
	if err != nil {
		return err
	}
	ids := make([]int64, len(eps))
	for i, e := range eps {
		ids[i] = e.PersonID
	}
	cont, err := s.db.ContinuityOf(ctx, ids)
	if err != nil {
		return err
	}
	for _, e := range eps {
		d.Caseload = append(d.Caseload, newCaseloadContinuity(e, cont[e.PersonID]))
	}
	s.render(w, r, http.StatusOK, "diary", view{Title: "Diary", D: d})
	return nil
}
