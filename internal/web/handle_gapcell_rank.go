package web

import (
	"context"
	"fmt"

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

// The ranking counts the people who fell through in the last twelve
// months, Throughline's own and imported, by the profile that left them:
// half a second of reading at scale 75, so the counts are a stored
// aggregate (computed in the background, refreshed every five minutes,
// read by every process). Like the gap over time, the set names the
// directory's version, so a change to the rules is a new set.
const reportFellThrough = "fell-through"

// fellThroughFigures are the last year's fell-through people by profile,
// before disclosure: only the profiles in the rules gap of the directory
// the set names, the only ones a suggestion can close (at scale 75, all
// of them made 2 MB to read back on every view of a cell).
type fellThroughFigures struct {
	Profiles map[string]int
}

// fellThroughMonths is how far back the ranking counts.
const fellThroughMonths = 12

func (s *Server) fellThroughParams(ctx context.Context) (string, error) {
	return s.rulesParams(ctx, fellThroughMonths)
}

func (s *Server) computeFellThrough(ctx context.Context, _ string) (any, string, error) {
	in, asOf, err := s.lastYearJourneys(ctx)
	if err != nil {
		return nil, "", err
	}
	svcs, err := s.db.Services(ctx)
	if err != nil {
		return nil, "", err
	}
	fell := scenario.FellThrough(in, svcs, asOf)
	f := fellThroughFigures{Profiles: scenario.InRulesGap(fell, svcs)}
	people, inGap := 0, 0
	for _, n := range fell {
		people += n
	}
	for _, n := range f.Profiles {
		inGap += n
	}
	return f, fmt.Sprintf("%d people who fell through, %d of them in the rules gap, of %d referral journeys", people, inGap, len(in.Referrals)), nil
}

// rankedChanges ranks the one-change suggestions for p by the people who
// fell through in the last year whom each would have given somewhere to
// go, so the cell shows first the change that would have helped the most
// real people. Purpose rules are already left out by the engine. The
// state says how fresh the counts are; nothing is ranked until they are
// ready.
func (s *Server) rankedChanges(ctx context.Context, services []directory.Service, misses []directory.NearMiss, p directory.Profile) ([]rankedChange, aggregateState, error) {
	var st aggregateState
	params, err := s.fellThroughParams(ctx)
	if err != nil {
		return nil, st, err
	}
	var f fellThroughFigures
	if st, err = s.storedFigures(ctx, reportFellThrough, params, &f); err != nil || !st.Ready {
		return nil, st, err
	}
	ranked, err := scenario.RankFellThrough(f.Profiles, services, misses, p)
	if err != nil {
		return nil, st, err
	}
	out := make([]rankedChange, len(ranked))
	for i, r := range ranked {
		out[i] = rankedChange{Service: r.Miss.Service.Name, Change: r.Miss.Change, Closed: disclosure.NewCount(r.Closed),
			ServiceID: r.Miss.Service.ID, Dimension: r.Miss.Dimension}
	}
	return out, st, nil
}
