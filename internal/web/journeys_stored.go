package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/disclosure"
	"throughline/internal/journey"
	"throughline/internal/store"
)

const reportJourneys = store.AggregateJourneys

// journeyFigures are the journeys page's raw figures for one selection:
// the analysis without its journeys (one per person, never stored), and
// the service sequences of those who fell through, counted.
type journeyFigures struct {
	Result   journey.Result
	Patterns []journeyPattern
	Sources  []string // other services whose imported journeys are counted (gapmap2)
}

// journeyPattern is one sequence of referrals shared by N people who
// fell through the gap, by service id; the page names the services.
type journeyPattern struct {
	Steps []patternStep
	N     int
}

type patternStep struct {
	Service string // directory id
	Outcome string // ": declined", ": waiting", ": accepted…"
}

// journeyParams is the canonical text of one selection.
func journeyParams(from, to, locality string) string {
	return url.Values{"from": {from}, "to": {to}, "locality": {locality}}.Encode()
}

// journeysDefaults are the views kept ready: the last twelve months for
// the whole region and for each locality.
func (s *Server) journeysDefaults(ctx context.Context, now time.Time) ([]string, error) {
	_, from, to, err := journeyFilter(url.Values{}, now)
	if err != nil {
		return nil, err
	}
	locs, err := s.db.Localities(ctx)
	if err != nil {
		return nil, err
	}
	out := []string{journeyParams(from, to, "")}
	for _, l := range locs {
		out = append(out, journeyParams(from, to, l.Code))
	}
	return out, nil
}

// computeJourneys analyses one selection's journeys as of now.
func (s *Server) computeJourneys(ctx context.Context, params string) (any, string, error) {
	q, err := url.ParseQuery(params)
	if err != nil {
		return nil, "", err
	}
	f, _, _, err := journeyFilter(q, s.db.Now())
	if err != nil {
		return nil, "", err
	}
	in, err := s.db.JourneyData(ctx, f.From, f.To, f.Locality)
	if err != nil {
		return nil, "", err
	}
	var out journeyFigures
	if out.Sources, err = s.withImportedJourneys(ctx, &in); err != nil {
		return nil, "", err
	}
	out.Result = journey.AnalyseCompact(&in, f)
	out.Patterns = rawPatterns(out.Result, &in)
	source := fmt.Sprintf("%d referrals of %d people", out.Result.Summary.Referrals, out.Result.Summary.People)
	out.Result.Journeys = nil
	return out, source, nil
}

// rawPatterns counts the service sequences of people who fell through the
// gap, every one however few share it: the page keeps only those shared
// by enough people.
func rawPatterns(res journey.Result, in *journey.Compact) []journeyPattern {
	counts := map[string]int{}
	steps := map[string][]patternStep{}
	for _, j := range res.Journeys {
		if !j.FellThrough {
			continue
		}
		var seq []patternStep
		var key []string
		for _, r := range in.Sequence(j)[:j.InPeriod] {
			step := patternStep{Service: r.ServiceID}
			switch {
			case r.DecidedAt.IsZero():
				step.Outcome = ": waiting"
			case r.Decision == care.DecisionDeclined:
				step.Outcome = ": declined"
			default:
				step.Outcome = acceptedLabel(r, j)
			}
			seq, key = append(seq, step), append(key, step.Service+step.Outcome)
		}
		k := strings.Join(key, "\x1f")
		counts[k]++
		steps[k] = seq
	}
	out := make([]journeyPattern, 0, len(counts))
	for k, n := range counts {
		out = append(out, journeyPattern{Steps: steps[k], N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].N > out[j].N || (out[i].N == out[j].N && stepsKey(out[i].Steps) < stepsKey(out[j].Steps))
	})
	return out
}

func stepsKey(steps []patternStep) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(s.Service + s.Outcome + "\x1f")
	}
	return b.String()
}

// patterns names the services of each pattern and keeps only those shared
// by enough people that none identifies anyone, the ten most common.
func patterns(raw []journeyPattern, names map[string]string) []patternRow {
	counts := map[string]int{}
	for _, p := range raw {
		steps := make([]string, len(p.Steps))
		for i, s := range p.Steps {
			steps[i] = directoryName(names, s.Service) + s.Outcome
		}
		counts[strings.Join(steps, "\x1f")] += p.N
	}
	var out []patternRow
	for k, n := range counts {
		if disclosure.Enough(n) {
			out = append(out, patternRow{Steps: strings.Split(k, "\x1f"), N: disclosure.NewCount(n)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := out[i].N.Shown(), out[j].N.Shown(); a != b {
			return a > b
		}
		return strings.Join(out[i].Steps, "") < strings.Join(out[j].Steps, "")
	})
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

// handleJourneysRefresh queues the selection to be computed again as soon
// as a process is free, and goes back to the page, which says so.
func (s *Server) handleJourneysRefresh(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	q := url.Values{"from": {r.PostForm.Get("from")}, "to": {r.PostForm.Get("to")}, "locality": {r.PostForm.Get("locality")}}
	d, err := s.journeySelection(r.Context(), q)
	if err != nil {
		return err
	}
	return s.queueRefresh(w, r, reportJourneys, journeyParams(d.From, d.To, d.Locality),
		"/gaps/journeys?"+url.Values{"from": {d.From}, "to": {d.To}, "locality": {d.Locality}}.Encode())
}
