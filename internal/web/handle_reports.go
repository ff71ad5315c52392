package web

import (
	"net/http"
	"sort"

	"throughline/internal/care"
	"throughline/internal/store"
)

// overviewData is aggregate only: counts with small numbers suppressed, no
// names, no record links. Commissioners see nothing else.
type overviewData struct {
	ReferralStatuses []care.ReferralStatus
	ReferralTiers    []tierRow
	PeopleByArea     []store.Count
	ActiveEpisodes   []store.Count
}

type tierRow struct {
	Tier   string
	Counts []int
	Total  int
}

func (s *Server) overview(r *http.Request) (*overviewData, error) {
	ctx := r.Context()
	refs, err := s.db.Aggregate(ctx, "referrals-by-tier-status")
	if err != nil {
		return nil, err
	}
	d := &overviewData{ReferralStatuses: care.ReferralStatuses}
	idx := map[care.ReferralStatus]int{}
	for i, st := range care.ReferralStatuses {
		idx[st] = i
	}
	byTier := map[string]*tierRow{}
	for _, c := range refs {
		row, ok := byTier[c.Row]
		if !ok {
			row = &tierRow{Tier: c.Row, Counts: make([]int, len(care.ReferralStatuses))}
			byTier[c.Row] = row
		}
		if i, ok := idx[care.ReferralStatus(c.Col)]; ok {
			row.Counts[i] += c.N
		}
		row.Total += c.N
	}
	for _, row := range byTier {
		d.ReferralTiers = append(d.ReferralTiers, *row)
	}
	sort.Slice(d.ReferralTiers, func(i, j int) bool { return d.ReferralTiers[i].Tier < d.ReferralTiers[j].Tier })
	if d.PeopleByArea, err = s.db.Aggregate(ctx, "people-by-locality"); err != nil {
		return nil, err
	}
	if d.ActiveEpisodes, err = s.db.Aggregate(ctx, "episodes-by-team-modality"); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) error {
	d, err := s.overview(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "overview", view{Title: "Service overview", D: d})
	return nil
}
