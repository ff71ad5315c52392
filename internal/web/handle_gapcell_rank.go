package web

import (
	"context"

	"throughline/internal/directory"
	"throughline/internal/disclosure"
	"throughline/internal/scenario"
)

// rankedChange is one threshold relaxation on the gap cell page and the
// people who fell through in the last year that it would have closed.
type rankedChange struct {
	Service, Change string
	Closed          disclosure.Count
	// ServiceID and Dimension let the page draft a scenario holding this
	// change (scenarios).
	ServiceID, Dimension string
}

// rankedChanges replays the last twelve months of journeys, Throughline's
// own and imported, once per one-change suggestion for p, so the cell
// shows first the change that would have helped the most real people.
// Purpose rules are already left out by the engine.
func (s *Server) rankedChanges(ctx context.Context, services []directory.Service, misses []directory.NearMiss, p directory.Profile) ([]rankedChange, error) {
	var ones []directory.NearMiss
	for _, m := range misses {
		if m.Change != "" {
			ones = append(ones, m)
		}
	}
	if len(ones) == 0 {
		return nil, nil
	}
	in, asOf, err := s.lastYearJourneys(ctx)
	if err != nil {
		return nil, err
	}
	ranked, err := scenario.Rank(in, services, ones, p, asOf)
	if err != nil {
		return nil, err
	}
	out := make([]rankedChange, len(ranked))
	for i, r := range ranked {
		out[i] = rankedChange{Service: r.Miss.Service.Name, Change: r.Miss.Change, Closed: disclosure.NewCount(r.Closed),
			ServiceID: r.Miss.Service.ID, Dimension: r.Miss.Dimension}
	}
	return out, nil
}
