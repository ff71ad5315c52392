package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/measures"
	"throughline/internal/store"
)

// The service overview and the measure outcomes read every referral,
// person, episode and pair of scores in the region: at region scale
// seconds a page (and the overview is a commissioner's home page), so
// their raw figures are stored like the principles page's.
const (
	reportOverview = "overview"
	reportOutcomes = "outcomes"
	overviewParams = "all" // the overview has one view, the whole region
)

// overviewFigures are the overview's grouped counts before disclosure.
type overviewFigures struct {
	Referrals, People, Episodes []store.Count
}

func (s *Server) computeOverview(ctx context.Context, _ string) (any, string, error) {
	var f overviewFigures
	var err error
	for _, q := range []struct {
		name string
		into *[]store.Count
	}{{"referrals-by-tier-status", &f.Referrals}, {"people-by-locality", &f.People}, {"episodes-by-team-modality", &f.Episodes}} {
		if *q.into, err = s.db.Aggregate(ctx, q.name); err != nil {
			return nil, "", err
		}
	}
	referrals, people := 0, 0
	for _, c := range f.Referrals {
		referrals += c.N
	}
	for _, c := range f.People {
		people += c.N
	}
	return f, fmt.Sprintf("%d referrals of %d people", referrals, people), nil
}

func (s *Server) computeOutcomes(ctx context.Context, params string) (any, string, error) {
	teams, err := parseTeamsParams(params)
	if err != nil {
		return nil, "", err
	}
	pairs, err := s.db.MeasurePairs(ctx, teams)
	if err != nil {
		return nil, "", err
	}
	return measures.Summarise(pairs), fmt.Sprintf("%d pairs of first and latest scores", len(pairs)), nil
}

func oneView(params ...string) func(context.Context, time.Time) ([]string, error) {
	return func(context.Context, time.Time) ([]string, error) { return params, nil }
}

// teamsParams is the canonical text of a selection by teams: all of them
// (nil), or a team manager's own by id.
func teamsParams(teams []int64) string {
	return url.Values{"teams": {teamsText(teams)}}.Encode()
}

func teamsText(teams []int64) string {
	if teams == nil {
		return "all"
	}
	ids := slices.Sorted(slices.Values(teams))
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func parseTeamsParams(params string) ([]int64, error) {
	q, err := url.ParseQuery(params)
	if err != nil {
		return nil, err
	}
	return parseTeamsText(q.Get("teams"))
}

func parseTeamsText(text string) ([]int64, error) {
	if text == "all" {
		return nil, nil
	}
	teams := []int64{}
	for _, s := range strings.Split(text, ",") {
		if s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("team %q: %w", s, err)
		}
		teams = append(teams, id)
	}
	return teams, nil
}

// handleOverviewRefresh and handleOutcomesRefresh queue a refresh of the
// page's one view for the signed-in user, and go back to it.
func (s *Server) handleOverviewRefresh(w http.ResponseWriter, r *http.Request) error {
	return s.queueRefresh(w, r, reportOverview, overviewParams, "/reports/overview")
}

func (s *Server) handleOutcomesRefresh(w http.ResponseWriter, r *http.Request) error {
	var teams []int64
	if u := currentUser(r); u.Role == auth.TeamManager {
		teams = teamIDs(u)
	}
	return s.queueRefresh(w, r, reportOutcomes, teamsParams(teams), "/measures/outcomes")
}

// queueRefresh queues a refresh of one set of stored figures and wakes
// this process's worker; the page it goes back to says when they are new.
// Handlers that read the form to choose params have parsed it already,
// which parseForm leaves as it is.
func (s *Server) queueRefresh(w http.ResponseWriter, r *http.Request, report, params, back string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.db.RefreshAggregate(r.Context(), report, params, s.db.Now()); err != nil {
		return err
	}
	s.agg.nudge()
	s.setFlash(w, "The figures will be refreshed in the next few minutes.")
	return seeOther(back)
}
