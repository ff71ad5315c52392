package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"throughline/internal/directory"
	"throughline/internal/disclosure"
	"throughline/internal/problem"
	"throughline/internal/scenario"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// scenarioPageData is a scenario, what it would change and who it would
// have helped: aggregate only, every count through disclosure.
type scenarioPageData struct {
	Saved   store.SavedScenario
	Changes []scenarioChangeRow
	// Stale names services changed in the directory since the scenario's
	// change to them was drafted.
	Stale    []string
	Figures  []figureRow
	Services []demandRow
	Closed   []profileRow
	Base     gridView
	Scenario gridView
	Forms    []ruleForm
	// Others are the services without a change, for "change another".
	Others     []form.Option
	Axes       []form.Option
	RowDim     string
	ColDim     string
	ReplayNote string
}

type scenarioChangeRow struct {
	Service string
	Lines   []string
}

type figureRow struct {
	Label string
	N     disclosure.Count
}

type demandRow struct {
	Name      string
	N         disclosure.Count
	Capacity  int
	WaitWeeks int
	Months    []monthCount
}

type monthCount struct {
	Month string
	N     disclosure.Count
}

type profileRow struct {
	Profile string
	N       disclosure.Count
}

// gridView is one gap grid as the page draws it; Changed marks cells
// whose answer differs between the two grids.
type gridView struct {
	Grid    directory.Grid
	Changed [][]bool
	Gaps    int
}

// ruleForm is one service's rules as the scenario would leave them.
type ruleForm struct {
	ID, Name string
	Dims     []ruleDim
	MinAge   string
	MaxAge   string
	Locals   []form.Option
	LocalVs  []string
	Tier     string
	Tiers    []form.Option
	Changed  bool
	Errors   map[string]string
	// Words beside the fields: the rule now, and whether it is purpose.
	AgeHint, LocLegend, LocHint, TierHint string
}

type ruleDim struct {
	Name, Legend, Hint string
	Options            []form.Option
	Values             []string
}

// purposeWords marks a rule that says who the service is for.
func purposeWords(s *directory.Service, dim string) string {
	if s.IsPurpose(dim) {
		return " (who the service is for)"
	}
	return ""
}

func (s *Server) handleScenarioPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderScenario(w, r, http.StatusOK, nil, nil)
}

// renderScenario draws the scenario page; after a refused rules form,
// typed holds what the person sent, shown again in that service's form
// beside the problems in fe, so nothing they typed is lost.
func (s *Server) renderScenario(w http.ResponseWriter, r *http.Request, status int, fe *formErrors, typed url.Values) error {
	ctx := r.Context()
	saved, sc, svcs, err := s.loadScenario(r)
	if err != nil && problem.Code(err) != problem.Invalid {
		return err
	}
	d := scenarioPageData{Saved: saved}
	byID := map[string]directory.Service{}
	for _, sv := range svcs {
		byID[sv.ID] = sv
	}
	if err != nil {
		// The directory moved so far that the changes no longer apply: say
		// so and let the person start those services' rules again.
		d.ReplayNote = problem.Message(err)
		sc = scenario.Scenario{}
	}
	for _, c := range sc.Changes {
		now := byID[c.Service]
		d.Changes = append(d.Changes, scenarioChangeRow{Service: now.Name, Lines: scenario.Describe(c, now)})
		if v, ok := saved.BasedOn[c.Service]; ok && v != now.Version {
			d.Stale = append(d.Stale, now.Name)
		}
	}
	applied, err := sc.Apply(svcs)
	if err != nil {
		return err
	}
	row, col, base, qerr := gapQuery(r.URL.Query())
	if qerr != nil {
		row, col, base, _ = gapQuery(nil)
	}
	d.RowDim, d.ColDim = row, col
	for _, dim := range directory.DimensionOrder {
		d.Axes = append(d.Axes, form.Option{Value: dim, Label: dimLabel(dim)})
	}
	if d.Base.Grid, err = directory.NewEngine(svcs).Grid(row, col, base); err != nil {
		return err
	}
	if d.Scenario.Grid, err = directory.NewEngine(applied).Grid(row, col, base); err != nil {
		return err
	}
	d.Base.Changed, d.Scenario.Changed = compareGrids(&d.Base, &d.Scenario)
	if !saved.Live() {
		if err := s.scenarioReplay(r, &d, svcs, sc); err != nil {
			return err
		}
	}
	locs, err := s.db.Localities(ctx)
	if err != nil {
		return err
	}
	extra := r.URL.Query().Get("service")
	if typed != nil {
		extra = typed.Get("service")
	}
	ids := map[string]string{}
	for i := range svcs {
		_, inScenario := sc.Change(svcs[i].ID)
		if inScenario || svcs[i].ID == extra {
			rf := newRuleForm(svcs[i], applied[i], inScenario, locs)
			if svcs[i].ID == extra && typed != nil {
				rf.retype(typed, fe, ids)
			}
			d.Forms = append(d.Forms, rf)
		} else {
			d.Others = append(d.Others, form.Option{Value: svcs[i].ID, Label: svcs[i].Name})
		}
	}
	fe.pointAt(ids)
	s.render(w, r, status, "scenario", view{Title: saved.Title, D: d, Errors: fe})
	return nil
}

// retype fills the form with what the person sent and its problems, and
// points the error summary at this form's controls.
func (f *ruleForm) retype(typed url.Values, fe *formErrors, ids map[string]string) {
	for i := range f.Dims {
		f.Dims[i].Values = typed[f.Dims[i].Name]
		ids[f.Dims[i].Name] = f.ID + "-" + f.Dims[i].Name
	}
	f.MinAge, f.MaxAge, f.LocalVs, f.Tier = typed.Get("min_age"), typed.Get("max_age"), typed["localities"], typed.Get("tier")
	for field, id := range map[string]string{"min_age": "-min-age", "max_age": "-max-age", "localities": "-localities", "tier": "-tier"} {
		ids[field] = f.ID + id
	}
	if fe != nil {
		f.Errors = fe.Fields
	}
}

// compareGrids counts each grid's gaps and marks the cells that differ.
func compareGrids(a, b *gridView) ([][]bool, [][]bool) {
	ca := make([][]bool, len(a.Grid.Cells))
	cb := make([][]bool, len(b.Grid.Cells))
	for i := range a.Grid.Cells {
		ca[i] = make([]bool, len(a.Grid.Cells[i]))
		cb[i] = make([]bool, len(b.Grid.Cells[i]))
		for j := range a.Grid.Cells[i] {
			x, y := a.Grid.Cells[i][j], b.Grid.Cells[i][j]
			ca[i][j], cb[i][j] = x != y, x != y
			if x == 0 {
				a.Gaps++
			}
			if y == 0 {
				b.Gaps++
			}
		}
	}
	return ca, cb
}

// scenarioReplay replays the last year's journeys with and without the
// scenario and discloses the figures.
func (s *Server) scenarioReplay(r *http.Request, d *scenarioPageData, svcs []directory.Service, sc scenario.Scenario) error {
	in, asOf, err := s.lastYearJourneys(r.Context())
	if err != nil {
		return err
	}
	res, err := scenario.Replay(in, svcs, sc, asOf)
	if err != nil {
		return err
	}
	d.Figures = []figureRow{
		{"People referred", disclosure.NewCount(res.People)},
		{"People who fell through", disclosure.NewCount(res.FellThrough)},
		{"In the rules gap now", disclosure.NewCount(res.RulesGap.Baseline)},
		{"In the rules gap under this scenario", disclosure.NewCount(res.RulesGap.Scenario)},
		{"A route existed but they did not reach it", disclosure.NewCount(res.RouteExisted)},
		{"Gap closed for", disclosure.NewCount(res.Closed)},
		{"Declined referrals the scenario would reverse", disclosure.NewCount(res.ReversedDeclines)},
	}
	names := map[string]string{}
	for _, sv := range svcs {
		names[sv.ID] = sv.Name
	}
	for _, sd := range res.ByService {
		row := demandRow{Name: names[sd.ID], N: disclosure.NewCount(sd.NewlyAccepting), Capacity: sd.Capacity, WaitWeeks: sd.WaitWeeks}
		months := make([]string, 0, len(sd.ByMonth))
		for m := range sd.ByMonth {
			months = append(months, m)
		}
		sort.Strings(months)
		for _, m := range months {
			row.Months = append(row.Months, monthCount{m, disclosure.NewCount(sd.ByMonth[m])})
		}
		d.Services = append(d.Services, row)
	}
	for _, p := range res.ClosedProfiles {
		d.Closed = append(d.Closed, profileRow{p.Profile, disclosure.NewCount(p.People)})
	}
	return nil
}

func newRuleForm(now, proposed directory.Service, changed bool, locs []directory.Locality) ruleForm {
	f := ruleForm{ID: now.ID, Name: now.Name, Tier: proposed.Tier, Changed: changed, TierHint: "Now: " + now.Tier,
		AgeHint:   "Now: " + directory.RuleText(&now, "age") + purposeWords(&now, "age"),
		LocLegend: "Localities" + purposeWords(&now, "locality"),
		LocHint:   "Now: " + directory.RuleText(&now, "locality") + ". Tick none for the whole region.", LocalVs: proposed.Localities}
	for _, dim := range directory.DimensionOrder {
		allowed, ok := directory.Dimensions[dim]
		if !ok {
			continue
		}
		rd := ruleDim{Name: "elig_" + dim, Legend: dimLabel(dim) + purposeWords(&now, dim), Hint: "Now: " + directory.RuleText(&now, dim),
			Values: proposed.Eligibility[dim]}
		for _, v := range allowed {
			rd.Options = append(rd.Options, form.Option{Value: v, Label: v})
		}
		f.Dims = append(f.Dims, rd)
	}
	if proposed.MinAge != nil {
		f.MinAge = strconv.Itoa(*proposed.MinAge)
	}
	if proposed.MaxAge != nil {
		f.MaxAge = strconv.Itoa(*proposed.MaxAge)
	}
	for _, l := range locs {
		f.Locals = append(f.Locals, form.Option{Value: l.Code, Label: l.Name})
	}
	for _, t := range directory.Tiers {
		f.Tiers = append(f.Tiers, form.Option{Value: t, Label: t})
	}
	return f
}
