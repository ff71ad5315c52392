package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

// measuresURL is a person's outcome measures page.
func measuresURL(personID int64) string { return fmt.Sprintf("/people/%d/measures", personID) }

// measureFormURL is the form to record a measure for a person.
func measureFormURL(personID int64, measureID string) string {
	return measuresURL(personID) + "/new/" + url.PathEscape(measureID)
}

// measureResultURL is one recorded measure.
func measureResultURL(personID, responseID int64) string {
	return fmt.Sprintf("%s/results/%d", measuresURL(personID), responseID)
}

type measuresPageData struct {
	Person       care.Person
	Self         bool
	Due          []store.DueRow
	Trajectories []trajectoryView
	Catalogue    []*measures.Measure
}

// trajectoryView is one measure's scores for the chart and its table.
type trajectoryView struct {
	Measure   *measures.Measure
	Change    *measures.Change
	Rule      string
	ChartJSON string
	Rows      []scoreRow
}

type scoreRow struct {
	ID       int64
	Date     time.Time
	Total    float64
	Severity string
	Case     bool
	Change   string
	RiskFlag bool
	Source   string
}

// catalogueOrder is how the record offers measures: symptom and wellbeing
// first, then quality of life and goals.
func catalogueOrder() []*measures.Measure {
	cat := measures.Catalogue()
	var out []*measures.Measure
	for _, id := range []string{"PHQ-9", "GAD-7", "CORE-10", "DIALOG", "GBO"} {
		out = append(out, cat[id])
	}
	return out
}

func (s *Server) handlePersonMeasures(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := actor(r)
	ctx := r.Context()
	p, err := s.guardedPerson(r, id)
	if err != nil {
		return err
	}
	list, err := s.db.MeasureResponses(ctx, a, id)
	if err != nil {
		return err
	}
	d := measuresPageData{Person: p, Self: a.Relationship == auth.RelSelf, Catalogue: catalogueOrder()}
	if d.Due, err = s.db.MeasuresDue(ctx, store.DueFilter{PersonID: id}); err != nil {
		return err
	}
	for _, t := range measures.Trajectories(list) {
		tv, err := trajectory(t)
		if err != nil {
			return err
		}
		d.Trajectories = append(d.Trajectories, tv)
	}
	s.render(w, r, http.StatusOK, "measures", view{Title: "Outcome measures: " + p.DisplayName(), D: d})
	return nil
}

// trajectory prepares one measure's chart data and table rows.
func trajectory(t measures.Trajectory) (trajectoryView, error) {
	m := t.Measure
	v := trajectoryView{Measure: m, Change: t.Change, Rule: m.RuleInWords()}
	first := t.Responses[0].Score.Total
	var dates []string
	var totals []float64
	for _, r := range t.Responses {
		row := scoreRow{ID: r.ID, Date: r.TakenAt, Total: r.Score.Total, Severity: r.Score.Severity, Case: r.Score.Case, RiskFlag: r.RiskFlag, Source: r.Source}
		if len(v.Rows) > 0 {
			row.Change = fmt.Sprintf("%+g", r.Score.Total-first)
		}
		v.Rows = append(v.Rows, row)
		dates, totals = append(dates, uktime.Date(r.TakenAt)), append(totals, r.Score.Total)
	}
	max := float64(m.MaxItem)
	if m.Rule == measures.Sum {
		max = float64(m.MaxItem * m.Items)
	}
	direction := ""
	if t.Change != nil {
		direction = t.Change.Direction
	}
	chart, err := json.Marshal(map[string]any{
		"name": m.Name, "dates": dates, "totals": totals, "cutoff": m.Cutoff, "min": m.MinItem, "max": max,
		"higherIsBetter": m.HigherIsBetter, "reliableChange": m.ReliableChange, "first": first, "direction": direction,
	})
	if err != nil {
		return v, err
	}
	v.ChartJSON = string(chart)
	return v, nil
}

type measureResultData struct {
	Person  care.Person
	Self    bool
	Result  store.MeasureResult
	Measure *measures.Measure
	Items   []answerRow
}

type answerRow struct {
	N      int
	Text   string
	Answer string
}

func (s *Server) handleMeasureResult(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rid, err := pathInt(r, "response")
	if err != nil {
		return err
	}
	a := actor(r)
	ctx := r.Context()
	p, err := s.guardedPerson(r, id)
	if err != nil {
		return err
	}
	res, err := s.db.MeasureResponse(ctx, a, id, rid)
	if err != nil {
		return err
	}
	m := measures.Catalogue()[res.MeasureID]
	d := measureResultData{Person: p, Self: a.Relationship == auth.RelSelf, Result: res, Measure: m}
	goals := map[int64]string{}
	if m.ID == "GBO" {
		gs, err := s.db.Goals(ctx, id)
		if err != nil {
			return err
		}
		for _, g := range gs {
			goals[g.ID] = g.Text
		}
	}
	for i, ans := range res.Answers {
		row := answerRow{N: i + 1, Answer: "Not answered"}
		if i < len(m.ItemText) {
			row.Text = m.ItemText[i]
		}
		if i < len(res.GoalIDs) {
			row.Text = goals[res.GoalIDs[i]]
		}
		if ans != nil {
			row.Answer = m.OptionLabel(*ans)
		} else if m.AllowsNotApplicable(i + 1) {
			row.Answer = "Does not apply, or not answered"
		}
		if m.ID == "GBO" && row.Text == "" {
			continue
		}
		d.Items = append(d.Items, row)
	}
	s.render(w, r, http.StatusOK, "measure_result", view{Title: m.Name + " result", D: d})
	return nil
}
