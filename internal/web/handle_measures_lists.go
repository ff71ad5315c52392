package web

import (
	"net/http"
	"net/url"
	"slices"

	"throughline/internal/auth"
	"throughline/internal/disclosure"
	"throughline/internal/measures"
	"throughline/internal/store"
	"throughline/internal/web/form"
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
	// Filter narrows the rows shown to a team, a modality and a measure
	// ("" for all); the choices are those the rows have. Every team's
	// rows were once the only view: 990 rows, 202 KB at scale 75. Total
	// is how many rows there are before the filter.
	Filter                      outcomesFilter
	Teams, Modalities, Measures []form.Option
	Total                       int
}

// outcomesFilter is what the outcomes page's filter asks for.
type outcomesFilter struct{ Team, Modality, Measure string }

// matches says whether row is one the filter shows.
func (f outcomesFilter) matches(row outcomeRow) bool {
	return (f.Team == "" || f.Team == row.Team) && (f.Modality == "" || f.Modality == row.Modality) && (f.Measure == "" || f.Measure == row.Measure)
}

// distinctOptions are the distinct values of rows' field, sorted, as choices.
func distinctOptions(rows []outcomeRow, field func(outcomeRow) string, sorted bool) []form.Option {
	var vals []string
	for _, r := range rows {
		if v := field(r); !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
	}
	if sorted {
		slices.Sort(vals)
	}
	return plainOptions(vals)
}

// filterOutcomes keeps the rows f matches, having checked that each of
// its values is one the rows have.
func filterOutcomes(d *outcomesData, q url.Values) error {
	f := form.Read(q)
	d.Filter = outcomesFilter{Team: f.Text("team"), Modality: f.Text("modality"), Measure: f.Text("measure")}
	d.Teams = distinctOptions(d.Rows, func(r outcomeRow) string { return r.Team }, true)
	d.Modalities = distinctOptions(d.Rows, func(r outcomeRow) string { return r.Modality }, true)
	d.Measures = distinctOptions(d.Rows, func(r outcomeRow) string { return r.Measure }, false)
	for _, c := range []struct {
		field, value string
		options      []form.Option
	}{{"team", d.Filter.Team, d.Teams}, {"modality", d.Filter.Modality, d.Modalities}, {"measure", d.Filter.Measure, d.Measures}} {
		if c.value != "" && !slices.ContainsFunc(c.options, func(o form.Option) bool { return o.Value == c.value }) {
			f.Add(c.field, "Choose from the list, or all")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	d.Total = len(d.Rows)
	d.Rows = slices.DeleteFunc(d.Rows, func(r outcomeRow) bool { return !d.Filter.matches(r) })
	return nil
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
	// The filter is checked against the rows, so only once there are some:
	// while the figures are being prepared, the page keeps it for later.
	status := http.StatusOK
	var ferr error
	if d.Stored.Ready {
		if ferr = filterOutcomes(&d, r.URL.Query()); ferr != nil {
			status = http.StatusUnprocessableEntity
		}
	}
	s.render(w, r, status, "measures_outcomes", view{Title: "Outcomes by team and modality", D: d, Form: r.URL.Query(), Errors: errorsFrom(ferr)})
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
	// The page, when the figures are ready, keeps the filter asked for.
	d.Stored.RefreshURL, d.Stored.PageURL, d.Stored.PollURL = "/measures/outcomes/refresh", r.URL.RequestURI(), r.URL.Path+"?poll=1"
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
