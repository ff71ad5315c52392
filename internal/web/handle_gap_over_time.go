package web

import (
	"context"
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
	Stored    aggregateState
}

// The gap over time reads two years of every referral journey in the
// region (about a second at scale 75), so its raw figures are stored
// aggregates like the journeys page's: computed in the background, read
// by every process, disclosed as the page renders. Its set names the
// directory's version: the page is where a change to the rules is seen to
// take effect, so a change makes a new set, computed at once, rather than
// leaving the old figures on show until the next refresh.
const reportGapOverTime = "gap-over-time"

func (s *Server) gapOverTimeParams(ctx context.Context) (string, error) {
	return s.rulesParams(ctx, gapOverTimeMonths)
}

// gapOverTimeFigures are the months' raw figures before disclosure.
type gapOverTimeFigures struct {
	Months []gapMonthFigures
}

type gapMonthFigures struct {
	Month                 string
	FellThrough, GapCells int
	// Changes name each rule change made that month: "Service: summary".
	Changes []string
}

func (s *Server) computeGapOverTime(ctx context.Context, _ string) (any, string, error) {
	now := s.db.Now()
	asOf := uktime.In(now)
	since := asOf.AddDate(0, -gapOverTimeMonths, 0)
	c, err := s.db.JourneyData(ctx, since.UTC(), now, "")
	if err != nil {
		return nil, "", err
	}
	if _, err := s.withImportedJourneys(ctx, &c); err != nil {
		return nil, "", err
	}
	svcs, err := s.db.Services(ctx)
	if err != nil {
		return nil, "", err
	}
	rows, err := s.db.DirectoryHistory(ctx, since.UTC())
	if err != nil {
		return nil, "", err
	}
	names := map[string]string{}
	for _, sv := range svcs {
		names[sv.ID] = sv.Name
	}
	history := make([]scenario.RuleChange, 0, len(rows))
	for _, h := range rows {
		rc, err := scenario.ParseChange(h.At, h.Before, h.After, h.Summary)
		if err != nil {
			return nil, "", fmt.Errorf("gap over time: change %d: %w", h.ID, err)
		}
		history = append(history, rc)
	}
	in := c.Input()
	months, err := scenario.OverTime(in, svcs, history, asOf, gapOverTimeMonths)
	if err != nil {
		return nil, "", err
	}
	var f gapOverTimeFigures
	for _, m := range months {
		mf := gapMonthFigures{Month: m.Month, FellThrough: m.FellThrough, GapCells: m.GapCells}
		for _, ch := range m.Changes {
			mf.Changes = append(mf.Changes, names[ch.Service.ID]+": "+strings.ReplaceAll(ch.Summary, "\n", "; "))
		}
		f.Months = append(f.Months, mf)
	}
	return f, fmt.Sprintf("%d referral journeys and %d rule changes", len(in.Referrals), len(history)), nil
}

// handleGapOverTime: monthly fell-through people and rules-gap cells over
// the last two years, with the directory's rule changes marked, so the
// effect of a change can be seen.
func (s *Server) handleGapOverTime(w http.ResponseWriter, r *http.Request) error {
	params, err := s.gapOverTimeParams(r.Context())
	if err != nil {
		return err
	}
	var f gapOverTimeFigures
	st, err := s.storedFigures(r.Context(), reportGapOverTime, params, &f)
	if err != nil {
		return err
	}
	st.RefreshURL, st.PageURL, st.PollURL = "/gaps/over-time/refresh", "/gaps/over-time", "/gaps/over-time?poll=1"
	if pollAggregate(w, r, st) {
		return nil
	}
	d := gapOverTimeData{Stored: st}
	chart := struct {
		Months  []string `json:"months"`
		Fell    []*int   `json:"fell"` // null where the count is not shown
		Cells   []int    `json:"cells"`
		Changes []string `json:"changes"`
	}{}
	for _, m := range f.Months {
		row := gapMonthRow{Month: m.Month, FellThrough: disclosure.NewCount(m.FellThrough), GapCells: m.GapCells, Changes: m.Changes}
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

func (s *Server) handleGapOverTimeRefresh(w http.ResponseWriter, r *http.Request) error {
	params, err := s.gapOverTimeParams(r.Context())
	if err != nil {
		return err
	}
	return s.queueRefresh(w, r, reportGapOverTime, params, "/gaps/over-time")
}
