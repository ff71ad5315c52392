package web

import (
	"net/http"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// diaryDay is one day of a week view.
type diaryDay struct {
	Date   time.Time
	Today  bool
	Items  []store.AppointmentRow
	Groups []store.GroupSessionItem
}

type caseloadContinuity struct {
	store.EpisodeRow
	Continuity care.Continuity
}

type diaryData struct {
	WeekOf     time.Time
	Prev, Next string
	Days       []diaryDay
	Caseload   []caseloadContinuity
	GapDays    int
	WindowDays int
}

// weekStart is the Monday of t's week.
func weekStart(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// handleDiary is the signed-in worker's week: appointments they are booked
// into and sessions of groups they facilitate, with their caseload's
// continuity of care below.
func (s *Server) handleDiary(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	now := s.db.Now()
	week := weekStart(now)
	if q := r.URL.Query().Get("week"); q != "" {
		t, err := time.Parse(time.DateOnly, q)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			s.renderError(w, r, http.StatusUnprocessableEntity, "The week must be a date like 2026-03-16.")
			return
		}
		week = weekStart(t)
	}
	d := diaryData{WeekOf: week, Prev: week.AddDate(0, 0, -7).Format(time.DateOnly), Next: week.AddDate(0, 0, 7).Format(time.DateOnly),
		GapDays: care.ContactGapDays, WindowDays: care.ContinuityWindowDays}
	end := week.AddDate(0, 0, 7)
	aps, err := s.db.Appointments(ctx, store.AppointmentFilter{StaffID: u.ID, From: week, To: end, Limit: 1000})
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	groups, err := s.db.GroupSessionsFor(ctx, u.ID, week, end)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for i := range 7 {
		day := week.AddDate(0, 0, i)
		dd := diaryDay{Date: day, Today: day.Format(time.DateOnly) == now.Format(time.DateOnly)}
		for _, a := range aps {
			// A group place shows once, as its session.
			if a.Kind != care.KindGroup && a.StartsAt.Format(time.DateOnly) == day.Format(time.DateOnly) {
				dd.Items = append(dd.Items, a)
			}
		}
		for _, g := range groups {
			if g.StartsAt.Format(time.DateOnly) == day.Format(time.DateOnly) {
				dd.Groups = append(dd.Groups, g)
			}
		}
		d.Days = append(d.Days, dd)
	}
	eps, err := s.db.Episodes(ctx, store.EpisodeFilter{WorkerID: u.ID, ActiveOnly: true})
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	ids := make([]int64, len(eps))
	for i, e := range eps {
		ids[i] = e.PersonID
	}
	cont, err := s.db.ContinuityOf(ctx, ids)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for _, e := range eps {
		d.Caseload = append(d.Caseload, caseloadContinuity{e, cont[e.PersonID]})
	}
	s.render(w, r, http.StatusOK, "diary", view{Title: "Diary", D: d})
}

var errNotYourGroup = problem.Errorf(problem.NotFound, "No group with that id in your teams")
