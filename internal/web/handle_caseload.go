package web

import (
	"net/http"
	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

type caseloadTeam struct {
	ID       int64
	Name     string
	Workers  []store.WeightedCaseload
	Active   int
	Weighted int
}

type caseloadData struct {
	Teams []caseloadTeam
	// Mine is a page of the user's own caseload, MinePager its links.
	Mine        store.Paged[store.EpisodeRow]
	MinePager   pager
	Intensities []care.Intensity
}

// handleCaseload shows the active episodes per named worker in the user's
// teams, by intensity and weighted, and the user's own caseload a page
// at a time.
func (s *Server) handleCaseload(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	ctx := r.Context()
	loads, err := s.db.WeightedCaseloads(ctx, u.TeamIDs)
	if err != nil {
		return err
	}
	d := caseloadData{Intensities: care.Intensities}
	for _, l := range loads {
		if k := len(d.Teams) - 1; k < 0 || d.Teams[k].ID != l.TeamID {
			d.Teams = append(d.Teams, caseloadTeam{ID: l.TeamID, Name: l.TeamName})
		}
		t := &d.Teams[len(d.Teams)-1]
		t.Workers = append(t.Workers, l)
		t.Active += l.Active
		t.Weighted += l.Weighted
	}
	if u.Role != auth.TeamManager {
		page, err := pageParam(r, "page")
		if err != nil {
			return err
		}
		if d.Mine, err = s.db.EpisodesPage(ctx, store.EpisodeFilter{WorkerID: u.ID, ActiveOnly: true}, page); err != nil {
			return err
		}
		if d.MinePager, err = newPager(r, "page", d.Mine); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "caseload", view{Title: "Caseloads", D: d})
	return nil
}
