package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"throughline/internal/directory"
	"throughline/internal/journey"
	"throughline/internal/problem"
	"throughline/internal/scenario"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

func scenarioURL(id int64) string { return fmt.Sprintf("/gaps/scenarios/%d", id) }

// lastYearJourneys are the journeys a replay counts: the last twelve
// months of Throughline's own referrals and every imported batch, judged
// as of a second ago so that today's windows are still open.
func (s *Server) lastYearJourneys(ctx context.Context) (journey.Input, time.Time, error) {
	now := s.db.Now()
	c, err := s.db.JourneyData(ctx, now.AddDate(-1, 0, 0), now, "")
	if err != nil {
		return journey.Input{}, now, err
	}
	if _, err := s.withImportedJourneys(ctx, &c); err != nil {
		return journey.Input{}, now, err
	}
	return c.Input(), now.Add(-time.Second), nil
}

// scenarioChangesJSON is the scenario as stored.
func scenarioChangesJSON(sc scenario.Scenario) (string, error) {
	b, err := sc.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("encode scenario: %w", err)
	}
	return string(b), nil
}

func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) error {
	page, err := pageParam(r, "page")
	if err != nil {
		return err
	}
	list, err := s.db.ScenariosPage(r.Context(), page)
	if err != nil {
		return err
	}
	p, err := newPager(r, "page", list)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "scenarios", view{Title: "Scenarios", D: scenariosData{Scenarios: list.Rows, Pager: p}})
	return nil
}

type scenariosData struct {
	Scenarios []store.SavedScenario
	Pager     pager
}

// handleScenarioCreate starts an empty scenario with the title given.
func (s *Server) handleScenarioCreate(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	sc := store.SavedScenario{Title: f.Text("title"), Changes: `{"changes":[]}`}
	if err := s.db.CreateScenario(r.Context(), actor(r), &sc); err != nil {
		return err
	}
	s.setFlash(w, "Scenario saved. Change services' rules below to see who it would help.")
	return seeOther(scenarioURL(sc.ID))
}

// handleScenarioFromCell drafts a scenario holding one of a gap cell's
// one-change suggestions: the same threshold relaxation the cell page
// ranked, worked out again here from the directory as it is now.
func (s *Server) handleScenarioFromCell(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := form.Read(r.PostForm)
	p, err := directory.ParseProfile(f.Text("profile"), directory.DefaultProfile())
	if err == nil && len(p.Missing()) > 0 {
		err = problem.Errorf(problem.Invalid, "The profile is incomplete")
	}
	if err != nil {
		return problem.Errorf(problem.Invalid, "%s", problem.Message(err))
	}
	svcs, err := s.db.Services(ctx)
	if err != nil {
		return err
	}
	misses, err := directory.NewEngine(svcs).OneChange(p)
	if err != nil {
		return problem.Errorf(problem.Invalid, "%s", problem.Message(err))
	}
	i := slices.IndexFunc(misses, func(m directory.NearMiss) bool {
		return m.Service.ID == f.Text("service") && m.Dimension == f.Text("dimension")
	})
	if i < 0 {
		return problem.Errorf(problem.Conflict, "That change no longer closes the gap for this profile: the directory may have changed. Go back to the gap map and look again.")
	}
	m := misses[i]
	c := scenario.ChangeFor(m.Service, p, m.Dimension)
	changes, err := scenarioChangesJSON(scenario.Scenario{Changes: []scenario.Change{c}})
	if err != nil {
		return err
	}
	sc := store.SavedScenario{Title: m.Service.Name + ": " + m.Change, Changes: changes, BasedOn: map[string]int{m.Service.ID: m.Service.Version}}
	if err := s.db.CreateScenario(ctx, actor(r), &sc); err != nil {
		return err
	}
	s.setFlash(w, "Scenario drafted from the gap map. It changes nothing until a team manager makes it live.")
	return seeOther(scenarioURL(sc.ID))
}

// loadScenario reads a saved scenario and parses its changes against the
// directory as it is now.
func (s *Server) loadScenario(r *http.Request) (store.SavedScenario, scenario.Scenario, []directory.Service, error) {
	id, err := pathID(r)
	if err != nil {
		return store.SavedScenario{}, scenario.Scenario{}, nil, err
	}
	saved, err := s.db.Scenario(r.Context(), id)
	if err != nil {
		return saved, scenario.Scenario{}, nil, err
	}
	svcs, err := s.db.Services(r.Context())
	if err != nil {
		return saved, scenario.Scenario{}, nil, err
	}
	sc, err := scenario.Parse([]byte(saved.Changes), svcs)
	if err != nil && !saved.Live() {
		return saved, sc, svcs, err
	}
	return saved, sc, svcs, nil
}

func (s *Server) handleScenarioTitle(w http.ResponseWriter, r *http.Request) error {
	saved, _, _, err := s.loadScenario(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	saved.Title, saved.Version = f.Text("title"), f.Version()
	if err := f.Err(); err != nil {
		return err
	}
	if err := s.db.SaveScenario(r.Context(), &saved); err != nil {
		return err
	}
	s.setFlash(w, "Scenario saved.")
	return seeOther(scenarioURL(saved.ID))
}

// handleScenarioRules replaces the scenario's change to one service with
// the rules on its form: what differs from the directory now is the
// change; the same rules as now (or "remove") drop it.
func (s *Server) handleScenarioRules(w http.ResponseWriter, r *http.Request) error {
	err := s.saveScenarioRules(w, r)
	if problem.Code(err) == problem.Invalid {
		return s.renderScenario(w, r, http.StatusUnprocessableEntity, errorsFrom(err), r.PostForm)
	}
	return err
}

func (s *Server) saveScenarioRules(w http.ResponseWriter, r *http.Request) error {
	saved, sc, svcs, err := s.loadScenario(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	id := f.Text("service")
	i := slices.IndexFunc(svcs, func(sv directory.Service) bool { return sv.ID == id })
	if i < 0 {
		return problem.Errorf(problem.Invalid, "Choose a service from the list")
	}
	now := svcs[i]
	edited := now
	if f.Text("remove") == "" {
		edited.Eligibility = map[string][]string{}
		for _, dim := range directory.DimensionOrder {
			allowed, ok := directory.Dimensions[dim]
			if !ok {
				continue
			}
			chosen := f.List("elig_" + dim)
			for _, v := range chosen {
				if !slices.Contains(allowed, v) {
					f.Add("elig_"+dim, fmt.Sprintf("%s is not a value of %s", v, dimLabel(dim)))
				}
			}
			if len(chosen) > 0 && len(chosen) < len(allowed) {
				edited.Eligibility[dim] = orderedLike(allowed, chosen)
			}
		}
		edited.MinAge = f.OptionalInt("min_age", "Enter the minimum age as a whole number, or leave it blank for no minimum")
		edited.MaxAge = f.OptionalInt("max_age", "Enter the maximum age as a whole number, or leave it blank for no maximum")
		edited.Localities = f.List("localities")
		edited.Tier = f.Text("tier")
		if err := f.Err(); err != nil {
			return err
		}
		if err := edited.Validate(); err != nil {
			return err
		}
	}
	next := sc.With(scenario.Diff(now, edited))
	changes, err := scenarioChangesJSON(next)
	if err != nil {
		return err
	}
	if _, err := scenario.Parse([]byte(changes), svcs); err != nil {
		return err
	}
	saved.Changes, saved.Version = changes, version
	if saved.BasedOn == nil {
		saved.BasedOn = map[string]int{}
	}
	saved.BasedOn[id] = now.Version
	if err := s.db.SaveScenario(r.Context(), &saved); err != nil {
		return err
	}
	s.setFlash(w, "Scenario saved with the new rules for "+now.Name+".")
	return seeOther(scenarioURL(saved.ID))
}

// orderedLike keeps chosen in the order of the dimension's values, so the
// same rule always reads the same.
func orderedLike(allowed, chosen []string) []string {
	var out []string
	for _, v := range allowed {
		if slices.Contains(chosen, v) {
			out = append(out, v)
		}
	}
	return out
}

// handleScenarioLive makes the scenario's rules the directory's, through
// the directory's own history and audit, and records who did it.
func (s *Server) handleScenarioLive(w http.ResponseWriter, r *http.Request) error {
	saved, sc, svcs, err := s.loadScenario(r)
	if err != nil {
		return err
	}
	if saved.Live() {
		return problem.Errorf(problem.Conflict, "This scenario is already live.")
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	if err := f.Err(); err != nil {
		return err
	}
	if len(sc.Changes) == 0 {
		return problem.Errorf(problem.Invalid, "This scenario changes no rules, so there is nothing to make live.")
	}
	applied, err := sc.Apply(svcs)
	if err != nil {
		return err
	}
	var changed []directory.Service
	for _, c := range sc.Changes {
		i := slices.IndexFunc(applied, func(sv directory.Service) bool { return sv.ID == c.Service })
		changed = append(changed, applied[i])
	}
	if err := s.db.MakeScenarioLive(r.Context(), actor(r), saved.ID, version, changed); err != nil {
		return err
	}
	s.setFlash(w, "The scenario is live: the directory's rules have changed, and the gap map shows them.")
	return seeOther(scenarioURL(saved.ID))
}
