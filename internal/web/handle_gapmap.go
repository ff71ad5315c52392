package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"throughline/internal/csvsafe"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/web/form"
)

// dimChoice is one select on the gap map's "other things about the
// person" form.
type dimChoice struct {
	Name, Label, Value string
	Options            []form.Option
}

// gapMapData is the gap map page: the grid, its form as chosen and the
// same numbers for the chart.
type gapMapData struct {
	Axes      []form.Option // the dimensions the rows and columns can show
	RowDim    string
	ColDim    string
	Others    []dimChoice
	Grid      directory.Grid
	Links     [][]string
	Gaps      int
	CellCount int
	ChartJSON string
	CSVURL    string
	Services  int
	UnmetNeed unmetNeedSignal // refercheck: situations no service accepts
}

// gapMapURL is the gap map drawn from a query string.
func gapMapURL(query string) string { return "/gaps?" + query }

// gapCellURL explains one profile, with a way back to the map it came from.
func gapCellURL(p directory.Profile, mapQuery string) string {
	return "/gaps/cell?" + url.Values{"profile": {p.String()}, "back": {mapQuery}}.Encode()
}

var dimLabels = map[string]string{
	"risk": "Risk", "engagement": "Engagement", "diagnosis": "Diagnosis", "complexity": "Complexity", "age": "Age",
	"locality": "Locality", "substance_use": "Substance use", "housing": "Housing", "duration_needed": "Support needed for",
}

func dimLabel(d string) string {
	if l, ok := dimLabels[d]; ok {
		return l
	}
	return d
}

// gapQuery reads the axes and the rest of the profile from the query string.
func gapQuery(q url.Values) (row, col string, base directory.Profile, err error) {
	f := form.Read(q)
	row, col = f.Text("row"), f.Text("col")
	if row == "" {
		row = "risk"
	}
	if col == "" {
		col = "engagement"
	}
	base = directory.DefaultProfile()
	for _, d := range []string{row, col} {
		if !slices.Contains(directory.DimensionOrder, d) {
			f.Add("row", "Choose grid dimensions from the list")
		}
	}
	if row == col {
		f.Add("col", "Choose two different dimensions for the grid")
	}
	for _, d := range directory.DimensionOrder {
		val := f.Text(d)
		if val == "" || d == row || d == col {
			continue
		}
		if err := base.Set(d, val); err != nil {
			f.Add(d, problem.Message(err))
		}
	}
	// Risk and engagement have no default: when they are not axes, pick the
	// most common presentation so the grid is always computable.
	if base.Risk == "" && row != "risk" && col != "risk" {
		base.Risk = "moderate"
	}
	if base.Engagement == "" && row != "engagement" && col != "engagement" {
		base.Engagement = "variable"
	}
	return row, col, base, f.Err()
}

func (s *Server) gapGrid(r *http.Request) (directory.Grid, *directory.Engine, error) {
	row, col, base, err := gapQuery(r.URL.Query())
	if err != nil {
		return directory.Grid{}, nil, err
	}
	svcs, err := s.db.Services(r.Context())
	if err != nil {
		return directory.Grid{}, nil, err
	}
	e := directory.NewEngine(svcs)
	g, err := e.Grid(row, col, base)
	return g, e, err
}

func (s *Server) handleGapMap(w http.ResponseWriter, r *http.Request) error {
	g, e, err := s.gapGrid(r)
	status := http.StatusOK
	var fe *formErrors
	if err != nil {
		if problem.Code(err) != problem.Invalid {
			return err
		}
		// Show what was wrong and the default map rather than nothing.
		status, fe = http.StatusUnprocessableEntity, errorsFrom(err)
		r.URL.RawQuery = ""
		if g, e, err = s.gapGrid(r); err != nil {
			return err
		}
	}
	locs, err := s.db.Localities(r.Context())
	if err != nil {
		return err
	}
	query := r.URL.RawQuery
	d := gapMapData{RowDim: g.RowDim, ColDim: g.ColDim, Grid: g, Services: len(e.Services()), CSVURL: "/gaps/grid.csv?" + query}
	// A problem with a dimension links to the control that now sets it:
	// its own select, or the axis it has become on the default map.
	ids := map[string]string{"row": "row", "col": "col", g.RowDim: "row", g.ColDim: "col"}
	for _, dim := range directory.DimensionOrder {
		d.Axes = append(d.Axes, form.Option{Value: dim, Label: dimLabel(dim)})
		if dim == g.RowDim || dim == g.ColDim {
			continue
		}
		dc := dimChoice{Name: dim, Label: dimLabel(dim), Value: g.Base.Get(dim)}
		switch dim {
		case "age":
			for _, a := range []string{"16", "17", "18", "25", "30", "40", "64", "65", "80"} {
				dc.Options = append(dc.Options, form.Option{Value: a, Label: a})
			}
		case "locality":
			dc.Options = append(dc.Options, form.Option{Value: directory.AnyLocality, Label: "Any locality"})
			for _, l := range locs {
				dc.Options = append(dc.Options, form.Option{Value: l.Code, Label: l.Name})
			}
		default:
			for _, v := range directory.Dimensions[dim] {
				dc.Options = append(dc.Options, form.Option{Value: v, Label: v})
			}
		}
		d.Others = append(d.Others, dc)
		ids[dim] = dc.ID()
	}
	fe.pointAt(ids)
	d.Links = make([][]string, len(g.Rows))
	for i := range g.Rows {
		d.Links[i] = make([]string, len(g.Cols))
		for j := range g.Cols {
			p, err := g.Cell(i, j)
			if err != nil {
				return fmt.Errorf("gap map cell %d,%d: %w", i, j, err)
			}
			d.Links[i][j] = gapCellURL(p, query)
			d.CellCount++
			if g.Cells[i][j] == 0 {
				d.Gaps++
			}
		}
	}
	chart, err := json.Marshal(map[string]any{
		"rows": g.Rows, "cols": g.Cols, "cells": g.Cells, "links": d.Links,
		"rowLabel": dimLabel(g.RowDim), "colLabel": dimLabel(g.ColDim),
	})
	if err != nil {
		return fmt.Errorf("gap map chart: %w", err)
	}
	d.ChartJSON = string(chart)
	if d.UnmetNeed, err = s.unmetNeed(r); err != nil { // refercheck
		return err
	}
	s.render(w, r, status, "gapmap", view{Title: "Gap map", D: d, Errors: fe})
	return nil
}

// ID is the select's element id; the dimension's name alone could clash
// with other ids on the page.
func (c dimChoice) ID() string { return "dim-" + c.Name }

// writeCSV sends rows as a CSV download through csvsafe, so no cell opens
// as a spreadsheet formula. It encodes into memory first, so that a failure
// is still an error page rather than half a file.
func writeCSV(w http.ResponseWriter, filename string, rows [][]csvsafe.Cell) error {
	b, err := csvsafe.Encode(rows)
	if err != nil {
		return fmt.Errorf("write %s: %w", filename, err)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	w.Write(b)
	return nil
}

func (s *Server) handleGapGridCSV(w http.ResponseWriter, r *http.Request) error {
	g, _, err := s.gapGrid(r)
	if err != nil {
		return err
	}
	// The cells count services, not people: they are published as they
	// are, since a profile with one accepting service is the point.
	rows := [][]csvsafe.Cell{
		csvsafe.Texts("# Non-crisis services accepting each profile; 0 = gap. Other dimensions: " + g.Base.String()),
		csvsafe.Texts(append([]string{g.RowDim + " \\ " + g.ColDim}, g.Cols...)...),
	}
	for i, row := range g.Rows {
		rec := csvsafe.Texts(row)
		for _, n := range g.Cells[i] {
			rec = append(rec, csvsafe.Int(n))
		}
		rows = append(rows, rec)
	}
	return writeCSV(w, fmt.Sprintf("gap-map-%s-by-%s.csv", g.RowDim, g.ColDim), rows)
}

// dimValue is one dimension of a profile and its value, for a summary list.
type dimValue struct{ Label, Value string }

type gapCellData struct {
	Profile    directory.Profile
	Dims       []dimValue
	InGap      bool
	Accepting  []string // non-crisis service names
	Crisis     []string // crisis services that accept
	NearMisses []directory.NearMiss
	// Ranked are the one-change suggestions, most real people closed
	// first (gapmap2).
	Ranked []rankedChange
	// Ranking is whether there is a one-change suggestion to rank;
	// Counted says how fresh the counts behind Ranked are.
	Ranking bool
	Counted aggregateState
	Back    string
}

func (s *Server) handleGapCell(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := directory.ParseProfile(q.Get("profile"), directory.DefaultProfile())
	if err == nil && len(p.Missing()) > 0 {
		err = problem.Errorf(problem.Invalid, "The profile needs %s", strings.Join(p.Missing(), " and "))
	}
	if err != nil {
		return problem.Errorf(problem.Invalid, "%s", problem.Message(err))
	}
	svcs, e, res, err := s.evaluateProfile(r.Context(), p)
	if err != nil {
		return err
	}
	byID := map[string]*directory.Service{}
	for i := range svcs {
		byID[svcs[i].ID] = &svcs[i]
	}
	d := gapCellData{Profile: p, InGap: res.InGap, Back: gapMapURL(q.Get("back"))}
	for _, dim := range directory.DimensionOrder {
		d.Dims = append(d.Dims, dimValue{Label: dimLabel(dim), Value: p.Get(dim)})
	}
	for _, id := range res.Accepted {
		if sv := byID[id]; sv.Crisis() {
			d.Crisis = append(d.Crisis, sv.Name)
		} else {
			d.Accepting = append(d.Accepting, sv.Name)
		}
	}
	if d.NearMisses, err = e.NearMisses(p, 12); err != nil {
		return err
	}
	if d.InGap && slices.ContainsFunc(d.NearMisses, func(m directory.NearMiss) bool { return m.Change != "" }) {
		d.Ranking = true
		if d.Ranked, d.Counted, err = s.rankedChanges(r.Context(), svcs, d.NearMisses, p); err != nil {
			return err
		}
		// No refresh to ask for here: the counts are refreshed every
		// five minutes, and a rule change is a new set.
		d.Counted.PageURL = r.URL.RequestURI()
		d.Counted.PollURL = r.URL.Path + "?" + url.Values{"profile": {p.String()}, "back": {q.Get("back")}, "poll": {"1"}}.Encode()
		if pollAggregate(w, r, d.Counted) {
			return nil
		}
	}
	s.render(w, r, http.StatusOK, "gapcell", view{Title: "Who accepts this profile", D: d})
	return nil
}
