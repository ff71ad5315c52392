package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// The measures API is for the person's portal (and any client acting for a
// signed-in user): the same guard, policies and audit as the pages, JSON in
// and out. A POST needs the session's CSRF token in the X-CSRF-Token header.
// Errors are {"error": message, "fields": {field: message}}.

type apiError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

func (s *Server) writeJSONProblem(w http.ResponseWriter, r *http.Request, err error) {
	status := statusFor(err)
	msg := problem.Message(err)
	if status == http.StatusInternalServerError {
		s.log.Error("api request failed", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, apiError{Error: msg, Fields: problem.Fields(err)})
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

func (s *Server) handleAPIMeasure(w http.ResponseWriter, r *http.Request) {
	m, err := measureFor(r)
	if err != nil {
		s.writeJSONProblem(w, r, err)
		return
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
}

type apiChange struct {
	measures.Change
	Copyright string `json:"copyright,omitempty"`
}

func (s *Server) handleAPIPersonMeasures(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	list, err := s.db.MeasureResponses(r.Context(), actor(r), id)
	if err != nil {
		s.writeJSONProblem(w, r, err)
		return
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
}

func (s *Server) handleAPIMeasuresDue(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	rows, err := s.db.MeasuresDue(r.Context(), store.DueFilter{PersonID: id})
	if err != nil {
		s.writeJSONProblem(w, r, err)
		return
	}
	due := []measures.Due{}
	for _, d := range rows {
		due = append(due, d.Due)
	}
	writeJSON(w, http.StatusOK, map[string]any{"due": due})
}

// apiAnswers is what a client posts: answers in item order (null for
// missing or "does not apply"), the date answered (default today) and, for
// GBO, the goal each answer rates.
type apiAnswers struct {
	Answers []*int  `json:"answers"`
	TakenOn string  `json:"taken_on"`
	GoalIDs []int64 `json:"goal_ids"`
}

func (s *Server) handleAPIMeasureRecord(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	m, err := measureFor(r)
	if err != nil {
		s.writeJSONProblem(w, r, err)
		return
	}
	var in apiAnswers
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.writeJSONProblem(w, r, err)
			return
		}
		if errors.Is(err, io.EOF) {
			err = errors.New("empty body")
		}
		writeJSON(w, http.StatusBadRequest, apiError{Error: "The request body must be JSON like {\"answers\": [1, 0, null], \"taken_on\": \"2026-03-02\"}: " + strings.TrimPrefix(err.Error(), "json: ")})
		return
	}
	at, err := takenOn(in.TakenOn, s.db.Now())
	if err != nil {
		s.writeJSONProblem(w, r, err)
		return
	}
	if m.ID == "GBO" && in.GoalIDs == nil {
		in.GoalIDs = make([]int64, len(in.Answers))
	}
	resp := measures.Response{PersonID: id, MeasureID: m.ID, TakenAt: at, Answers: in.Answers, GoalIDs: in.GoalIDs}
	task, err := s.db.RecordMeasure(r.Context(), actor(r), &resp)
	if err != nil {
		s.writeJSONProblem(w, r, err)
		return
	}
	out := map[string]any{"response": resp, "risk_check_task": task != nil}
	if m.Copyright != "" {
		out["copyright"] = m.Copyright
	}
	writeJSON(w, http.StatusCreated, out)
}
