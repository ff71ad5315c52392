package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"throughline/internal/measures"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// The measures API is for the person's portal (and any client acting for a
// signed-in user): the same guard, policies and audit as the pages, JSON in
// and out. A POST needs the session's CSRF token in the X-CSRF-Token header.
// Errors are {"error": message, "fields": {field: message}}: a returned
// error is written so by renderProblem, as for every path under /api/.

type apiError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

type apiItem struct {
	Number        int    `json:"number"`
	Text          string `json:"text,omitempty"`
	NotApplicable bool   `json:"not_applicable_allowed"`
}

type apiMeasure struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Stem           string            `json:"stem"`
	Items          []apiItem         `json:"items"`
	Options        []measures.Option `json:"options"`
	Required       int               `json:"required"`
	Cutoff         float64           `json:"cutoff,omitempty"`
	ReliableChange float64           `json:"reliable_change,omitempty"`
	HigherIsBetter bool              `json:"higher_is_better"`
	Rule           string            `json:"rule"`
	Licence        string            `json:"licence,omitempty"`
	Copyright      string            `json:"copyright,omitempty"`
	Source         string            `json:"source"`
}

func (s *Server) handleAPIMeasure(w http.ResponseWriter, r *http.Request) error {
	m, err := measureFor(r)
	if err != nil {
		return err
	}
	out := apiMeasure{ID: m.ID, Name: m.Name, Stem: m.Stem, Options: m.Options, Required: m.Required, Cutoff: m.Cutoff,
		ReliableChange: m.ReliableChange, HigherIsBetter: m.HigherIsBetter, Rule: m.RuleInWords(), Licence: m.Licence, Copyright: m.Copyright, Source: m.Source}
	for i := range m.Items {
		it := apiItem{Number: i + 1, NotApplicable: m.AllowsNotApplicable(i + 1)}
		if i < len(m.ItemText) {
			it.Text = m.ItemText[i]
		}
		out.Items = append(out.Items, it)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type apiChange struct {
	measures.Change
	Copyright string `json:"copyright,omitempty"`
}

func (s *Server) handleAPIPersonMeasures(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.db.MeasureResponses(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	changes := []apiChange{}
	for _, t := range measures.Trajectories(list) {
		if t.Change != nil {
			c := *t.Change
			c.Rule = t.Measure.RuleInWords()
			changes = append(changes, apiChange{Change: c, Copyright: t.Measure.Copyright})
		}
	}
	if list == nil {
		list = []measures.Response{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"responses": list, "changes": changes})
	return nil
}

func (s *Server) handleAPIMeasuresDue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rows, err := s.db.MeasuresDue(r.Context(), store.DueFilter{PersonID: id})
	if err != nil {
		return err
	}
	due := []measures.Due{}
	for _, d := range rows {
		due = append(due, d.Due)
	}
	writeJSON(w, http.StatusOK, map[string]any{"due": due})
	return nil
}

// apiAnswers is what a client posts: answers in item order (null for
// missing or "does not apply"), the date answered (default today) and, for
// GBO, the goal each answer rates.
type apiAnswers struct {
	Answers []*int  `json:"answers"`
	TakenOn string  `json:"taken_on"`
	GoalIDs []int64 `json:"goal_ids"`
}

func (s *Server) handleAPIMeasureRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := measureFor(r)
	if err != nil {
		return err
	}
	var in apiAnswers
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		if errors.Is(err, io.EOF) {
			err = errors.New("empty body")
		}
		return &statusError{status: http.StatusBadRequest, message: "The request body must be JSON like {\"answers\": [1, 0, null], \"taken_on\": \"2026-03-02\"}: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	// The date is read as the form reads it, with the same message.
	f := form.Read(url.Values{"taken_on": {in.TakenOn}})
	at := takenAt(f.Date("taken_on", takenOnMessage), s.db.Now())
	if err := f.Err(); err != nil {
		return err
	}
	if m.ID == "GBO" && in.GoalIDs == nil {
		in.GoalIDs = make([]int64, len(in.Answers))
	}
	resp := measures.Response{PersonID: id, MeasureID: m.ID, TakenAt: at, Answers: in.Answers, GoalIDs: in.GoalIDs}
	task, err := s.db.RecordMeasure(r.Context(), actor(r), &resp)
	if err != nil {
		return err
	}
	out := map[string]any{"response": resp, "risk_check_task": task != nil}
	if m.Copyright != "" {
		out["copyright"] = m.Copyright
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}
