package web

import (
	"context"
	"fmt"
	"net/http"

	"throughline/internal/journey"
	"throughline/internal/store"
)

type journeyImportsData struct {
	Batches []store.JourneyBatch
	Pager   pager
}

func (s *Server) handleJourneyImports(w http.ResponseWriter, r *http.Request) error {
	page, err := pageParam(r, "page")
	if err != nil {
		return err
	}
	list, err := s.db.JourneyBatches(r.Context(), page)
	if err != nil {
		return err
	}
	p, err := newPager(r, "page", list)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "journey_imports", view{Title: "Journeys from other services", D: journeyImportsData{Batches: list.Rows, Pager: p}})
	return nil
}

func (s *Server) handleJourneyImportRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.RemoveJourneyBatch(r.Context(), actor(r), id); err != nil {
		return err
	}
	s.setFlash(w, fmt.Sprintf("Batch %d removed. Its journeys are no longer counted.", id))
	return seeOther("/gaps/journeys/imports")
}

// withImportedJourneys adds every imported batch's journeys to in, which
// the analysis then filters by period and locality as it does its own,
// and names their sources for the page.
func (s *Server) withImportedJourneys(ctx context.Context, in *journey.Compact) ([]string, error) {
	refs, _, err := s.db.ImportedJourneys(ctx)
	if err != nil {
		return nil, err
	}
	in.Append(refs)
	if len(refs) == 0 {
		return nil, nil
	}
	return s.db.JourneySources(ctx)
}
