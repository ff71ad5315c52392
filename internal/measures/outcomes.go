package measures

import (
	"fmt"
	"sort"

	"throughline/internal/disclosure"
)

// Trajectory is one person's scores on one measure in time order, with the
// change from first to latest once there are two.
type Trajectory struct {
	Measure   *Measure
	Responses []Response
	Change    *Change
}

// Trajectories groups responses by measure, in catalogue order, each in time
// order, and compares first with latest.
func Trajectories(rs []Response) []Trajectory {
	by := map[string][]Response{}
	for _, r := range rs {
		by[r.MeasureID] = append(by[r.MeasureID], r)
	}
	var out []Trajectory
	for _, m := range all {
		list := by[m.ID]
		if len(list) == 0 {
			continue
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].TakenAt.Before(list[j].TakenAt) })
		t := Trajectory{Measure: m, Responses: list}
		if len(list) > 1 {
			c := m.Compare(list[0].Score, list[len(list)-1].Score)
			t.Change = &c
		}
		out = append(out, t)
	}
	return out
}

// RuleInWords says a measure's change rules as a sentence a person can
// check: "PHQ-9 reliable change is a drop of 6 or more (source)".
func (m *Measure) RuleInWords() string {
	if m.ReliableChange == 0 {
		return fmt.Sprintf("%s has no published reliable-change threshold, so change is shown but not judged (%s).", m.Name, m.Source)
	}
	way, better := "drop", "lower"
	if m.HigherIsBetter {
		way, better = "rise", "higher"
	}
	s := fmt.Sprintf("%s reliable change is a %s of %g or more (%s); %s scores are better.", m.Name, way, m.ReliableChange, m.Source, better)
	if m.Cutoff > 0 {
		s += fmt.Sprintf(" Recovery: %g or more at first (the clinical range) and below %g at the latest.", m.Cutoff, m.Cutoff)
	}
	return s
}

// Pair is one person's first and latest on a measure within a team and
// modality, for service-level summaries.
type Pair struct {
	Team     string
	Modality string
	Change   Change
	// CaseAtFirst: in the clinical range at first (the recovery base).
	CaseAtFirst bool
}

// Outcome summarises pairs for a team, modality and measure.
type Outcome struct {
	Team         string
	Modality     string
	MeasureID    string
	Pairs        int
	Improved     int
	Deteriorated int
	// CasesAtFirst is the denominator for recovery.
	CasesAtFirst int
	Recovered    int
}

// Summarise counts reliable improvement, deterioration and recovery per
// team, modality and measure.
func Summarise(pairs []Pair) []Outcome {
	type key struct{ team, modality, measure string }
	by := map[key]*Outcome{}
	var keys []key
	for _, p := range pairs {
		k := key{p.Team, p.Modality, p.Change.Measure}
		o, ok := by[k]
		if !ok {
			o = &Outcome{Team: p.Team, Modality: p.Modality, MeasureID: p.Change.Measure}
			by[k] = o
			keys = append(keys, k)
		}
		o.Pairs++
		switch p.Change.Direction {
		case "reliable improvement":
			o.Improved++
		case "reliable deterioration":
			o.Deteriorated++
		}
		if p.CaseAtFirst {
			o.CasesAtFirst++
		}
		if p.Change.Recovered {
			o.Recovered++
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.team != b.team {
			return a.team < b.team
		}
		if a.modality != b.modality {
			return a.modality < b.modality
		}
		return a.measure < b.measure
	})
	out := make([]Outcome, len(keys))
	for i, k := range keys {
		out[i] = *by[k]
	}
	return out
}

// Disclosed is an outcome as it may be published: the count of pairs and
// shares worked out from rounded counts. Improved, deteriorated and no
// reliable change add up to the pairs, so they are disclosed as one table
// and a share is hidden wherever one of them is.
type Disclosed struct {
	Pairs                             disclosure.Count
	Improved, Deteriorated, Recovered disclosure.Share
	// Table is what the shares were worked out from, for the
	// differencing check.
	Table *disclosure.Table
}

// Disclose applies disclosure control to an outcome.
func (o Outcome) Disclose() Disclosed {
	name := o.Team + ", " + o.Modality + ", " + o.MeasureID
	t := disclosure.NewTable(name, []string{name}, []string{"pairs", "improved", "deteriorated", "no reliable change", "in the clinical range at first", "recovered", "not recovered"},
		[][]int{{o.Pairs, o.Improved, o.Deteriorated, o.Pairs - o.Improved - o.Deteriorated, o.CasesAtFirst, o.Recovered, o.CasesAtFirst - o.Recovered}})
	t.RowSums(0, 1, 2, 3)
	t.RowSums(4, 5, 6)
	t.Protect()
	cell := func(j int) disclosure.Cell { return disclosure.Cell{Row: 0, Col: j} }
	return Disclosed{
		Pairs:        t.Cells[0][0],
		Improved:     t.Share(cell(1), cell(0), cell(2), cell(3)),
		Deteriorated: t.Share(cell(2), cell(0), cell(1), cell(3)),
		Recovered:    t.Share(cell(5), cell(4), cell(6)),
		Table:        t,
	}
}
