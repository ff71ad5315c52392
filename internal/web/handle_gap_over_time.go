package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"throughline/internal/disclosure"
	"throughline/internal/scenario"
	"throughline/internal/uktime"
)

// gapOverTimeMonths is how far back the gap over time looks.
const gapOverTimeMonths = 24

type gapMonthRow struct {
	Month       string
	FellThrough disclosure.Count
	GapCells    int
	Changes     []string
}

type gapOverTimeData struct {
	Months    []gapMonthRow
	ChartJSON string
}

// handleGapOverTime: monthly fell-through people and rules-gap cells over
// the last two years, with the directory's rule changes marked, so the
// effect of a change can be seen.
func (s *Server) handleGapOverTime(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := s.db.Now()
	asOf := uktime.In(now)
	since := asOf.AddDate(0, -gapOverTimeMonths, 0)
	c, err := s.db.JourneyData(ctx, since.UTC(), now, "")
	if err != nil {
		return err
	}
	if _, err := s.withImportedJourneys(ctx, &c); err != nil {
		return err
	}
	svcs, err := s.db.Services(ctx)
	if err != nil {
		return err
	}
	rows, err := s.db.DirectoryHistory(ctx, since.UTC())
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, sv := range svcs {
		names[sv.ID] = sv.Name
	}
	history := make([]scenario.RuleChange, 0, len(rows))
	for _, h := range rows {
		rc, err := scenario.ParseChange(h.At, h.Before, h.After, h.Summary)
		if err != nil {
			return fmt.Errorf("gap over time: change %d: %w", h.ID, err)
		}
		history = append(history, rc)
	}
	months, err := scenario.OverTime(c.Input(), svcs, history, asOf, gapOverTimeMonths)
	if err != nil {
		return err
	}
	d := gapOverTimeData{}
	chart := struct {
		Months  []string `json:"months"`
		Fell    []*int   `json:"fell"` // null where the count is not shown
		Cells   []int    `json:"cells"`
		Changes []string `json:"changes"`
	}{}
	for _, m := range months {
		row := gapMonthRow{Month: m.Month, FellThrough: disclosure.NewCount(m.FellThrough), GapCells: m.GapCells}
		for _, ch := range m.Changes {
			row.Changes = append(row.Changes, names[ch.Service.ID]+": "+strings.ReplaceAll(ch.Summary, "\n", "; "))
		}
		d.Months = append(d.Months, row)
		chart.Months = append(chart.Months, m.Month)
		if v, ok := row.FellThrough.Value(); ok {
			chart.Fell = append(chart.Fell, &v)
		} else {
			chart.Fell = append(chart.Fell, nil)
		}
		chart.Cells = append(chart.Cells, m.GapCells)
		chart.Changes = append(chart.Changes, strings.Join(row.Changes, "\n"))
	}
	b, err := json.Marshal(chart)
	if err != nil {
		return fmt.Errorf("gap over time chart: %w", err)
	}
	d.ChartJSON = string(b)
	s.render(w, r, http.StatusOK, "gap_over_time", view{Title: "The gap over time", D: d})
	return nil
}
