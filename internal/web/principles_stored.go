package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/indicators"
	"throughline/internal/staff"
	"throughline/internal/store"
)

const reportPrinciples = "principles"

// principlesFigures are the principles page's raw figures for one scope
// and period, as the store reads them: stored as they are, disclosed when
// the page renders.
type principlesFigures struct {
	Teams      []string // the CEN teams in scope, by name
	Indicators indicators.Figures
	Feedback   []care.FFTScore
	Staff      store.StaffSupportFacts
	Available  indicators.AvailableFigures
	Complexity indicators.ComplexityFigures
	Changes    map[care.EpisodeEventKind]int
}

// principlesParams is the canonical text of one selection: the period's
// UK days and the teams (all of the CEN specialist service, or a team
// manager's own, by id).
func principlesParams(p indicators.Period, teams []int64) string {
	return url.Values{"from": {p.From.Format(time.DateOnly)}, "to": {p.To.Format(time.DateOnly)}, "teams": {teamsText(teams)}}.Encode()
}

func parsePrinciplesParams(params string) (indicators.Period, []int64, error) {
	var p indicators.Period
	q, err := url.ParseQuery(params)
	if err != nil {
		return p, nil, err
	}
	day := func(s string) (time.Time, error) {
		d, err := time.Parse(time.DateOnly, s)
		return ukDate(d), err
	}
	if p.From, err = day(q.Get("from")); err != nil {
		return p, nil, err
	}
	if p.To, err = day(q.Get("to")); err != nil {
		return p, nil, err
	}
	teams, err := parseTeamsText(q.Get("teams"))
	return p, teams, err
}

// principlesTeams is whose teams a user reports on: a team manager their
// own, anyone else the whole CEN specialist service (nil).
func principlesTeams(u *auth.User) ([]int64, string) {
	if u.Role == auth.TeamManager {
		return teamIDs(u), "your CEN teams"
	}
	return nil, "the whole CEN specialist service"
}

// principlesDefaults are the views kept ready from start-up: the last
// twelve months for the whole service, the commissioners' view. A team
// manager's view is computed when first asked for and kept fresh while
// it is read: at region scale each costs as much as the whole service
// (most of what is read is the service's referrals), so a hundred teams'
// views computed in advance would keep a core busy for no one.
func (s *Server) principlesDefaults(_ context.Context, now time.Time) ([]string, error) {
	p, _, _, err := principlesPeriod(url.Values{}, now)
	if err != nil {
		return nil, err
	}
	return []string{principlesParams(p, nil)}, nil
}

// computePrinciples reads one selection's raw figures.
func (s *Server) computePrinciples(ctx context.Context, params string) (any, string, error) {
	p, teams, err := parsePrinciplesParams(params)
	if err != nil {
		return nil, "", err
	}
	f, err := s.readPrinciples(ctx, teams, p)
	if err != nil {
		return nil, "", err
	}
	n := f.Indicators
	source := fmt.Sprintf("%d referrals received in the period, %d people with an active episode, %d waiting for assessment", n.Dimensions[0].All.Referrals, n.InCare, n.Waiting)
	return f, source, nil
}

func (s *Server) readPrinciples(ctx context.Context, teams []int64, p indicators.Period) (principlesFigures, error) {
	var f principlesFigures
	sc, err := s.db.CENScope(ctx, teams)
	if err != nil {
		return f, err
	}
	ids := make([]int64, 0, len(sc.Teams))
	for _, t := range sc.Teams {
		f.Teams, ids = append(f.Teams, t.Name), append(ids, t.ID)
	}
	facts, err := s.db.IndicatorFacts(ctx, sc, p)
	if err != nil {
		return f, err
	}
	f.Indicators = indicators.Summarise(facts)
	if f.Feedback, err = s.db.FeedbackScores(ctx, ids, p.From, p.To.AddDate(0, 0, 1)); err != nil { // carers branch: feedback scores
		return f, err
	}
	if f.Staff, err = s.db.StaffSupportFacts(ctx, ids, staff.Today(s.db.Now())); err != nil { // staff branch
		return f, err
	}
	// language: available long term and in crisis, from its own one-pass read.
	active, err := s.db.ActiveEpisodeFacts(ctx, sc)
	if err != nil {
		return f, err
	}
	f.Available = indicators.SummariseAvailable(active, facts.Now)
	plans, err := s.db.PlanNeedsFacts(ctx, sc)
	if err != nil {
		return f, err
	}
	f.Complexity = indicators.SummariseComplexity(plans)
	f.Changes, err = s.db.EpisodeChangeFacts(ctx, sc, p)
	return f, err
}

// handlePrinciplesRefresh queues the selection to be computed again as
// soon as a process is free, and goes back to the page, which says so.
func (s *Server) handlePrinciplesRefresh(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	q := url.Values{"from": {r.PostForm.Get("from")}, "to": {r.PostForm.Get("to")}}
	p, from, to, err := principlesPeriod(q, s.db.Now())
	if err != nil {
		return err
	}
	teams, _ := principlesTeams(currentUser(r))
	return s.queueRefresh(w, r, reportPrinciples, principlesParams(p, teams), "/reports/principles?"+url.Values{"from": {from}, "to": {to}}.Encode())
}
