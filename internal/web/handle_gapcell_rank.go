package web

import (
	"context"
	"time"

	"throughline/internal/directory"
	"throughline/internal/disclosure"
	"throughline/internal/scenario"
)

// rankedChange is one threshold relaxation on the gap cell page and the
// people who fell through in the last year that it would have closed.
type rankedChange struct {
	Service, Change string
	Closed          disclosure.Count
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
	now := s.db.Now()
	c, err := s.db.JourneyData(ctx, now.AddDate(-1, 0, 0), now, "")
	if err != nil {
		return nil, err
	}
	if _, err := s.withImportedJourneys(ctx, &c); err != nil {
		return nil, err
	}
	ranked, err := scenario.Rank(c.Input(), services, ones, p, now.Add(-time.Second))
	if err != nil {
		return nil, err
	}
	out := make([]rankedChange, len(ranked))
	for i, r := range ranked {
		out[i] = rankedChange{Service: r.Miss.Service.Name, Change: r.Miss.Change, Closed: disclosure.NewCount(r.Closed)}
	}
	return out, nil
}
