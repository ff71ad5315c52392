package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
)

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

func (s *Server) handlePersonMeasures(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	a := actor(r)
	ctx := r.Context()
	p, err := s.db.PersonNoAudit(ctx, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	list, err := s.db.MeasureResponses(ctx, a, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d := measuresPageData{Person: p, Self: a.Relationship == auth.RelSelf, Catalogue: catalogueOrder()}
	if d.Due, err = s.db.MeasuresDue(ctx, store.DueFilter{PersonID: id}); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	for _, t := range measures.Trajectories(list) {
		d.Trajectories = append(d.Trajectories, trajectory(t))
	}
	s.render(w, r, http.StatusOK, "measures", view{Title: "Outcome measures: " + p.DisplayName(), D: d})
}

// trajectory prepares one measure's chart data and table rows.
func trajectory(t measures.Trajectory) trajectoryView {
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
		dates, totals = append(dates, r.TakenAt.Format("2006-01-02")), append(totals, r.Score.Total)
	}
	max := float64(m.MaxItem)
	if m.Rule == measures.Sum {
		max = float64(m.MaxItem * m.Items)
	}
	direction := ""
	if t.Change != nil {
		direction = t.Change.Direction
	}
	chart, _ := json.Marshal(map[string]any{
		"name": m.Name, "dates": dates, "totals": totals, "cutoff": m.Cutoff, "min": m.MinItem, "max": max,
		"higherIsBetter": m.HigherIsBetter, "reliableChange": m.ReliableChange, "first": first, "direction": direction,
	})
	v.ChartJSON = string(chart)
	return v
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

func (s *Server) handleMeasureResult(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	a := actor(r)
	ctx := r.Context()
	rid, err := strconv.ParseInt(r.PathValue("response"), 10, 64)
	if err != nil || rid <= 0 {
		s.renderProblem(w, r, problem.Errorf(problem.NotFound, "That address does not name a record. Check the link and try again."))
		return
	}
	p, err := s.db.PersonNoAudit(ctx, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	res, err := s.db.MeasureResponse(ctx, a, id, rid)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	m := measures.Catalogue()[res.MeasureID]
	d := measureResultData{Person: p, Self: a.Relationship == auth.RelSelf, Result: res, Measure: m}
	goals := map[int64]string{}
	if m.ID == "GBO" {
		gs, err := s.db.Goals(ctx, id)
		if err != nil {
			s.renderProblem(w, r, err)
			return
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
}
