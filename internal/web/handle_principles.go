package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/indicators"
	"throughline/internal/problem"
)

type principlesData struct {
	From, To string // as typed, so a mistake is never lost
	Scope    string
	Teams    []string
	Report   indicators.Report
	Charts   []equityChart
	Query    string
}

// equityChart is one dimension's median waits, only for groups large
// enough to show; the table beside it has every group.
type equityChart struct {
	Dimension string
	JSON      string
}

// principlesPeriod reads the period: whole days, from on or before to, to
// no later than today, at most five years; the default is the last twelve
// months.
func principlesPeriod(q url.Values, now time.Time) (indicators.Period, string, string, error) {
	var v problem.Validation
	today := now.UTC().Truncate(24 * time.Hour)
	from, to := strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	if from == "" && to == "" {
		from, to = today.AddDate(-1, 0, 1).Format(time.DateOnly), today.Format(time.DateOnly)
	}
	day := func(name, s, what string) time.Time {
		if s == "" {
			v.Add(name, "Enter the "+what+" date")
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add(name, "Enter the "+what+" date as a real date in the form YYYY-MM-DD, for example 2026-01-31")
		}
		return t
	}
	p := indicators.Period{From: day("from", from, "start"), To: day("to", to, "end")}
	if v.Err() == nil {
		switch {
		case p.To.Before(p.From):
			v.Add("to", "The end date must be on or after the start date")
		case p.To.After(today):
			v.Add("to", "The end date cannot be in the future")
		case p.From.Before(p.To.AddDate(-5, 0, 0)):
			v.Add("from", "Choose a period of five years or less")
		}
	}
	return p, from, to, v.Err()
}

func (s *Server) principles(r *http.Request) (principlesData, error) {
	ctx := r.Context()
	u := currentUser(r)
	p, from, to, err := principlesPeriod(r.URL.Query(), s.db.Now())
	d := principlesData{From: from, To: to, Scope: "the whole CEN specialist service", Query: url.Values{"from": {from}, "to": {to}}.Encode()}
	if err != nil {
		return d, err
	}
	var teams []int64
	if u.Role == auth.TeamManager {
		teams, d.Scope = teamIDs(u), "your CEN teams"
	}
	sc, err := s.db.CENScope(ctx, teams)
	if err != nil {
		return d, err
	}
	for _, t := range sc.Teams {
		d.Teams = append(d.Teams, t.Name)
	}
	f, err := s.db.IndicatorFacts(ctx, sc, p)
	if err != nil {
		return d, err
	}
	d.Report = indicators.Compute(f)
	for _, t := range d.Report.Equity {
		c := struct {
			Groups []string  `json:"groups"`
			Waits  []float64 `json:"waits"`
		}{}
		for _, row := range t.Rows {
			if row.Wait >= 0 {
				c.Groups, c.Waits = append(c.Groups, row.Group), append(c.Waits, row.Wait)
			}
		}
		if len(c.Groups) > 0 {
			b, _ := json.Marshal(c)
			d.Charts = append(d.Charts, equityChart{Dimension: t.Dimension, JSON: string(b)})
		}
	}
	return d, nil
}

// handlePrinciples shows the principles in practice: each indicator with
// what it means and how it is worked out.
func (s *Server) handlePrinciples(w http.ResponseWriter, r *http.Request) {
	d, err := s.principles(r)
	if err != nil {
		if problem.Code(err) == problem.Invalid {
			s.render(w, r, http.StatusUnprocessableEntity, "principles", view{Title: "Principles in practice", D: d, Errors: errorsFrom(err)})
			return
		}
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "principles", view{Title: "Principles in practice", D: d})
}

// handlePrinciplesCSV downloads the same indicators and equity tables,
// already suppressed: aggregate numbers only.
func (s *Server) handlePrinciplesCSV(w http.ResponseWriter, r *http.Request) {
	d, err := s.principles(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="principles-%s-to-%s.csv"`, d.From, d.To))
	cw := csv.NewWriter(w)
	cw.Write([]string{"# Principles in practice, " + d.Scope + ", " + d.From + " to " + d.To + ". Counts from 1 to 4 are shown as \"fewer than 5\"."})
	cw.Write([]string{"principle", "indicator", "value", "what it means", "how it is worked out"})
	for _, sec := range d.Report.Sections {
		for _, i := range sec.Indicators {
			cw.Write([]string{sec.Principle, i.Name, i.Value, i.Meaning, i.Rule})
		}
	}
	for _, l := range d.Report.Liaison {
		cw.Write([]string{"Collaborative across services", "Liaison with " + l.Agency, l.Count, "", ""})
	}
	cw.Write([]string{})
	cw.Write([]string{"equity: dimension", "group", "referrals", "accepted (of decided)", "median days to first assessment"})
	for _, t := range d.Report.Equity {
		for _, row := range t.Rows {
			cw.Write([]string{t.Dimension, row.Group, row.Referrals, row.Acceptance, row.MedianWait})
		}
	}
	cw.Flush()
}
