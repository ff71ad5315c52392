package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
)

type measureFormData struct {
	Person  care.Person
	Self    bool
	Measure *measures.Measure
	Action  string
	Items   []formItem
	TakenOn string
	NoGoals bool
}

// formItem is one question: a radio group in a fieldset whose legend is the
// question; for GBO, also the choice of which goal it rates.
type formItem struct {
	N             int
	Field         string
	Text          string
	Options       []formOption
	NotApplicable bool
	NAChecked     bool
	Error         string
	GoalField     string
	Goals         []formOption
}

type formOption struct {
	ID, Value, Label string
	Checked          bool
}

// measureFor reads the {measure} path segment.
func measureFor(r *http.Request) (*measures.Measure, error) {
	m, ok := measures.Catalogue()[strings.ToUpper(r.PathValue("measure"))]
	if !ok {
		return nil, problem.Errorf(problem.NotFound, "There is no measure called %q. The measures are %s.", r.PathValue("measure"), strings.Join(measures.IDs(), ", "))
	}
	return m, nil
}

func (s *Server) handleMeasureForm(w http.ResponseWriter, r *http.Request) {
	s.renderMeasureForm(w, r, http.StatusOK, nil, nil)
}

// renderMeasureForm shows the form, filled from form (what was typed) when
// re-shown with errors.
func (s *Server) renderMeasureForm(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) {
	id, _ := pathID(r)
	ctx := r.Context()
	m, merr := measureFor(r)
	if merr != nil {
		s.renderProblem(w, r, merr)
		return
	}
	p, perr := s.db.PersonNoAudit(ctx, id)
	if perr != nil {
		s.renderProblem(w, r, perr)
		return
	}
	fields := problem.Fields(err)
	d := measureFormData{Person: p, Self: actor(r).Relationship == auth.RelSelf, Measure: m,
		Action: fmt.Sprintf("/people/%d/measures/new/%s", id, m.ID), TakenOn: s.db.Now().Format("2006-01-02")}
	if form != nil {
		d.TakenOn = form.Get("taken_on")
	}
	var goals []care.Goal
	if m.ID == "GBO" {
		all, gerr := s.db.Goals(ctx, id)
		if gerr != nil {
			s.renderProblem(w, r, gerr)
			return
		}
		for _, g := range all {
			if g.Status == care.GoalActive {
				goals = append(goals, g)
			}
		}
		d.NoGoals = len(goals) == 0
	}
	for i := range m.Items {
		n := i + 1
		it := formItem{N: n, Field: measures.ItemField(n), NotApplicable: m.AllowsNotApplicable(n), Error: fields[measures.ItemField(n)]}
		if i < len(m.ItemText) {
			it.Text = m.ItemText[i]
		}
		chosen := form.Get(it.Field)
		it.NAChecked = chosen == "na"
		for j, o := range m.Options {
			oid := it.Field
			if j > 0 {
				oid = fmt.Sprintf("%s-%d", it.Field, j)
			}
			it.Options = append(it.Options, formOption{ID: oid, Value: fmt.Sprint(o.Value), Label: o.Label, Checked: chosen == fmt.Sprint(o.Value)})
		}
		if m.ID == "GBO" {
			it.GoalField = fmt.Sprintf("goal-%d", n)
			pick := ""
			if form != nil {
				pick = form.Get(it.GoalField)
			} else if i < len(goals) {
				pick = fmt.Sprint(goals[i].ID)
			}
			for _, g := range goals {
				it.Goals = append(it.Goals, formOption{Value: fmt.Sprint(g.ID), Label: g.Text, Checked: pick == fmt.Sprint(g.ID)})
			}
		}
		d.Items = append(d.Items, it)
	}
	s.render(w, r, status, "measure_form", view{Title: m.Name, D: d, Errors: errorsFrom(err), Form: form})
}

// answersFromForm reads the radio groups; "does not apply" and no choice
// are both missing answers (the engine's rules decide if that is allowed).
func answersFromForm(m *measures.Measure, form url.Values) ([]*int, []int64, error) {
	var v problem.Validation
	answers := make([]*int, m.Items)
	var goals []int64
	for i := range m.Items {
		field := measures.ItemField(i + 1)
		switch raw := strings.TrimSpace(form.Get(field)); raw {
		case "", "na":
		default:
			n, err := strconv.Atoi(raw)
			if err != nil {
				v.Add(field, fmt.Sprintf("Question %d: choose one of the answers shown", i+1))
				continue
			}
			answers[i] = &n
		}
		if m.ID == "GBO" {
			g, _ := strconv.ParseInt(form.Get(fmt.Sprintf("goal-%d", i+1)), 10, 64)
			if answers[i] == nil {
				g = 0
			}
			goals = append(goals, g)
		}
	}
	return answers, goals, v.Err()
}

// takenOn reads the date the questions were answered (today if blank).
func takenOn(raw string, now time.Time) (time.Time, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return now, nil
	}
	d, err := time.Parse("2006-01-02", raw)
	if err != nil {
		var v problem.Validation
		v.Add("taken_on", "Enter the date as year-month-day, for example 2026-03-02")
		return time.Time{}, v.Err()
	}
	// Noon UTC keeps the date the same in any UK time zone.
	return d.Add(12 * time.Hour), nil
}

func (s *Server) handleMeasureRecord(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	m, err := measureFor(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	form := r.PostForm
	answers, goals, err := answersFromForm(m, form)
	if err != nil {
		s.renderMeasureForm(w, r, http.StatusUnprocessableEntity, form, err)
		return
	}
	at, err := takenOn(form.Get("taken_on"), s.db.Now())
	if err != nil {
		s.renderMeasureForm(w, r, http.StatusUnprocessableEntity, form, err)
		return
	}
	resp := measures.Response{PersonID: id, MeasureID: m.ID, TakenAt: at, Answers: answers, GoalIDs: goals}
	if _, err := s.db.RecordMeasure(r.Context(), actor(r), &resp); err != nil {
		if problem.Code(err) == problem.Invalid {
			s.renderMeasureForm(w, r, http.StatusUnprocessableEntity, form, err)
			return
		}
		s.renderProblem(w, r, err)
		return
	}
	s.setFlash(w, fmt.Sprintf("%s recorded: %g.", m.Name, resp.Score.Total))
	http.Redirect(w, r, fmt.Sprintf("/people/%d/measures/results/%d", id, resp.ID), http.StatusSeeOther)
}
