package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
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

// formItem is one question: a set of radios in a fieldset whose legend is
// the question; for GBO, also the choice of which goal it rates.
type formItem struct {
	Field   string // the radios' name, and the id of the first radio
	Legend  string
	Options []form.Option
	Inline  bool
	Answer  string
	Error   string
	// GBO only: the goal the answer rates.
	GoalField string
	GoalLabel string
	Goals     []form.Option
	Goal      string
}

// notApplicable is the answer "does not apply to me", stored as no answer.
const notApplicable = "na"

// measureFor reads the {measure} path segment.
func measureFor(r *http.Request) (*measures.Measure, error) {
	m, ok := measures.Catalogue()[strings.ToUpper(r.PathValue("measure"))]
	if !ok {
		return nil, problem.Errorf(problem.NotFound, "There is no measure called %q. The measures are %s.", r.PathValue("measure"), strings.Join(measures.IDs(), ", "))
	}
	return m, nil
}

func (s *Server) handleMeasureForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeasureForm(w, r, http.StatusOK, nil, nil)
}

// renderMeasureForm shows the form, filled from posted (what was typed)
// when re-shown with errors.
func (s *Server) renderMeasureForm(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	ctx := r.Context()
	m, merr := measureFor(r)
	if merr != nil {
		return merr
	}
	p, perr := s.guardedPerson(r, id)
	if perr != nil {
		return perr
	}
	fields := problem.Fields(err)
	d := measureFormData{Person: p, Self: actor(r).Relationship == auth.RelSelf, Measure: m,
		Action: measureFormURL(id, m.ID), TakenOn: uktime.Date(s.db.Now())}
	if posted != nil {
		d.TakenOn = posted.Get("taken_on")
	}
	var goals []care.Goal
	if m.ID == "GBO" {
		all, gerr := s.db.Goals(ctx, id)
		if gerr != nil {
			return gerr
		}
		for _, g := range all {
			if g.Status == care.GoalActive {
				goals = append(goals, g)
			}
		}
		d.NoGoals = len(goals) == 0
	}
	// Every problem links to a control: the question, its goal, or the date.
	anchors := map[string]string{"taken_on": "taken_on", "answers": measures.ItemField(1)}
	for i := range m.Items {
		n := i + 1
		it := formItem{Field: measures.ItemField(n), Answer: posted.Get(measures.ItemField(n)), Error: fields[measures.ItemField(n)]}
		anchors[it.Field] = it.Field
		if n == 1 && it.Error == "" {
			// A rule about the answers as a whole is shown at the first question.
			it.Error = fields["answers"]
		}
		it.Legend = fmt.Sprintf("%d. %s", n, itemText(m, i))
		for _, o := range m.Options {
			it.Options = append(it.Options, form.Option{Value: fmt.Sprint(o.Value), Label: o.Label})
		}
		it.Inline = len(it.Options) > 7
		if m.AllowsNotApplicable(n) {
			it.Options = append(it.Options, form.Option{Value: notApplicable, Label: "Does not apply to me", Divider: "or"})
		}
		if m.ID == "GBO" {
			it.Legend = fmt.Sprintf("%d. Goal %d", n, n)
			it.GoalField, it.GoalLabel = fmt.Sprintf("goal-%d", n), fmt.Sprintf("Goal %d: which goal", n)
			anchors[it.GoalField] = it.GoalField
			if n == 1 {
				anchors["goals"] = it.GoalField
			}
			if posted != nil {
				it.Goal = posted.Get(it.GoalField)
			} else if i < len(goals) {
				it.Goal = fmt.Sprint(goals[i].ID)
			}
			for _, g := range goals {
				it.Goals = append(it.Goals, form.Option{Value: fmt.Sprint(g.ID), Label: g.Text})
			}
		}
		d.Items = append(d.Items, it)
	}
	if d.NoGoals {
		anchors = nil // the form is not shown, so there is nothing to link to
	}
	fe := errorsFrom(err)
	fe.pointAt(anchors)
	s.render(w, r, status, "measure_form", view{Title: m.Name, D: d, Errors: fe, Form: posted})
	return nil
}

// itemText is the wording of question i (0-based), "" when the measure
// words its questions elsewhere (GBO's are the person's goals).
func itemText(m *measures.Measure, i int) string {
	if i < len(m.ItemText) {
		return m.ItemText[i]
	}
	return ""
}

// answersFromForm reads the radio groups; "does not apply" and no choice
// are both missing answers (the engine's rules decide if that is allowed).
func answersFromForm(m *measures.Measure, f *form.Form) ([]*int, []int64) {
	answers := make([]*int, m.Items)
	var goals []int64
	for i := range m.Items {
		n := i + 1
		field := measures.ItemField(n)
		switch f.Text(field) {
		case "", notApplicable:
		default:
			a := f.Int(field, fmt.Sprintf("Question %d: choose one of the answers shown", n))
			answers[i] = &a
		}
		if m.ID == "GBO" {
			g := f.ID(fmt.Sprintf("goal-%d", n), fmt.Sprintf("Goal %d: choose which goal this rating is for", n))
			if answers[i] == nil {
				g = 0
			}
			goals = append(goals, g)
		}
	}
	return answers, goals
}

// takenOnMessage is the one wording for a date that is not a date.
const takenOnMessage = "Enter the date as year-month-day, for example 2026-03-02"

// takenAt is when the questions were answered: now if no date was given,
// else noon UTC on the date, which is the same date in UK time all year.
func takenAt(day, now time.Time) time.Time {
	if day.IsZero() {
		return now
	}
	return day.Add(12 * time.Hour)
}

func (s *Server) handleMeasureRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := measureFor(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	answers, goals := answersFromForm(m, f)
	at := takenAt(f.Date("taken_on", takenOnMessage), s.db.Now())
	resp := measures.Response{PersonID: id, MeasureID: m.ID, TakenAt: at, Answers: answers, GoalIDs: goals}
	err = f.Err()
	if err == nil {
		_, err = s.db.RecordMeasure(r.Context(), actor(r), &resp)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, fmt.Sprintf("%s recorded: %g.", m.Name, resp.Score.Total))
		http.Redirect(w, r, measureResultURL(id, resp.ID), http.StatusSeeOther)
		return nil
	case problem.Invalid:
		return s.renderMeasureForm(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}
