package indicators

import (
	"math"
	"slices"
	"strings"

	"throughline/internal/care"
	"throughline/internal/disclosure"
)

// NotRecorded is the group for people whose answer was not recorded: it is
// a group of its own, never dropped, so gaps in recording stay visible.
const NotRecorded = care.NotRecorded

// EquityTable is access and waits by one dimension (ethnicity, gender, age
// band, sexuality).
type EquityTable struct {
	Dimension string
	Rows      []EquityRow // the groups, then AllGroups
	Table     *disclosure.Table
}

// AllGroups is the last row of an equity table. It is shown so that each
// table is protected on its own: the total is public, so the groups of
// one dimension cannot be used to undo suppression in another.
const AllGroups = "All referrals"

// EquityRow is one group. Wait is the median days to assessment for the
// chart, or -1 when not shown or none.
type EquityRow struct {
	Group      string
	Referrals  string
	Acceptance string
	MedianWait string
	Wait       float64
}

type groupStats struct {
	referrals, decided, accepted, declined int
	waits                                  []float64
}

// Equity groups referrals by ethnicity, gender and age band, and by
// sexuality when any is recorded.
func Equity(refs []Referral) []EquityTable { return equity(dimensionFigures(refs)) }

func equity(dims []DimensionFigures) []EquityTable {
	var out []EquityTable
	for _, d := range dims {
		if d.Dimension == "Sexuality" && !d.Recorded {
			continue
		}
		stats := append(append([]GroupFigures{}, d.Groups...), d.All)
		groups := make([]string, 0, len(stats))
		counts := make([][]int, 0, len(stats))
		for _, g := range stats {
			groups, counts = append(groups, g.Group), append(counts, []int{g.Referrals})
		}
		t := EquityTable{Dimension: d.Dimension, Table: disclosure.NewTable("Equity by "+d.Dimension, groups, []string{"referrals"}, counts)}
		t.Table.ColumnSums(len(groups)-1, seq(len(groups)-1)...)
		t.Table.Protect()
		for i, s := range stats {
			row := EquityRow{Group: s.Group, Referrals: t.Table.Cells[i][0].String(), Acceptance: disclosure.NewShare(s.Accepted, s.Decided).Format("none to count"), MedianWait: disclosure.Hidden, Wait: -1}
			switch {
			case s.Waits.N == 0:
				row.MedianWait = "none assessed"
			case disclosure.Enough(s.Waits.N):
				row.Wait = math.Round(s.Waits.Median)
				row.MedianWait = Days(row.Wait)
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}

func (s *groupStats) add(r Referral) {
	s.referrals++
	if r.Decision != care.DecisionPending {
		s.decided++
	}
	switch r.Decision {
	case care.DecisionAccepted:
		s.accepted++
	case care.DecisionDeclined:
		s.declined++
	}
	if !r.FirstAssessment.IsZero() {
		s.waits = append(s.waits, DaysBetween(r.ReceivedAt, r.FirstAssessment, r.Paused))
	}
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
