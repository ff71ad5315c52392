// Package measures is the outcome-measure engine: a measure is data (items,
// response range, scoring rule, subscales, clinical cut-off, reliable-change
// threshold, missing-item rule, licence), and scoring, caseness and change
// are computed from it. Pure Go.
package measures

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"throughline/internal/problem"
)

// Rule is how items combine into a score.
type Rule string

// Scoring rules.
const (
	Sum  Rule = "sum"
	Mean Rule = "mean"
)

// Band is a severity band starting at Min (inclusive).
type Band struct {
	Min   float64
	Label string
}

// Subscale is a named score over some items (1-based item numbers).
type Subscale struct {
	Name  string
	Items []int
	Rule  Rule
	// MinAnswered is how many of its items must be answered for a score.
	MinAnswered int
}

// Measure describes a questionnaire completely enough to score it.
type Measure struct {
	ID      string
	Name    string
	Items   int
	MinItem int
	MaxItem int
	// Required is how many items must be answered; fewer is an error.
	// When Prorate is set and some (allowed) items are missing, a Sum total
	// is scaled up to the full item count.
	Required int
	Prorate  bool
	Rule     Rule
	// Reverse lists items scored as MaxItem+MinItem-answer.
	Reverse   []int
	Subscales []Subscale
	// TotalFrom names the subscale reported as the total, for measures
	// whose headline score is a subscale (DIALOG).
	TotalFrom string
	Bands     []Band
	// Cutoff: a total at or above it is "case" (clinical range). Zero means
	// the measure has no cut-off.
	Cutoff float64
	// ReliableChange is the smallest change in total that is beyond
	// measurement error. Zero: not defined.
	ReliableChange float64
	// HigherIsBetter: improvement is an increase (DIALOG, GBO).
	HigherIsBetter bool
	// RiskItems are flagged for the worker whenever answered above MinItem.
	RiskItems []int
	Licence   string
	Source    string
	// Wording, exactly as the published form (see wording.go).
	Stem     string
	ItemText []string
	Options  []Option
	// NotApplicable lists items that may be answered "does not apply",
	// which is kept as a missing answer.
	NotApplicable []int
	// Copyright is the line shown wherever the form or its results are.
	Copyright string
}

// Option is one response option: the value scored and its label.
type Option struct {
	Value int    `json:"value"`
	Label string `json:"label"`
}

// Score is a scored administration.
type Score struct {
	Measure   string             `json:"measure"`
	Total     float64            `json:"total"`
	Subscales map[string]float64 `json:"subscales"`
	Severity  string             `json:"severity"`
	Case      bool               `json:"case"`
	Missing   int                `json:"missing"`
	Prorated  bool               `json:"prorated"`
	Flags     []string           `json:"flags,omitempty"`
}

// ParseAnswers reads comma-separated answers; an empty field is a missing
// answer. It checks only the form; Score checks ranges and counts.
func ParseAnswers(s string) ([]*int, error) {
	if len(s) > 1000 {
		return nil, problem.Errorf(problem.Invalid, "answers are too long")
	}
	parts := strings.Split(s, ",")
	out := make([]*int, len(parts))
	var bad []string
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			bad = append(bad, fmt.Sprintf("answer %d (%q) is not a whole number", i+1, p))
			continue
		}
		out[i] = &n
	}
	if len(bad) > 0 {
		return nil, problem.Errorf(problem.Invalid, "%s", strings.Join(bad, "; "))
	}
	return out, nil
}

// Score validates answers and scores them.
func (m *Measure) Score(answers []*int) (Score, error) {
	if len(answers) != m.Items {
		return Score{}, problem.Errorf(problem.Invalid, "%s has %d items; %d answers were given", m.Name, m.Items, len(answers))
	}
	var bad []string
	vals := make([]float64, m.Items)
	answered := make([]bool, m.Items)
	s := Score{Measure: m.ID, Subscales: map[string]float64{}}
	for i, a := range answers {
		if a == nil {
			s.Missing++
			continue
		}
		if *a < m.MinItem || *a > m.MaxItem {
			bad = append(bad, fmt.Sprintf("item %d must be from %d to %d, not %d", i+1, m.MinItem, m.MaxItem, *a))
			continue
		}
		answered[i] = true
		v := float64(*a)
		if slices.Contains(m.Reverse, i+1) {
			v = float64(m.MaxItem + m.MinItem - *a)
		}
		vals[i] = v
	}
	if len(bad) > 0 {
		return Score{}, problem.Errorf(problem.Invalid, "%s: %s", m.Name, strings.Join(bad, "; "))
	}
	if n := m.Items - s.Missing; n < m.Required {
		return Score{}, problem.Errorf(problem.Invalid, "%s needs at least %d of %d items answered to be scored; %d were", m.Name, m.Required, m.Items, n)
	}
	all := make([]int, m.Items)
	for i := range all {
		all[i] = i + 1
	}
	total, _ := combine(vals, answered, all, m.Rule)
	if m.Rule == Sum && s.Missing > 0 {
		if !m.Prorate {
			return Score{}, problem.Errorf(problem.Invalid, "%s cannot be scored with missing items", m.Name)
		}
		total = total * float64(m.Items) / float64(m.Items-s.Missing)
		s.Prorated = true
	}
	for _, sub := range m.Subscales {
		v, n := combine(vals, answered, sub.Items, sub.Rule)
		if n < sub.MinAnswered {
			return Score{}, problem.Errorf(problem.Invalid, "%s: %s needs at least %d of its %d items answered", m.Name, sub.Name, sub.MinAnswered, len(sub.Items))
		}
		s.Subscales[sub.Name] = round2(v)
	}
	if m.TotalFrom != "" {
		total = s.Subscales[m.TotalFrom]
	}
	s.Total = round2(total)
	for _, b := range m.Bands {
		if s.Total >= b.Min {
			s.Severity = b.Label
		}
	}
	s.Case = m.Cutoff > 0 && s.Total >= m.Cutoff
	for _, it := range m.RiskItems {
		if answered[it-1] && *answers[it-1] > m.MinItem {
			s.Flags = append(s.Flags, fmt.Sprintf("item %d (risk) answered %d: check in with the person about their safety", it, *answers[it-1]))
		}
	}
	return s, nil
}

func combine(vals []float64, answered []bool, items []int, rule Rule) (float64, int) {
	sum, n := 0.0, 0
	for _, it := range items {
		if answered[it-1] {
			sum += vals[it-1]
			n++
		}
	}
	if rule == Mean {
		if n == 0 {
			return 0, 0
		}
		return sum / float64(n), n
	}
	return sum, n
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Catalogue lists measures by id.
func Catalogue() map[string]*Measure {
	out := map[string]*Measure{}
	for _, m := range all {
		out[m.ID] = m
	}
	return out
}

// IDs lists the catalogue's measure ids, sorted.
func IDs() []string {
	var ids []string
	for _, m := range all {
		ids = append(ids, m.ID)
	}
	sort.Strings(ids)
	return ids
}
