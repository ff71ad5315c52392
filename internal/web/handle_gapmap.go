package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"throughline/internal/directory"
	"throughline/internal/problem"
)

// dimChoice is one select on the gap map's "other dimensions" form.
type dimChoice struct {
	Name, Label string
	Values      []choice
}

type choice struct {
	Value, Label string
	Selected     bool
}

type gapMapData struct {
	Axes       []choice // for the row select
	ColAxes    []choice
	RowDim     string
	ColDim     string
	Others     []dimChoice
	Grid       directory.Grid
	Links      [][]string
	Gaps       int
	CellCount  int
	ChartJSON  string
	Query      string
	Services   int
	ProfileTxt string
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
	row, col = q.Get("row"), q.Get("col")
	if row == "" {
		row = "risk"
	}
	if col == "" {
		col = "engagement"
	}
	base = directory.DefaultProfile()
	var v problem.Validation
	for _, d := range []string{row, col} {
		if !slices.Contains(directory.DimensionOrder, d) {
			v.Add("row", "Choose grid dimensions from the list")
		}
	}
	if row == col {
		v.Add("col", "Choose two different dimensions for the grid")
	}
	for _, d := range directory.DimensionOrder {
		val := strings.TrimSpace(q.Get(d))
		if val == "" || d == row || d == col {
			continue
		}
		if err := base.Set(d, val); err != nil {
			v.Add(d, problem.Message(err))
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
	return row, col, base, v.Err()
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

func (s *Server) handleGapMap(w http.ResponseWriter, r *http.Request) {
	g, e, err := s.gapGrid(r)
	status := http.StatusOK
	var fe *formErrors
	if err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		// Show what was wrong and the default map rather than nothing.
		status, fe = http.StatusUnprocessableEntity, errorsFrom(err)
		r.URL.RawQuery = ""
		if g, e, err = s.gapGrid(r); err != nil {
			s.renderProblem(w, r, err)
			return
		}
	}
	locs, err := s.db.Localities(r.Context())
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d := gapMapData{RowDim: g.RowDim, ColDim: g.ColDim, Grid: g, Services: len(e.Services()), Query: r.URL.RawQuery}
	for _, dim := range directory.DimensionOrder {
		d.Axes = append(d.Axes, choice{dim, dimLabel(dim), dim == g.RowDim})
		d.ColAxes = append(d.ColAxes, choice{dim, dimLabel(dim), dim == g.ColDim})
		if dim == g.RowDim || dim == g.ColDim {
			continue
		}
		dc := dimChoice{Name: dim, Label: dimLabel(dim)}
		cur := g.Base.Get(dim)
		switch dim {
		case "age":
			for _, a := range []string{"16", "17", "18", "25", "30", "40", "64", "65", "80"} {
				dc.Values = append(dc.Values, choice{a, a, a == cur})
			}
		case "locality":
			dc.Values = append(dc.Values, choice{directory.AnyLocality, "Any locality", cur == directory.AnyLocality})
			for _, l := range locs {
				dc.Values = append(dc.Values, choice{l.Code, l.Name, l.Code == cur})
			}
		default:
			for _, v := range directory.Dimensions[dim] {
				dc.Values = append(dc.Values, choice{v, v, v == cur})
			}
		}
		d.Others = append(d.Others, dc)
	}
	d.Links = make([][]string, len(g.Rows))
	for i := range g.Rows {
		d.Links[i] = make([]string, len(g.Cols))
		for j := range g.Cols {
			p, _ := g.Cell(i, j)
			d.Links[i][j] = "/gaps/cell?" + url.Values{"profile": {p.String()}, "back": {r.URL.RawQuery}}.Encode()
			d.CellCount++
			if g.Cells[i][j] == 0 {
				d.Gaps++
			}
		}
	}
	chart, _ := json.Marshal(map[string]any{
		"rows": g.Rows, "cols": g.Cols, "cells": g.Cells, "links": d.Links,
		"rowLabel": dimLabel(g.RowDim), "colLabel": dimLabel(g.ColDim),
	})
	d.ChartJSON = string(chart)
	s.render(w, r, status, "gapmap", view{Title: "Gap map", D: d, Errors: fe})
}

func (s *Server) handleGapGridCSV(w http.ResponseWriter, r *http.Request) {
	g, _, err := s.gapGrid(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gap-map-%s-by-%s.csv"`, g.RowDim, g.ColDim))
	cw := csv.NewWriter(w)
	cw.Write([]string{"# Non-crisis services accepting each profile; 0 = gap. Other dimensions: " + g.Base.String()})
	cw.Write(append([]string{g.RowDim + " \\ " + g.ColDim}, g.Cols...))
	for i, row := range g.Rows {
		rec := []string{row}
		for _, n := range g.Cells[i] {
			rec = append(rec, fmt.Sprint(n))
		}
		cw.Write(rec)
	}
	cw.Flush()
}

type gapCellData struct {
	Profile    directory.Profile
	Dims       []choice // dimension label and value, for the summary list
	InGap      bool
	Accepting  []string // non-crisis service names
	Crisis     []string // crisis services that accept
	NearMisses []directory.NearMiss
	Back       string
}

func (s *Server) handleGapCell(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := directory.ParseProfile(q.Get("profile"), directory.DefaultProfile())
	if err == nil && len(p.Missing()) > 0 {
		err = problem.Errorf(problem.Invalid, "The profile needs %s", strings.Join(p.Missing(), " and "))
	}
	if err != nil {
		s.renderError(w, r, http.StatusUnprocessableEntity, problem.Message(err))
		return
	}
	svcs, err := s.db.Services(r.Context())
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	e := directory.NewEngine(svcs)
	res, err := e.Evaluate(p)
	if err != nil {
		s.renderError(w, r, http.StatusUnprocessableEntity, problem.Message(err))
		return
	}
	byID := map[string]*directory.Service{}
	for i := range svcs {
		byID[svcs[i].ID] = &svcs[i]
	}
	d := gapCellData{Profile: p, InGap: res.InGap, Back: "/gaps?" + q.Get("back")}
	for _, dim := range directory.DimensionOrder {
		d.Dims = append(d.Dims, choice{Value: p.Get(dim), Label: dimLabel(dim)})
	}
	for _, id := range res.Accepted {
		if sv := byID[id]; sv.Crisis() {
			d.Crisis = append(d.Crisis, sv.Name)
		} else {
			d.Accepting = append(d.Accepting, sv.Name)
		}
	}
	if d.NearMisses, err = e.NearMisses(p, 12); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "gapcell", view{Title: "Who accepts this profile", D: d})
}
