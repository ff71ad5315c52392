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
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type waitingRow struct {
	store.WaitingRow
	FromReferral, FromAcceptance string
	FromReferralDays             int
	FromAcceptanceDays           int
	RAG                          care.RAG
}

type waitingData struct {
	Teams      []form.Option
	Team       int64
	Sort       string
	Sorts      []form.Option
	Rows       []waitingRow
	Pager      pager
	Thresholds []thresholdRow
	Manager    bool
}

// weeksAndDays says a wait the way people talk about it.
func weeksAndDays(d time.Duration) (string, int) {
	days := care.WholeDays(d)
	w, rest := days/7, days%7
	switch {
	case w == 0:
		return fmt.Sprintf("%d days", rest), days
	case rest == 0:
		return fmt.Sprintf("%d weeks", w), days
	}
	return fmt.Sprintf("%d weeks %d days", w, rest), days
}

// waitingSorts are the orders the waiting list can be shown in.
var waitingSorts = form.Options("acceptance", "Longest wait from acceptance first", "referral", "Longest wait from referral first",
	"acceptance-asc", "Shortest wait from acceptance first", "referral-asc", "Shortest wait from referral first")

// waitingURL is the waiting list, longest wait from acceptance first.
func waitingURL() string { return "/waiting?" + url.Values{"sort": {"acceptance"}}.Encode() }

// waitingOrder is the order a sort parameter asks for: from acceptance
// or from referral, longest first unless the sort ends -asc.
func waitingOrder(sort string) care.WaitOrder {
	return care.WaitOrder{FromReferral: strings.HasPrefix(sort, "referral"), Shortest: strings.HasSuffix(sort, "-asc")}
}

func (s *Server) handleWaitingList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := currentUser(r)
	teams, err := s.userTeams(ctx, u)
	if err != nil {
		return err
	}
	q := form.Read(r.URL.Query())
	d := waitingData{Sort: q.Text("sort"), Manager: u.Role == auth.TeamManager, Sorts: waitingSorts}
	for _, t := range teams {
		d.Teams = append(d.Teams, form.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
	}
	if !slices.ContainsFunc(waitingSorts, func(o form.Option) bool { return o.Value == d.Sort }) {
		d.Sort = "acceptance"
	}
	const notYours = "That team is not one of yours. Choose one of your teams."
	if d.Team = q.ID("team", notYours); q.Err() != nil {
		return problem.Errorf(problem.NotFound, notYours)
	}
	var services []string
	for _, t := range teams {
		if (d.Team == 0 || t.ID == d.Team) && !slices.Contains(services, t.ServiceID) {
			services = append(services, t.ServiceID)
		}
	}
	if d.Team != 0 && len(services) == 0 {
		return problem.Errorf(problem.NotFound, notYours)
	}
	page, err := pageParam(r, "page")
	if err != nil {
		return err
	}
	thresholds := map[string]care.WaitThresholds{}
	for _, id := range services {
		sv, err := s.db.Service(ctx, id)
		if err != nil {
			return err
		}
		if thresholds[id], err = s.db.WaitThresholds(ctx, id); err != nil {
			return err
		}
		d.Thresholds = append(d.Thresholds, thresholdRow{WaitThresholds: thresholds[id], ServiceName: sv.Name})
	}
	now := s.db.Now()
	list, err := s.db.WaitingPage(ctx, services, waitingOrder(d.Sort), now, page)
	if err != nil {
		return err
	}
	if d.Pager, err = newPager(r, "page", list); err != nil {
		return err
	}
	for _, row := range list.Rows {
		wr := waitingRow{WaitingRow: row}
		wr.FromReferral, wr.FromReferralDays = weeksAndDays(row.WaitFromReferral(now))
		wr.FromAcceptance, wr.FromAcceptanceDays = weeksAndDays(row.WaitFromAcceptance(now))
		wr.RAG = thresholds[row.ServiceID].Rate(row.WaitFromAcceptance(now))
		d.Rows = append(d.Rows, wr)
	}
	s.render(w, r, http.StatusOK, "waiting", view{Title: "Waiting list", D: d})
	return nil
}

func (s *Server) handleCheckIn(w http.ResponseWriter, r *http.Request) error {
	a, d, err := s.referralActor(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	const badDate = "Enter the date of contact as a date, for example 2026-03-14"
	c := care.CheckIn{ReferralID: d.ID, Method: f.Text("method"), Note: f.Text("note"), CrisisSignposted: f.Text("crisis_signposted") == "yes",
		On: f.Date("on", badDate)}
	if c.On.IsZero() {
		f.Add("on", badDate)
	}
	if err = f.Err(); err == nil {
		err = s.db.AddCheckIn(r.Context(), a, &c)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Check-in recorded.")
		http.Redirect(w, r, referralURL(d.ID)+"#check-ins", http.StatusSeeOther)
		return nil
	case problem.Invalid:
		return s.renderReferral(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
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

func (s *Server) handleThresholdsForm(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.thresholdRows(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "wait_thresholds", view{Title: "Waiting time limits", D: thresholdsData{Rows: rows}})
	return nil
}

func (s *Server) handleThresholdsSave(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.thresholdRows(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	id := f.Text("service_id")
	if !slices.ContainsFunc(rows, func(x thresholdRow) bool { return x.ServiceID == id }) {
		return problem.Errorf(problem.NotFound, "Choose one of your own teams' services to set its waiting time limits.")
	}
	wt := care.WaitThresholds{ServiceID: id, Version: f.Version(), AmberWeeks: weeksOrUnset(f, "amber_weeks"), RedWeeks: weeksOrUnset(f, "red_weeks")}
	err = f.With(s.db.SaveWaitThresholds(r.Context(), actor(r), &wt))
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Waiting time limits saved.")
		http.Redirect(w, r, waitingURL(), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		fe := errorsFrom(err)
		// Each service has its own form, so the summary links to the boxes of the one sent.
		fe.pointAt(map[string]string{"amber_weeks": "amber-" + id, "red_weeks": "red-" + id})
		s.render(w, r, statusFor(err), "wait_thresholds", view{Title: "Waiting time limits", D: thresholdsData{Rows: rows}, Form: r.PostForm, Errors: fe})
		return nil
	}
	return err
}

// weeksOrUnset reads a number of weeks. Anything that is not a whole
// number is -1, which the limits' own check refuses in its own words, so
// the message is written once, in the domain.
func weeksOrUnset(f *form.Form, name string) int {
	if n, ok := f.Whole(name); ok {
		return n
	}
	return -1
}
