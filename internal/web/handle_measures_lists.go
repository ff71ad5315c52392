package web

import (
	"net/http"

	"throughline/internal/auth"
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

type outcomeRow struct {
	measures.Outcome
	Measure      string
	PairsText    string
	Improved     string
	Recovered    string
	Deteriorated string
}

type outcomesData struct {
	Rows  []outcomeRow
	Rules []string
	Scope string
}

// handleMeasureOutcomes summarises first-to-latest change by team and
// modality: counts and shares only, small numbers suppressed, no names.
// Team managers see their own teams; commissioners see every team.
func (s *Server) handleMeasureOutcomes(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	var teams []int64
	d := outcomesData{Scope: "every team"}
	if u.Role == auth.TeamManager {
		teams, d.Scope = teamIDs(u), "your teams"
	}
	pairs, err := s.db.MeasurePairs(r.Context(), teams)
	if err != nil {
		return err
	}
	cat := measures.Catalogue()
	for _, o := range measures.Summarise(pairs) {
		m := cat[o.MeasureID]
		row := outcomeRow{Outcome: o, Measure: m.Name, PairsText: suppressSmall(o.Pairs)}
		if m.ReliableChange > 0 {
			row.Improved, row.Deteriorated = measures.Share(o.Improved, o.Pairs), measures.Share(o.Deteriorated, o.Pairs)
		} else {
			row.Improved, row.Deteriorated = "not defined", "not defined"
		}
		row.Recovered = "no cut-off"
		if m.Cutoff > 0 {
			row.Recovered = measures.Share(o.Recovered, o.CasesAtFirst)
		}
		if o.Pairs < measures.SmallNumber {
			row.Improved, row.Deteriorated, row.Recovered = "fewer than 5", "fewer than 5", "fewer than 5"
		}
		d.Rows = append(d.Rows, row)
	}
	for _, m := range catalogueOrder() {
		d.Rules = append(d.Rules, m.RuleInWords())
	}
	s.render(w, r, http.StatusOK, "measures_outcomes", view{Title: "Outcomes by team and modality", D: d})
	return nil
}
