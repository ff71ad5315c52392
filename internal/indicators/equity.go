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
	referrals, decided, accepted int
	waits                        []float64
}

// Equity groups referrals by ethnicity, gender and age band, and by
// sexuality when any is recorded.
func Equity(refs []Referral) []EquityTable {
	var out []EquityTable
	for _, d := range dimensions {
		by := map[string]*groupStats{}
		all := &groupStats{}
		recorded := false
		for _, r := range refs {
			g, ok := d.groupOf(r.Group)
			recorded = recorded || ok
			s, ok := by[g]
			if !ok {
				s = &groupStats{}
				by[g] = s
			}
			s.add(r)
			all.add(r)
		}
		if d.name == "Sexuality" && !recorded {
			continue
		}
		groups := sortedGroups(by)
		stats := make([]*groupStats, 0, len(groups)+1)
		counts := make([][]int, 0, len(groups)+1)
		for _, g := range groups {
			stats, counts = append(stats, by[g]), append(counts, []int{by[g].referrals})
		}
		stats, counts = append(stats, all), append(counts, []int{all.referrals})
		groups = append(groups, AllGroups)
		t := EquityTable{Dimension: d.name, Table: disclosure.NewTable("Equity by "+d.name, groups, []string{"referrals"}, counts)}
		t.Table.ColumnSums(len(groups)-1, seq(len(groups)-1)...)
		t.Table.Protect()
		for i, g := range groups {
			s := stats[i]
			row := EquityRow{Group: g, Referrals: t.Table.Cells[i][0].String(), Acceptance: disclosure.NewShare(s.accepted, s.decided).Format("none to count"), MedianWait: disclosure.Hidden, Wait: -1}
			switch {
			case len(s.waits) == 0:
				row.MedianWait = "none assessed"
			case disclosure.Enough(len(s.waits)):
				row.Wait = math.Round(Median(s.waits))
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
	if r.Decision == care.DecisionAccepted {
		s.accepted++
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
