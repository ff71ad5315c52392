package directory

import (
	"fmt"
	"slices"
	"strings"

	"throughline/internal/problem"
)

// rule is a service's eligibility compiled for speed: one bit per allowed
// value of each categorical dimension (0 = any value).
type rule struct {
	masks      [7]uint8
	minAge     int
	maxAge     int
	localities []string // empty = whole region
	crisis     bool
}

var valueIndex = func() [7]map[string]uint8 {
	var idx [7]map[string]uint8
	for i, d := range categorical {
		idx[i] = map[string]uint8{}
		for j, v := range Dimensions[d] {
			idx[i][v] = uint8(j)
		}
	}
	return idx
}()

func compile(s *Service) rule {
	r := rule{minAge: -1, maxAge: 1 << 30, localities: s.Localities, crisis: s.Crisis()}
	if s.MinAge != nil {
		r.minAge = *s.MinAge
	}
	if s.MaxAge != nil {
		r.maxAge = *s.MaxAge
	}
	for i, d := range categorical {
		for _, v := range s.Eligibility[d] {
			if j, ok := valueIndex[i][v]; ok {
				r.masks[i] |= 1 << j
			}
		}
	}
	return r
}

// point is a profile compiled against the value indexes.
type point struct {
	vals     [7]uint8
	age      int
	locality string
}

func compileProfile(p Profile) (point, error) {
	var pt point
	for i, d := range categorical {
		v := p.Get(d)
		j, ok := valueIndex[i][v]
		if !ok {
			if v == "" {
				return pt, problem.Errorf(problem.Invalid, "profile needs a value for %s (one of %s)", d, strings.Join(Dimensions[d], ", "))
			}
			return pt, problem.Errorf(problem.Invalid, "%s must be one of %s, not %q", d, strings.Join(Dimensions[d], ", "), v)
		}
		pt.vals[i] = j
	}
	if p.Locality == "" {
		return pt, problem.Errorf(problem.Invalid, "profile needs a locality (an area code or %q)", AnyLocality)
	}
	pt.age, pt.locality = p.Age, p.Locality
	return pt, nil
}

// failed appends, in DimensionOrder, every dimension on which r refuses pt.
func (r *rule) failed(pt *point, out []string) []string {
	check := func(i int) {
		if m := r.masks[i]; m != 0 && m&(1<<pt.vals[i]) == 0 {
			out = append(out, categorical[i])
		}
	}
	check(0) // risk
	check(1) // engagement
	check(2) // diagnosis
	check(3) // complexity
	if pt.age < r.minAge || pt.age > r.maxAge {
		out = append(out, "age")
	}
	if pt.locality != AnyLocality && len(r.localities) > 0 && !slices.Contains(r.localities, pt.locality) {
		out = append(out, "locality")
	}
	check(4) // substance_use
	check(5) // housing
	check(6) // duration_needed
	return out
}

func (r *rule) accepts(pt *point) bool {
	for i := range r.masks {
		if m := r.masks[i]; m != 0 && m&(1<<pt.vals[i]) == 0 {
			return false
		}
	}
	if pt.age < r.minAge || pt.age > r.maxAge {
		return false
	}
	return pt.locality == AnyLocality || len(r.localities) == 0 || slices.Contains(r.localities, pt.locality)
}

// Accepts reports whether s accepts p and, if not, every rule that failed.
func Accepts(s *Service, p Profile) (bool, []string, error) {
	pt, err := compileProfile(p)
	if err != nil {
		return false, nil, err
	}
	r := compile(s)
	f := r.failed(&pt, nil)
	return len(f) == 0, f, nil
}

// Engine answers eligibility questions over one directory.
type Engine struct {
	services []Service
	rules    []rule
}

// NewEngine compiles the directory's rules once.
func NewEngine(services []Service) *Engine {
	e := &Engine{services: services, rules: make([]rule, len(services))}
	for i := range services {
		e.rules[i] = compile(&services[i])
	}
	return e
}

// Services returns the directory the engine was built from.
func (e *Engine) Services() []Service { return e.services }

// Declined is a service that does not accept a profile, and why.
type Declined struct {
	ID     string   `json:"id"`
	Failed []string `json:"failed"`
}

// Result is the answer for one profile, in the CLI's JSON shape.
type Result struct {
	Accepted []string   `json:"accepted"`
	Declined []Declined `json:"declined"`
	// InGap: no non-crisis service accepts the profile.
	InGap bool `json:"in_gap"`
}

// Evaluate decides every service for p, in directory order.
func (e *Engine) Evaluate(p Profile) (Result, error) {
	pt, err := compileProfile(p)
	if err != nil {
		return Result{}, err
	}
	res := Result{Accepted: []string{}, Declined: []Declined{}, InGap: true}
	for i := range e.rules {
		if f := e.rules[i].failed(&pt, nil); len(f) > 0 {
			res.Declined = append(res.Declined, Declined{ID: e.services[i].ID, Failed: f})
			continue
		}
		res.Accepted = append(res.Accepted, e.services[i].ID)
		if !e.rules[i].crisis {
			res.InGap = false
		}
	}
	return res, nil
}

// Accepting reports, in directory order, whether each service accepts p,
// and whether p is in the gap (no non-crisis service accepts it): what a
// replay asks of many recorded profiles, without the reasons Evaluate
// gives. A profile that cannot be compiled is accepted nowhere.
func (e *Engine) Accepting(p Profile) (accepted []bool, gap bool) {
	accepted, gap = make([]bool, len(e.rules)), true
	pt, err := compileProfile(p)
	if err != nil {
		return accepted, gap
	}
	for i := range e.rules {
		if e.rules[i].accepts(&pt) {
			accepted[i] = true
			gap = gap && e.rules[i].crisis
		}
	}
	return accepted, gap
}

// Grid counts, for each pair of values on two dimensions, the non-crisis
// services that accept the profile base with those two values set. A zero
// cell is a gap.
type Grid struct {
	RowDim string   `json:"-"`
	ColDim string   `json:"-"`
	Rows   []string `json:"rows"`
	Cols   []string `json:"cols"`
	Cells  [][]int  `json:"cells"`
	Base   Profile  `json:"-"`
}

// Grid computes the grid over rowDim × colDim.
func (e *Engine) Grid(rowDim, colDim string, base Profile) (Grid, error) {
	if rowDim == colDim {
		return Grid{}, problem.Errorf(problem.Invalid, "choose two different dimensions for the grid")
	}
	rows, err := GridValues(rowDim, e.services)
	if err != nil {
		return Grid{}, err
	}
	cols, err := GridValues(colDim, e.services)
	if err != nil {
		return Grid{}, err
	}
	g := Grid{RowDim: rowDim, ColDim: colDim, Rows: rows, Cols: cols, Cells: make([][]int, len(rows)), Base: base}
	for i, rv := range rows {
		g.Cells[i] = make([]int, len(cols))
		for j, cv := range cols {
			p := base
			if err := p.Set(rowDim, rv); err != nil {
				return Grid{}, err
			}
			if err := p.Set(colDim, cv); err != nil {
				return Grid{}, err
			}
			pt, err := compileProfile(p)
			if err != nil {
				return Grid{}, err
			}
			n := 0
			for k := range e.rules {
				if !e.rules[k].crisis && e.rules[k].accepts(&pt) {
					n++
				}
			}
			g.Cells[i][j] = n
		}
	}
	return g, nil
}

// Cell returns the profile behind grid cell (i, j).
func (g Grid) Cell(i, j int) (Profile, error) {
	if i < 0 || i >= len(g.Rows) || j < 0 || j >= len(g.Cols) {
		return Profile{}, problem.Errorf(problem.NotFound, "no such cell in the grid")
	}
	p := g.Base
	if err := p.Set(g.RowDim, g.Rows[i]); err != nil {
		return p, err
	}
	return p, p.Set(g.ColDim, g.Cols[j])
}

// NearMiss is a non-crisis service that refuses a profile on few rules.
type NearMiss struct {
	Service *Service
	Failed  []string
	// Change is the single rule relaxation that would make the service
	// accept, when it fails on exactly one dimension and that rule is a
	// threshold, not its purpose.
	Change string
	// Dimension is the rule Change relaxes.
	Dimension string
}

// NearMisses lists non-crisis services that refuse p, fewest failed rules
// first, at most limit of them. A service failing on one rule carries the
// change that would make it accept: "what one change would close this cell".
func (e *Engine) NearMisses(p Profile, limit int) ([]NearMiss, error) {
	pt, err := compileProfile(p)
	if err != nil {
		return nil, err
	}
	var out []NearMiss
	for i := range e.rules {
		if e.rules[i].crisis {
			continue
		}
		f := e.rules[i].failed(&pt, nil)
		if len(f) == 0 {
			continue
		}
		nm := NearMiss{Service: &e.services[i], Failed: f}
		// A purpose rule says who the service is for: relaxing it would
		// make it a different service, so it is never the one change.
		if len(f) == 1 && !e.services[i].IsPurpose(f[0]) {
			nm.Change, nm.Dimension = relaxation(&e.services[i], p, f[0]), f[0]
		}
		out = append(out, nm)
	}
	slices.SortStableFunc(out, func(a, b NearMiss) int { return len(a.Failed) - len(b.Failed) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// OneChange lists only the single-rule relaxations that would close a gap for p.
func (e *Engine) OneChange(p Profile) ([]NearMiss, error) {
	all, err := e.NearMisses(p, 0)
	if err != nil {
		return nil, err
	}
	var out []NearMiss
	for _, nm := range all {
		if nm.Change != "" {
			out = append(out, nm)
		}
	}
	return out, nil
}

// relaxation describes the one rule change at s that would accept p.
func relaxation(s *Service, p Profile, dim string) string {
	switch dim {
	case "age":
		if s.MinAge != nil && p.Age < *s.MinAge {
			return fmt.Sprintf("lower the minimum age from %d to %d", *s.MinAge, p.Age)
		}
		if s.MaxAge != nil {
			return fmt.Sprintf("raise the maximum age from %d to %d", *s.MaxAge, p.Age)
		}
	case "locality":
		return "also serve locality " + p.Locality
	}
	return fmt.Sprintf("also accept %s = %s", strings.ReplaceAll(dim, "_", " "), p.Get(dim))
}
