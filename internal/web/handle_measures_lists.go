package web

import (
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/disclosure"
	"throughline/internal/measures"
	"throughline/internal/store"
)

// handleMeasuresDue is a worker's list: measures due for the people they
// hold as named worker or assessed recently.
func (s *Server) handleMeasuresDue(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	rows, err := s.db.MeasuresDue(r.Context(), store.DueFilter{WorkerID: u.ID})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "measures_due", view{Title: "Measures due", D: rows})
	return nil
}

// outcomeRow holds only disclosed values: the true counts stay in the
// measures.Outcome it was made from.
type outcomeRow struct {
	Team, Modality string
	Measure        string
	PairsText      string
	Improved       string
	Recovered      string
	Deteriorated   string
	Table          *disclosure.Table
}

type outcomesData struct {
	Rows   []outcomeRow
	Rules  []string
	Scope  string
	Stored aggregateState // how fresh the stored figures are (stored_aggregates.go)
}

// handleMeasureOutcomes summarises first-to-latest change by team and
// modality: counts and shares only, disclosed through internal/disclosure,
// no names.
// Team managers see their own teams; commissioners see every team.
func (s *Server) handleMeasureOutcomes(w http.ResponseWriter, r *http.Request) error {
	d, err := s.measureOutcomes(r)
	if err != nil {
		return err
	}
	if pollAggregate(w, r, d.Stored) {
		return nil
	}
	s.render(w, r, http.StatusOK, "measures_outcomes", view{Title: "Outcomes by team and modality", D: d})
	return nil
}

func (s *Server) measureOutcomes(r *http.Request) (outcomesData, error) {
	u := currentUser(r)
	var teams []int64
	d := outcomesData{Scope: "every team"}
	if u.Role == auth.TeamManager {
		teams, d.Scope = teamIDs(u), "your teams"
	}
	for _, m := range catalogueOrder() {
		d.Rules = append(d.Rules, m.RuleInWords())
	}
	var outcomes []measures.Outcome
	var err error
	if d.Stored, err = s.storedFigures(r.Context(), reportOutcomes, teamsParams(teams), &outcomes); err != nil {
		return d, err
	}
	d.Stored.RefreshURL, d.Stored.PageURL, d.Stored.PollURL = "/measures/outcomes/refresh", r.URL.Path, r.URL.Path+"?poll=1"
	cat := measures.Catalogue()
	for _, o := range outcomes {
		m := cat[o.MeasureID]
		dc := o.Disclose()
		row := outcomeRow{Team: o.Team, Modality: o.Modality, Measure: m.Name, PairsText: dc.Pairs.String(), Table: dc.Table}
		if m.ReliableChange > 0 {
			row.Improved, row.Deteriorated = dc.Improved.Format("no pairs"), dc.Deteriorated.Format("no pairs")
		} else {
			row.Improved, row.Deteriorated = "not defined", "not defined"
		}
		row.Recovered = "no cut-off"
		if m.Cutoff > 0 {
			row.Recovered = dc.Recovered.Format("none in the clinical range at first")
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}
