package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/journey"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// journeysData is aggregate only: counts with small numbers suppressed and
// journeys reduced to patterns of services, never a person.
type journeysData struct {
	From, To   string // YYYY-MM-DD, UK dates
	Locality   string
	Localities []form.Option
	CSVURL     string
	Summary    journey.Summary
	Services   []decisionRow
	Areas      []areaColumn
	Flows      []flowRow
	Patterns   []patternRow
	SankeyJSON string
	Suppressed int // flows not drawn because they are under 5
}

type decisionRow struct {
	Name, Tier                                  string
	Referrals, Accepted, Declined, WithRoute    int
	DeclineRate, RouteShare                     string
	TopReason                                   string
	InconsistentProfiles, InconsistentReferrals int
}

type areaColumn struct {
	Name string
	S    journey.Summary
}

type flowRow struct {
	From, To string
	N        int
}

type patternRow struct {
	Steps []string
	N     int
}

func percent(v float64, of int) string {
	if of == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", v*100)
}

// journeyFilter reads the period and locality; the default period is the
// twelve months up to today. Days are UK days: a period runs from midnight
// UK time at its start to midnight UK time after its last day.
func journeyFilter(q url.Values, now time.Time) (journey.Filter, string, string, error) {
	f := form.Read(q)
	day := func(name, message string, otherwise time.Time) time.Time {
		if f.Text(name) == "" {
			return otherwise
		}
		d := f.Date(name, message)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, uktime.London)
	}
	today := uktime.In(uktime.StartOfDay(now))
	from := day("from", "Enter the start date as YYYY-MM-DD, for example 2026-01-31", today.AddDate(-1, 0, 0))
	to := day("to", "Enter the end date as YYYY-MM-DD, for example 2026-01-31", today)
	end := to.AddDate(0, 0, 1)
	if f.Err() == nil && !from.Before(end) {
		f.Add("to", "The end date must be on or after the start date")
	}
	jf := journey.Filter{From: from.UTC(), To: end.UTC(), Locality: f.Text("locality"), AsOf: now}
	return jf, from.Format(time.DateOnly), to.Format(time.DateOnly), f.Err()
}

// journeysCSVURL downloads the decisions table for the same selection.
func journeysCSVURL(query string) string { return "/gaps/journeys.csv?" + query }

func (s *Server) journeyResult(r *http.Request) (journeysData, journey.Result, journey.Input, error) {
	ctx := r.Context()
	f, from, to, ferr := journeyFilter(r.URL.Query(), s.db.Now())
	d := journeysData{From: from, To: to, Locality: f.Locality, CSVURL: journeysCSVURL(r.URL.RawQuery)}
	locs, err := s.db.Localities(ctx)
	if err != nil {
		return d, journey.Result{}, journey.Input{}, err
	}
	valid := f.Locality == ""
	for _, l := range locs {
		d.Localities = append(d.Localities, form.Option{Value: l.Code, Label: l.Name})
		valid = valid || l.Code == f.Locality
	}
	if ferr == nil && !valid {
		ferr = &problem.Error{Code: problem.Invalid, Message: "Choose a locality from the list", Fields: map[string]string{"locality": "Choose a locality from the list"}}
	}
	if ferr != nil {
		return d, journey.Result{}, journey.Input{}, ferr
	}
	in, err := s.db.JourneyInput(ctx, f.From, f.To, f.Locality)
	if err != nil {
		return d, journey.Result{}, in, err
	}
	return d, journey.Analyse(in, f), in, nil
}

func (s *Server) handleJourneys(w http.ResponseWriter, r *http.Request) error {
	d, res, in, err := s.journeyResult(r)
	switch problem.Code(err) {
	case "":
	case problem.Invalid:
		s.render(w, r, http.StatusUnprocessableEntity, "journeys", view{Title: "Referral journeys", D: d, Errors: errorsFrom(err)})
		return nil
	default:
		return err
	}
	names, err := s.serviceNames(r)
	if err != nil {
		return err
	}
	locNames := map[string]string{}
	for _, l := range d.Localities {
		locNames[l.Value] = l.Label
	}
	d.Summary = res.Summary
	d.Services = decisionRows(res.Services, names)
	for _, l := range res.Localities {
		name := locNames[l.Locality]
		if name == "" {
			name = l.Locality
		}
		d.Areas = append(d.Areas, areaColumn{Name: name, S: l.Summary})
	}
	if d.Flows, d.SankeyJSON, d.Suppressed, err = sankey(res.Flows); err != nil {
		return err
	}
	d.Patterns = patterns(res, in, names)
	s.render(w, r, http.StatusOK, "journeys", view{Title: "Referral journeys", D: d})
	return nil
}

func decisionRows(stats []journey.ServiceStats, names map[string]string) []decisionRow {
	var out []decisionRow
	for _, st := range stats {
		name := names[st.ServiceID]
		if name == "" {
			name = st.ServiceID
		}
		row := decisionRow{Name: name, Tier: st.Tier, Referrals: st.Referrals, Accepted: st.Accepted, Declined: st.Declined,
			WithRoute: st.DeclinedWithRoute, DeclineRate: percent(st.DeclineRate(), st.Accepted+st.Declined),
			RouteShare: percent(st.RouteShare(), st.Declined), TopReason: "–",
			InconsistentProfiles: st.Inconsistent.Profiles, InconsistentReferrals: st.Inconsistent.Referrals}
		if len(st.TopReasons) > 0 {
			row.TopReason = st.TopReasons[0].Label
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Referrals > out[j].Referrals })
	return out
}

var flowLabels = map[string]string{
	"outcome:" + journey.OutcomeAccepted:     "Accepted",
	"outcome:" + journey.OutcomeDeclinedWith: "Declined, onward route given",
	"outcome:" + journey.OutcomeDeclinedNone: "Declined, no onward route",
	"outcome:" + journey.OutcomePending:      "Not yet decided",
}

func flowLabel(node string) string {
	if l, ok := flowLabels[node]; ok {
		return l
	}
	col, name, _ := strings.Cut(node, ":")
	switch col {
	case "referrer":
		return "From " + name
	case "service":
		return "To " + name
	}
	return node
}

// sankey keeps flows of 5 or more for the picture; smaller ones are listed
// in the table as "fewer than 5" and counted as not drawn.
func sankey(flows []journey.Flow) ([]flowRow, string, int, error) {
	var rows []flowRow
	nodes := map[string]bool{}
	var links []map[string]any
	suppressed := 0
	for _, f := range flows {
		rows = append(rows, flowRow{flowLabel(f.From), flowLabel(f.To), f.N})
		if f.N < 5 {
			suppressed++
			continue
		}
		nodes[flowLabel(f.From)], nodes[flowLabel(f.To)] = true, true
		links = append(links, map[string]any{"source": flowLabel(f.From), "target": flowLabel(f.To), "value": f.N})
	}
	var ns []map[string]string
	for n := range nodes {
		ns = append(ns, map[string]string{"name": n})
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i]["name"] < ns[j]["name"] })
	b, err := json.Marshal(map[string]any{"nodes": ns, "links": links})
	if err != nil {
		return nil, "", 0, fmt.Errorf("journeys sankey: %w", err)
	}
	return rows, string(b), suppressed, nil
}

// patterns counts the service sequences of people who fell through the gap,
// keeping only patterns shared by 5 or more people so none identifies anyone.
func patterns(res journey.Result, in journey.Input, names map[string]string) []patternRow {
	counts := map[string]int{}
	for _, j := range res.Journeys {
		if !j.FellThrough {
			continue
		}
		var steps []string
		for _, r := range j.Sequence(in)[:j.InPeriod] {
			step := directoryName(names, r.ServiceID)
			switch {
			case r.DecidedAt.IsZero():
				step += ": waiting"
			case r.Decision == care.DecisionDeclined:
				step += ": declined"
			default:
				step += ": accepted"
			}
			steps = append(steps, step)
		}
		counts[strings.Join(steps, "\x1f")]++
	}
	var out []patternRow
	for k, n := range counts {
		if n >= 5 {
			out = append(out, patternRow{Steps: strings.Split(k, "\x1f"), N: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return strings.Join(out[i].Steps, "") < strings.Join(out[j].Steps, "")
	})
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

func directoryName(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

func (s *Server) handleJourneysCSV(w http.ResponseWriter, r *http.Request) error {
	d, res, _, err := s.journeyResult(r)
	if err != nil {
		return err
	}
	names, err := s.serviceNames(r)
	if err != nil {
		return err
	}
	small := func(n int) string {
		if n > 0 && n < 5 {
			return "<5"
		}
		return fmt.Sprint(n)
	}
	rows := [][]string{
		{"# Referral decisions by service, " + d.From + " to " + d.To + "; counts from 1 to 4 shown as <5"},
		{"service", "tier", "referrals", "accepted", "declined", "decline_rate", "declines_with_onward_route", "onward_route_share", "top_decline_reason", "inconsistent_profiles", "referrals_in_inconsistent_profiles"},
	}
	for _, row := range decisionRows(res.Services, names) {
		rows = append(rows, []string{row.Name, row.Tier, small(row.Referrals), small(row.Accepted), small(row.Declined), row.DeclineRate,
			small(row.WithRoute), row.RouteShare, row.TopReason, small(row.InconsistentProfiles), small(row.InconsistentReferrals)})
	}
	return writeCSV(w, fmt.Sprintf("referral-decisions-%s-to-%s.csv", d.From, d.To), rows)
}

// serviceNames maps directory ids to the names people know services by.
func (s *Server) serviceNames(r *http.Request) (map[string]string, error) {
	svcs, err := s.db.Services(r.Context())
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(svcs))
	for _, sv := range svcs {
		names[sv.ID] = sv.Name
	}
	return names, nil
}
