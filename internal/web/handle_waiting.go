package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type waitingRow struct {
	store.WaitingRow
	FromReferral, FromAcceptance string
	FromReferralDays             int
	FromAcceptanceDays           int
	RAG                          care.RAG
}

type waitingData struct {
	Teams      []directory.Team
	Team       int64
	Sort       string
	Rows       []waitingRow
	Thresholds []thresholdRow
	Manager    bool
}

// weeksAndDays says a wait the way people talk about it.
func weeksAndDays(d time.Duration) (string, int) {
	days := int(d.Hours() / 24)
	w, rest := days/7, days%7
	switch {
	case w == 0:
		return fmt.Sprintf("%d days", rest), days
	case rest == 0:
		return fmt.Sprintf("%d weeks", w), days
	}
	return fmt.Sprintf("%d weeks %d days", w, rest), days
}

func (s *Server) handleWaitingList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	teams, err := s.userTeams(ctx, u)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d := waitingData{Teams: teams, Sort: r.URL.Query().Get("sort"), Manager: u.Role == auth.TeamManager}
	if !slices.Contains([]string{"referral", "acceptance", "referral-asc", "acceptance-asc"}, d.Sort) {
		d.Sort = "acceptance"
	}
	var services []string
	if team := r.URL.Query().Get("team"); team != "" {
		d.Team, _ = strconv.ParseInt(team, 10, 64)
	}
	for _, t := range teams {
		if (d.Team == 0 || t.ID == d.Team) && !slices.Contains(services, t.ServiceID) {
			services = append(services, t.ServiceID)
		}
	}
	if d.Team != 0 && len(services) == 0 {
		s.renderError(w, r, http.StatusNotFound, "That team is not one of yours. Choose one of your teams.")
		return
	}
	rows, err := s.db.WaitingList(ctx, services)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	thresholds := map[string]care.WaitThresholds{}
	for _, id := range services {
		sv, err := s.db.Service(ctx, id)
		if err == nil {
			thresholds[id], err = s.db.WaitThresholds(ctx, id)
		}
		if err != nil {
			s.renderProblem(w, r, err)
			return
		}
		d.Thresholds = append(d.Thresholds, thresholdRow{WaitThresholds: thresholds[id], ServiceName: sv.Name})
	}
	now := s.db.Now()
	for _, row := range rows {
		wr := waitingRow{WaitingRow: row}
		wr.FromReferral, wr.FromReferralDays = weeksAndDays(row.WaitFromReferral(now))
		wr.FromAcceptance, wr.FromAcceptanceDays = weeksAndDays(row.WaitFromAcceptance(now))
		wr.RAG = thresholds[row.ServiceID].Rate(row.WaitFromAcceptance(now))
		d.Rows = append(d.Rows, wr)
	}
	key := func(x waitingRow) int { return x.FromAcceptanceDays }
	if strings.HasPrefix(d.Sort, "referral") {
		key = func(x waitingRow) int { return x.FromReferralDays }
	}
	slices.SortStableFunc(d.Rows, func(a, b waitingRow) int {
		if strings.HasSuffix(d.Sort, "-asc") {
			return key(a) - key(b)
		}
		return key(b) - key(a)
	})
	s.render(w, r, http.StatusOK, "waiting", view{Title: "Waiting list", D: d})
}

func (s *Server) handleCheckIn(w http.ResponseWriter, r *http.Request) {
	a, d, ok := s.referralActor(w, r)
	if !ok {
		return
	}
	c := care.CheckIn{ReferralID: d.ID, Method: r.PostForm.Get("method"), Note: r.PostForm.Get("note"), CrisisSignposted: r.PostForm.Get("crisis_signposted") == "yes"}
	var err error
	if c.On, err = time.Parse("2006-01-02", strings.TrimSpace(r.PostForm.Get("on"))); err != nil {
		err = &problem.Error{Code: problem.Invalid, Message: "Enter the date of contact as a date, for example 2026-03-14",
			Fields: map[string]string{"on": "Enter the date of contact as a date, for example 2026-03-14"}}
	} else {
		err = s.db.AddCheckIn(r.Context(), a, &c)
	}
	if err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		pg, ok := s.loadReferralPage(w, r)
		if !ok {
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "referral", view{Title: "Referral " + pg.Referral.Reference(), D: pg, Form: r.PostForm, Errors: errorsFrom(err)})
		return
	}
	s.setFlash(w, "Check-in recorded.")
	http.Redirect(w, r, fmt.Sprintf("/referrals/%d#check-ins", d.ID), http.StatusSeeOther)
}

type thresholdsData struct {
	Rows []thresholdRow
}

type thresholdRow struct {
	care.WaitThresholds
	ServiceName string
}

func (s *Server) thresholdRows(r *http.Request) ([]thresholdRow, error) {
	teams, err := s.userTeams(r.Context(), currentUser(r))
	if err != nil {
		return nil, err
	}
	var out []thresholdRow
	for _, t := range teams {
		if slices.ContainsFunc(out, func(x thresholdRow) bool { return x.ServiceID == t.ServiceID }) {
			continue
		}
		sv, err := s.db.Service(r.Context(), t.ServiceID)
		if err != nil {
			return nil, err
		}
		w, err := s.db.WaitThresholds(r.Context(), t.ServiceID)
		if err != nil {
			return nil, err
		}
		out = append(out, thresholdRow{WaitThresholds: w, ServiceName: sv.Name})
	}
	return out, nil
}

func (s *Server) handleThresholdsForm(w http.ResponseWriter, r *http.Request) {
	rows, err := s.thresholdRows(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "wait_thresholds", view{Title: "Waiting time limits", D: thresholdsData{Rows: rows}})
}

func (s *Server) handleThresholdsSave(w http.ResponseWriter, r *http.Request) {
	rows, err := s.thresholdRows(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	id := r.PostForm.Get("service_id")
	if !slices.ContainsFunc(rows, func(x thresholdRow) bool { return x.ServiceID == id }) {
		s.renderError(w, r, http.StatusNotFound, "Choose one of your own teams' services to set its waiting time limits.")
		return
	}
	var wt care.WaitThresholds
	wt.ServiceID = id
	wt.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	amber, aerr := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("amber_weeks")))
	red, rerr := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("red_weeks")))
	wt.AmberWeeks, wt.RedWeeks = amber, red
	if aerr != nil {
		wt.AmberWeeks = -1
	}
	if rerr != nil {
		wt.RedWeeks = -1
	}
	if err := s.db.SaveWaitThresholds(r.Context(), actor(r), &wt); err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.render(w, r, statusFor(err), "wait_thresholds", view{Title: "Waiting time limits", D: thresholdsData{Rows: rows}, Form: r.PostForm, Errors: errorsFrom(err)})
		return
	}
	s.setFlash(w, "Waiting time limits saved.")
	http.Redirect(w, r, "/waiting?"+url.Values{"sort": {"acceptance"}}.Encode(), http.StatusSeeOther)
}
