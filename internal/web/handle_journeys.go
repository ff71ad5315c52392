package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"throughline/internal/csvsafe"
	"throughline/internal/disclosure"
	"throughline/internal/journey"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// journeysData is aggregate only: counts disclosed through
// internal/disclosure and journeys reduced to patterns of services, never
// a person.
type journeysData struct {
	From, To   string // YYYY-MM-DD, UK dates
	Locality   string
	Localities []form.Option
	CSVURL     string
	Summary    journeyColumn
	Services   []decisionRow // the last row is all services
	Areas      []journeyColumn
	Flows      []flowRow
	Patterns   []patternRow
	SankeyJSON string
	Hidden     int // flows not drawn because their count is not shown
	// Sources name the other services whose imported journeys are
	// counted with Throughline's own (gapmap2).
	Sources []string
	// Consistency is the same-profile table (refercheck).
	Consistency []consistencyRow
	// Tables are what every number on the page and in its download was
	// disclosed from, for the differencing check.
	Tables []*disclosure.Table
	Stored aggregateState // how fresh the stored figures are (stored_aggregates.go)
}

type decisionRow struct {
	Name, Tier                                        string
	Referrals, Accepted, Declined, Pending, WithRoute disclosure.Count
	DeclineRate, RouteShare                           string
	TopReason                                         string
	InconsistentProfiles, InconsistentReferrals       disclosure.Count
}

type flowRow struct {
	From, To string
	N        disclosure.Count
}

type patternRow struct {
	Steps []string
	N     disclosure.Count
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

// journeySelection reads and checks the page's selection: the period and
// a locality from the list.
func (s *Server) journeySelection(ctx context.Context, q url.Values) (journeysData, error) {
	f, from, to, ferr := journeyFilter(q, s.db.Now())
	d := journeysData{From: from, To: to, Locality: f.Locality}
	locs, err := s.db.Localities(ctx)
	if err != nil {
		return d, err
	}
	valid := f.Locality == ""
	for _, l := range locs {
		d.Localities = append(d.Localities, form.Option{Value: l.Code, Label: l.Name})
		valid = valid || l.Code == f.Locality
	}
	if ferr == nil && !valid {
		ferr = &problem.Error{Code: problem.Invalid, Message: "Choose a locality from the list", Fields: map[string]string{"locality": "Choose a locality from the list"}}
	}
	return d, ferr
}

// journeyResult reads the stored figures for the page's selection
// (stored aggregates: they are computed in the background).
func (s *Server) journeyResult(r *http.Request) (journeysData, journeyFigures, error) {
	var fig journeyFigures
	d, err := s.journeySelection(r.Context(), r.URL.Query())
	d.CSVURL = journeysCSVURL(r.URL.RawQuery)
	if err != nil {
		return d, fig, err
	}
	if d.Stored, err = s.storedFigures(r.Context(), reportJourneys, journeyParams(d.From, d.To, d.Locality), &fig); err != nil {
		return d, fig, err
	}
	query := url.Values{"from": {d.From}, "to": {d.To}, "locality": {d.Locality}}
	d.Stored.RefreshURL, d.Stored.PageURL = "/gaps/journeys/refresh", "/gaps/journeys?"+query.Encode()
	d.Stored.PollURL = d.Stored.PageURL + "&poll=1"
	d.Stored.Fields = map[string]string{"from": d.From, "to": d.To, "locality": d.Locality}
	d.Sources = fig.Sources
	return d, fig, nil
}

func (s *Server) handleJourneys(w http.ResponseWriter, r *http.Request) error {
	d, fig, err := s.journeyResult(r)
	switch problem.Code(err) {
	case "":
	case problem.Invalid:
		s.render(w, r, http.StatusUnprocessableEntity, "journeys", view{Title: "Referral journeys", D: d, Errors: errorsFrom(err)})
		return nil
	default:
		return err
	}
	if pollAggregate(w, r, d.Stored) {
		return nil
	}
	if d.Stored.Ready {
		names, err := s.serviceNames(r)
		if err != nil {
			return err
		}
		locNames := map[string]string{}
		for _, l := range d.Localities {
			locNames[l.Value] = l.Label
		}
		if err := d.disclose(fig, names, locNames); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "journeys", view{Title: "Referral journeys", D: d})
	return nil
}

// disclose fills the page's figures from stored raw figures, every one
// through internal/disclosure.
func (d *journeysData) disclose(fig journeyFigures, names, locNames map[string]string) error {
	res := fig.Result
	var areas []journey.Summary
	var areaNames []string
	for _, l := range res.Localities {
		name := locNames[l.Locality]
		if name == "" {
			name = l.Locality
		}
		areas, areaNames = append(areas, l.Summary), append(areaNames, name)
	}
	cols, summaries := discloseSummaries(res.Summary, areas, areaNames)
	d.Summary, d.Areas = cols[0], cols[1:]
	services, decisions := discloseDecisions(res.Services, res.Summary.Decisions, names)
	d.Services = services
	flows, sankey, hidden, flowTable, err := discloseFlows(res.Flows)
	if err != nil {
		return err
	}
	d.Flows, d.SankeyJSON, d.Hidden = flows, sankey, hidden
	d.Patterns = patterns(fig.Patterns, names)
	d.Tables = []*disclosure.Table{summaries, decisions, flowTable}
	d.discloseConsistency(res.Services, names) // refercheck: the pairs' decisions, aggregate
	return nil
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

// acceptedLabel explains an acceptance in the journey of someone who fell
// through: one decided more than 90 days after the decline that left them
// without help came too late to hold them, and one within the window did
// not start treatment in time (gapmap2).
func acceptedLabel(r journey.Referral, j journey.Journey) string {
	switch {
	case r.DecidedAt.After(j.GapStart.Add(journey.FollowUp)):
		return ": accepted late (more than 90 days after the decline)"
	case !r.DecidedAt.Before(j.GapStart):
		return ": accepted, treatment not started within 90 days"
	}
	return ": accepted"
}

func directoryName(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

func (s *Server) handleJourneysCSV(w http.ResponseWriter, r *http.Request) error {
	d, fig, err := s.journeyResult(r)
	if err != nil {
		return err
	}
	if !d.Stored.Ready {
		return preparing(w)
	}
	names, err := s.serviceNames(r)
	if err != nil {
		return err
	}
	if err := d.disclose(fig, names, nil); err != nil {
		return err
	}
	return writeCSV(w, fmt.Sprintf("referral-decisions-%s-to-%s.csv", d.From, d.To), journeysCSV(d))
}

// journeysCSVHeader names the download's columns; the differencing check
// reads them back.
var journeysCSVHeader = []string{"service", "tier", "referrals", "accepted", "declined", "pending", "decline_rate", "declines_with_onward_route",
	"onward_route_share", "top_decline_reason", "inconsistent_profiles", "referrals_in_inconsistent_profiles"}

func journeysCSV(d journeysData) [][]csvsafe.Cell {
	rows := [][]csvsafe.Cell{
		csvsafe.Texts("# Referral decisions by service, " + d.From + " to " + d.To + ". " + disclosure.Hint),
		csvsafe.Texts(journeysCSVHeader...),
	}
	for _, row := range d.Services {
		rows = append(rows, append(csvsafe.Texts(row.Name, row.Tier),
			csvCount(row.Referrals), csvCount(row.Accepted), csvCount(row.Declined), csvCount(row.Pending), csvsafe.Text(row.DeclineRate),
			csvCount(row.WithRoute), csvsafe.Text(row.RouteShare), csvsafe.Text(row.TopReason), csvCount(row.InconsistentProfiles), csvCount(row.InconsistentReferrals)))
	}
	return rows
}

// csvCount writes a disclosed count as a number, or the hidden wording.
func csvCount(c disclosure.Count) csvsafe.Cell {
	if v, ok := c.Value(); ok {
		return csvsafe.Int(v)
	}
	return csvsafe.Text(c.String())
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
