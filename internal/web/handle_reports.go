package web

import (
	"net/http"
	"sort"

	"throughline/internal/care"
	"throughline/internal/disclosure"
	"throughline/internal/store"
)

// overviewData is aggregate only: counts disclosed through
// internal/disclosure, no names, no record links. Commissioners see
// nothing else.
type overviewData struct {
	ReferralStatuses []care.ReferralStatus
	ReferralTiers    []tierRow
	PeopleByArea     []countRow
	ActiveEpisodes   []countRow
	// Tables are what the rows were disclosed from, for the differencing
	// check.
	Tables []*disclosure.Table
	Stored aggregateState // how fresh the stored figures are (stored_aggregates.go)
}

type tierRow struct {
	Tier   string
	Counts []disclosure.Count
	Total  disclosure.Count
}

// countRow is one disclosed grouped count.
type countRow struct {
	Row, Col string
	N        disclosure.Count
}

// overview reads the stored figures (stored aggregates: computed in the
// background) and discloses them.
func (s *Server) overview(r *http.Request) (*overviewData, error) {
	d := &overviewData{ReferralStatuses: care.ReferralStatuses}
	var f overviewFigures
	st, err := s.storedFigures(r.Context(), reportOverview, overviewParams, &f)
	if err != nil {
		return nil, err
	}
	d.Stored = st
	// The commissioner's home page shows the overview too: the check goes
	// to the overview, whose answer reloads whichever page asked.
	d.Stored.RefreshURL, d.Stored.PageURL, d.Stored.PollURL = "/reports/overview/refresh", r.URL.Path, "/reports/overview?poll=1"
	if !st.Ready {
		return d, nil
	}
	refs := f.Referrals
	statuses := len(care.ReferralStatuses)
	idx := map[care.ReferralStatus]int{}
	cols := make([]string, 0, statuses+1)
	for i, st := range care.ReferralStatuses {
		idx[st] = i
		cols = append(cols, st.Label())
	}
	cols = append(cols, "Total")
	byTier := map[string][]int{}
	var tiers []string
	for _, c := range refs {
		row, ok := byTier[c.Row]
		if !ok {
			row = make([]int, statuses+1)
			byTier[c.Row] = row
			tiers = append(tiers, c.Row)
		}
		if i, ok := idx[care.ReferralStatus(c.Col)]; ok {
			row[i] += c.N
		}
		row[statuses] += c.N
	}
	sort.Strings(tiers)
	counts := make([][]int, len(tiers))
	for i, tier := range tiers {
		counts[i] = byTier[tier]
	}
	t := disclosure.NewTable("Referrals by service tier and stage", tiers, cols, counts)
	t.RowSums(statuses, seq(statuses)...)
	t.Protect()
	for i, tier := range tiers {
		d.ReferralTiers = append(d.ReferralTiers, tierRow{Tier: tier, Counts: t.Row(i)[:statuses], Total: t.Cells[i][statuses]})
	}
	d.Tables = append(d.Tables, t)
	for _, q := range []struct {
		name, title string
		counts      []store.Count
		into        *[]countRow
	}{{"people-by-locality", "People known, by locality", f.People, &d.PeopleByArea}, {"episodes-by-team-modality", "Active episodes by team and modality", f.Episodes, &d.ActiveEpisodes}} {
		rows, t := disclosedCounts(q.title, q.counts)
		*q.into = rows
		d.Tables = append(d.Tables, t)
	}
	return d, nil
}

// disclosedCounts discloses grouped counts that add up to nothing shown.
func disclosedCounts(title string, cs []store.Count) ([]countRow, *disclosure.Table) {
	names := make([]string, len(cs))
	counts := make([][]int, len(cs))
	for i, c := range cs {
		names[i], counts[i] = c.Row+" "+c.Col, []int{c.N}
	}
	t := disclosure.NewTable(title, names, []string{"count"}, counts)
	rows := make([]countRow, len(cs))
	for i, c := range cs {
		rows[i] = countRow{Row: c.Row, Col: c.Col, N: t.Cells[i][0]}
	}
	return rows, t
}

// seq is 0 to n-1: the parts of a sum over the first n columns.
func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) error {
	d, err := s.overview(r)
	if err != nil {
		return err
	}
	if pollAggregate(w, r, d.Stored) {
		return nil
	}
	s.render(w, r, http.StatusOK, "overview", view{Title: "Service overview", D: d})
	return nil
}
