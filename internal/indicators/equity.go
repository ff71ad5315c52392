package indicators

import (
	"math"
	"slices"
	"strings"

	"throughline/internal/care"
)

// NotRecorded is the group for people whose answer was not recorded: it is
// a group of its own, never dropped, so gaps in recording stay visible.
const NotRecorded = care.NotRecorded

// EquityTable is access and waits by one dimension (ethnicity, gender, age
// band, sexuality).
type EquityTable struct {
	Dimension string
	Rows      []EquityRow
}

// EquityRow is one group. Wait is the median days to assessment for the
// chart, or -1 when suppressed or none.
type EquityRow struct {
	Group      string
	Referrals  string
	Acceptance string
	MedianWait string
	Wait       float64
}

type groupStats struct {
	referrals, decided, accepted int
	waits                        []float64
}

// Equity groups referrals by ethnicity, gender and age band, and by
// sexuality when any is recorded.
func Equity(refs []Referral) []EquityTable {
	dims := []struct {
		name string
		of   func(Group) string
	}{
		{"Ethnicity", func(g Group) string { return g.Ethnicity }},
		{"Gender", func(g Group) string { return g.Gender }},
		{"Age band at referral", func(g Group) string { return g.AgeBand }},
		{"Sexuality", func(g Group) string { return g.Sexuality }},
	}
	var out []EquityTable
	for _, d := range dims {
		by := map[string]*groupStats{}
		recorded := false
		for _, r := range refs {
			g := d.of(r.Group)
			if g == "" || g == "unknown" {
				g = NotRecorded
			} else {
				recorded = true
			}
			s, ok := by[g]
			if !ok {
				s = &groupStats{}
				by[g] = s
			}
			s.referrals++
			if r.Decision != care.DecisionPending {
				s.decided++
			}
			if r.Decision == care.DecisionAccepted {
				s.accepted++
			}
			if !r.FirstAssessment.IsZero() {
				s.waits = append(s.waits, DaysBetween(r.ReceivedAt, r.FirstAssessment, r.Paused))
			}
		}
		if d.name == "Sexuality" && !recorded {
			continue
		}
		t := EquityTable{Dimension: d.name}
		for _, g := range sortedGroups(by) {
			s := by[g]
			row := EquityRow{Group: g, Referrals: Count(s.referrals), Acceptance: Share(s.accepted, s.decided), MedianWait: Suppressed, Wait: -1}
			switch {
			case len(s.waits) == 0:
				row.MedianWait = "none assessed"
			case len(s.waits) >= SmallNumber:
				row.Wait = math.Round(Median(s.waits))
				row.MedianWait = Days(row.Wait)
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}

// sortKey puts "under 18" before the numbered age bands, which otherwise
// sort as text.
func sortKey(g string) string {
	if strings.HasPrefix(g, "under ") {
		return "\x00" + g
	}
	return g
}

// sortedGroups orders groups by name (age bands youngest first) with "Not
// recorded" last.
func sortedGroups(by map[string]*groupStats) []string {
	var gs []string
	for g := range by {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == NotRecorded:
			return 1
		case b == NotRecorded:
			return -1
		case sortKey(a) < sortKey(b):
			return -1
		}
		return 1
	})
	return gs
}
