package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"throughline/internal/csvsafe"
	"throughline/internal/disclosure"
	"throughline/internal/indicators"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

type principlesData struct {
	From, To string // as typed, so a mistake is never lost
	Scope    string
	Teams    []string
	Report   indicators.Report
	Charts   []equityChart
	Query    string
	Feedback feedbackScores  // carers branch: Friends and Family Test per team (principles_feedback.go)
	Staff    principlesStaff // staff branch: staff-support section (principles_staff.go)
	Stored   aggregateState  // how fresh the stored figures are (stored_aggregates.go)
}

// equityChart is one dimension's median waits, only for groups large
// enough to show; the table beside it has every group.
type equityChart struct {
	Dimension string
	JSON      string
}

// principlesPeriod reads the period: whole UK days, from on or before to,
// to no later than today in the UK, at most five years; the default is the
// last twelve months. The days are UK days, so that a referral at 00:30 BST
// counts on the day it was made.
func principlesPeriod(q url.Values, now time.Time) (indicators.Period, string, string, error) {
	f := form.Read(q)
	today := uktime.In(uktime.StartOfDay(now))
	from, to := f.Text("from"), f.Text("to")
	if from == "" && to == "" {
		from, to = today.AddDate(-1, 0, 1).Format(time.DateOnly), today.Format(time.DateOnly)
		f = form.Read(url.Values{"from": {from}, "to": {to}})
	}
	day := func(name, what string) time.Time {
		if f.Text(name) == "" {
			f.Add(name, "Enter the "+what+" date")
			return time.Time{}
		}
		return ukDate(f.Date(name, "Enter the "+what+" date as a real date in the form YYYY-MM-DD, for example 2026-01-31"))
	}
	p := indicators.Period{From: day("from", "start"), To: day("to", "end")}
	if f.Err() == nil {
		switch {
		case p.To.Before(p.From):
			f.Add("to", "The end date must be on or after the start date")
		case p.To.After(today):
			f.Add("to", "The end date cannot be in the future")
		case p.From.Before(p.To.AddDate(-5, 0, 0)):
			f.Add("from", "Choose a period of five years or less")
		}
	}
	return p, from, to, f.Err()
}

// ukDate is midnight UK time on t's calendar date (read as written, not
// converted), so a period's days begin and end at UK midnight.
func ukDate(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, uktime.London)
}

// principles reads the stored figures for the selection (stored
// aggregates: they are computed in the background) and discloses them.
func (s *Server) principles(r *http.Request) (principlesData, error) {
	p, from, to, err := principlesPeriod(r.URL.Query(), s.db.Now())
	teams, scope := principlesTeams(currentUser(r))
	d := principlesData{From: from, To: to, Scope: scope, Query: url.Values{"from": {from}, "to": {to}}.Encode()}
	if err != nil {
		return d, err
	}
	var f principlesFigures
	if d.Stored, err = s.storedFigures(r.Context(), reportPrinciples, principlesParams(p, teams), &f); err != nil {
		return d, err
	}
	d.Stored.RefreshURL, d.Stored.PageURL = "/reports/principles/refresh", "/reports/principles?"+d.Query
	d.Stored.PollURL = d.Stored.PageURL + "&poll=1"
	d.Stored.Fields = map[string]string{"from": from, "to": to}
	if !d.Stored.Ready {
		return d, nil
	}
	return d, d.disclose(f)
}

// disclose fills the page from raw figures, every count through
// internal/disclosure.
func (d *principlesData) disclose(f principlesFigures) error {
	d.Teams = f.Teams
	d.Report = indicators.FromFigures(f.Indicators)
	d.Feedback = principlesFeedback(f.Teams, f.Feedback) // carers branch: feedback scores
	d.Staff = principlesStaffFrom(f.Staff)               // staff branch
	// language: available long term and in crisis, from its own one-pass read.
	d.Report.Sections = append(d.Report.Sections, indicators.Flexible(f.Changes), indicators.AvailableFrom(f.Available), indicators.ComplexityFrom(f.Complexity))
	for _, t := range d.Report.Equity {
		c := struct {
			Groups []string  `json:"groups"`
			Waits  []float64 `json:"waits"`
		}{}
		for _, row := range t.Rows {
			if row.Wait >= 0 && row.Group != indicators.AllGroups {
				c.Groups, c.Waits = append(c.Groups, row.Group), append(c.Waits, row.Wait)
			}
		}
		if len(c.Groups) > 0 {
			b, err := json.Marshal(c)
			if err != nil {
				return err
			}
			d.Charts = append(d.Charts, equityChart{Dimension: t.Dimension, JSON: string(b)})
		}
	}
	return nil
}

// handlePrinciples shows the principles in practice: each indicator with
// what it means and how it is worked out.
func (s *Server) handlePrinciples(w http.ResponseWriter, r *http.Request) error {
	d, err := s.principles(r)
	if err == nil && pollAggregate(w, r, d.Stored) {
		return nil
	}
	switch problem.Code(err) {
	case "":
		s.render(w, r, http.StatusOK, "principles", view{Title: "Principles in practice", D: d})
		return nil
	case problem.Invalid:
		s.render(w, r, http.StatusUnprocessableEntity, "principles", view{Title: "Principles in practice", D: d, Errors: errorsFrom(err)})
		return nil
	}
	return err
}

// handlePrinciplesCSV downloads the same indicators and equity tables,
// already disclosed: aggregate numbers only.
func (s *Server) handlePrinciplesCSV(w http.ResponseWriter, r *http.Request) error {
	d, err := s.principles(r)
	if err != nil {
		return err
	}
	if !d.Stored.Ready {
		return preparing(w)
	}
	rows := [][]csvsafe.Cell{
		csvsafe.Texts("# Principles in practice, " + d.Scope + ", " + d.From + " to " + d.To + ". " + disclosure.Hint),
		csvsafe.Texts("principle", "indicator", "value", "what it means", "how it is worked out"),
	}
	for _, sec := range d.Report.Sections {
		for _, i := range sec.Indicators {
			rows = append(rows, csvsafe.Texts(sec.Principle, i.Name, i.Value, i.Meaning, i.Rule))
		}
	}
	for _, l := range d.Report.Liaison {
		rows = append(rows, csvsafe.Texts("Collaborative across services", "Liaison with "+l.Agency, l.Count, "", ""))
	}
	rows = append(rows, nil, csvsafe.Texts("equity: dimension", "group", "referrals", "accepted (of decided)", "median days to first assessment"))
	for _, t := range d.Report.Equity {
		for _, row := range t.Rows {
			rows = append(rows, csvsafe.Texts(t.Dimension, row.Group, row.Referrals, row.Acceptance, row.MedianWait))
		}
	}
	// language: inclusive, decisions against the make-up of referrals.
	rows = append(rows, nil, csvsafe.Texts("inclusive: dimension", "group", "referrals", "share of referrals", "accepted", "share of acceptances", "declined", "share of declines"))
	for _, t := range d.Report.Inclusive {
		for _, row := range t.Rows {
			rows = append(rows, csvsafe.Texts(t.Dimension, row.Group, row.Referrals, row.OfReferrals, row.Accepted, row.OfAccepted, row.Declined, row.OfDeclined))
		}
	}
	return writeCSV(w, fmt.Sprintf("principles-%s-to-%s.csv", d.From, d.To), rows)
}
