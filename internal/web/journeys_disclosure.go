package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"throughline/internal/disclosure"
	"throughline/internal/journey"
)

// The rows of the people-and-decisions table. Parts a reader could work
// out by subtraction (declined once, declines without a route) are rows
// too, so that secondary suppression covers them.
const (
	jPeople = iota
	jReferrals
	jDecided
	jAccepted
	jDeclinedReferrals
	jPending
	jWithRoute
	jNoRoute
	jPeopleDeclined
	jDeclinedOnce
	jDeclinedTwice
	jFell
	jAE
	jCrisis
	jNothing
	jStillOpen
	jTreated
)

var journeyRows = []string{"people referred", "referrals", "decided", "accepted", "declined", "pending", "declines with an onward route",
	"declines without an onward route", "people declined", "declined once", "declined twice or more", "fell through the gap",
	"went to A&E", "went to another crisis service", "nothing recorded", "declined, not yet seen", "treated"}

func summaryCounts(s journey.Summary) []int {
	d := s.Decisions
	return []int{s.People, d.Referrals, d.Accepted + d.Declined, d.Accepted, d.Declined, d.Pending, d.DeclinedWithRoute,
		d.Declined - d.DeclinedWithRoute, s.Declined, s.Declined - s.DeclinedTwiceOrMore, s.DeclinedTwiceOrMore, s.FellThrough,
		s.Instead.AE, s.Instead.Crisis, s.Instead.NothingRecorded, s.StillOpen, s.Treated}
}

// decisionSums are the ways a row of decisions adds up, for tables laid
// out with decisions as columns or as rows.
func decisionSums(sum func(total int, parts ...int)) {
	sum(jReferrals, jDecided, jPending)
	sum(jDecided, jAccepted, jDeclinedReferrals)
	sum(jDeclinedReferrals, jWithRoute, jNoRoute)
}

// journeyColumn is one selection's figures as published: the whole
// selection, or one locality.
type journeyColumn struct {
	Name                                                   string
	People, Referrals, PeopleDeclined, DeclinedTwiceOrMore disclosure.Count
	FellThrough, AE, Crisis, NothingRecorded, StillOpen    disclosure.Count
	Treated                                                disclosure.Count
	DeclineRate, RouteShare, MedianDaysToTreatment         string
	MedianShown                                            bool
}

// discloseSummaries puts the whole selection and its localities in one
// table, the whole as the first column: the localities add up to it.
func discloseSummaries(all journey.Summary, areas []journey.Summary, names []string) ([]journeyColumn, *disclosure.Table) {
	sums := append([]journey.Summary{all}, areas...)
	cols := append([]string{"all"}, names...)
	counts := make([][]int, len(journeyRows))
	for i := range counts {
		counts[i] = make([]int, len(sums))
	}
	for j, s := range sums {
		for i, n := range summaryCounts(s) {
			counts[i][j] = n
		}
	}
	t := disclosure.NewTable("People and decisions by locality", journeyRows, cols, counts)
	if len(areas) > 0 {
		t.RowSums(0, seq(len(sums))[1:]...)
	}
	decisionSums(t.ColumnSums)
	t.ColumnSums(jPeopleDeclined, jDeclinedOnce, jDeclinedTwice)
	t.ColumnSums(jFell, jAE, jCrisis, jNothing)
	t.Protect()
	out := make([]journeyColumn, len(sums))
	for j, s := range sums {
		at := func(i int) disclosure.Count { return t.Cells[i][j] }
		cell := func(i int) disclosure.Cell { return disclosure.Cell{Row: i, Col: j} }
		c := journeyColumn{Name: cols[j], People: at(jPeople), Referrals: at(jReferrals), PeopleDeclined: at(jPeopleDeclined),
			DeclinedTwiceOrMore: at(jDeclinedTwice), FellThrough: at(jFell), AE: at(jAE), Crisis: at(jCrisis),
			NothingRecorded: at(jNothing), StillOpen: at(jStillOpen), Treated: at(jTreated),
			DeclineRate: t.Share(cell(jDeclinedReferrals), cell(jDecided), cell(jAccepted)).Format("–"),
			RouteShare:  t.Share(cell(jWithRoute), cell(jDeclinedReferrals), cell(jNoRoute)).Format("–"),
		}
		switch {
		case s.Treated == 0:
			c.MedianDaysToTreatment = "–"
		case !disclosure.Enough(s.Treated) || c.Treated.Suppressed():
			c.MedianDaysToTreatment = disclosure.Hidden
		default:
			c.MedianDaysToTreatment, c.MedianShown = fmt.Sprint(s.MedianDaysToTreatment), true
		}
		out[j] = c
	}
	return out, t
}

// The columns of the decisions-by-service table.
const (
	sReferrals = iota
	sDecided
	sAccepted
	sDeclined
	sPending
	sWithRoute
	sNoRoute
	sInconsistentProfiles
	sInconsistentReferrals
)

// allServices is the total row of decisions by service.
const allServices = "All services"

// discloseDecisions is decisions by service with a total row, each row
// adding up as referrals do.
func discloseDecisions(stats []journey.ServiceStats, total journey.Decisions, names map[string]string) ([]decisionRow, *disclosure.Table) {
	rows := make([]string, 0, len(stats)+1)
	counts := make([][]int, 0, len(stats)+1)
	decisions := make([]journey.Decisions, 0, len(stats)+1)
	for _, st := range stats {
		decisions = append(decisions, st.Decisions)
	}
	decisions = append(decisions, total)
	for i, d := range decisions {
		name := allServices
		if i < len(stats) {
			name = directoryName(names, stats[i].ServiceID)
		}
		rows = append(rows, name)
		counts = append(counts, []int{d.Referrals, d.Accepted + d.Declined, d.Accepted, d.Declined, d.Pending, d.DeclinedWithRoute,
			d.Declined - d.DeclinedWithRoute, d.Inconsistent.Profiles, d.Inconsistent.Referrals})
	}
	t := disclosure.NewTable("Referral decisions by service", rows, []string{"referrals", "decided", "accepted", "declined", "pending",
		"declines with an onward route", "declines without an onward route", "inconsistent profiles", "referrals in inconsistent profiles"}, counts)
	t.RowSums(sReferrals, sDecided, sPending)
	t.RowSums(sDecided, sAccepted, sDeclined)
	t.RowSums(sDeclined, sWithRoute, sNoRoute)
	t.ColumnSums(len(stats), seq(len(stats))...)
	t.Protect()
	out := make([]decisionRow, len(decisions))
	for i, d := range decisions {
		cell := func(j int) disclosure.Cell { return disclosure.Cell{Row: i, Col: j} }
		row := decisionRow{Name: rows[i], Referrals: t.Cells[i][sReferrals], Accepted: t.Cells[i][sAccepted], Declined: t.Cells[i][sDeclined],
			Pending: t.Cells[i][sPending], WithRoute: t.Cells[i][sWithRoute],
			DeclineRate: t.Share(cell(sDeclined), cell(sDecided), cell(sAccepted)).Format("–"),
			RouteShare:  t.Share(cell(sWithRoute), cell(sDeclined), cell(sNoRoute)).Format("–"),
			TopReason:   "–", InconsistentProfiles: t.Cells[i][sInconsistentProfiles], InconsistentReferrals: t.Cells[i][sInconsistentReferrals]}
		if i < len(stats) {
			row.Tier = stats[i].Tier
		}
		// The most common reason describes the people given it: only
		// when there are enough of them.
		if len(d.TopReasons) > 0 && disclosure.Enough(d.TopReasons[0].N) {
			row.TopReason = d.TopReasons[0].Label
		}
		out[i] = row
	}
	// Largest first by what is shown; hidden rows last, so their order
	// says nothing about their true size. The total stays last.
	services := out[:len(stats)]
	slices.SortStableFunc(services, func(a, b decisionRow) int {
		return cmp.Or(-cmp.Compare(a.Referrals.Shown(), b.Referrals.Shown()), cmp.Compare(a.Name, b.Name))
	})
	return out, t
}

// discloseFlows is the Sankey's links as a table of service tiers: the
// referrer tiers flowing in and the outcomes flowing out each add up to
// the tier's referrals, and the tiers to a total row.
func discloseFlows(flows []journey.Flow) ([]flowRow, string, int, *disclosure.Table, error) {
	var tiers, referrers []string
	for _, f := range flows {
		from, _, _ := strings.Cut(f.From, ":")
		_, to, _ := strings.Cut(f.To, ":")
		if from == "referrer" {
			referrers = append(referrers, f.From)
			tiers = append(tiers, to)
		}
	}
	slices.Sort(tiers)
	tiers = slices.Compact(tiers)
	slices.Sort(referrers)
	referrers = slices.Compact(referrers)
	outcomes := []string{"outcome:" + journey.OutcomeAccepted, "outcome:" + journey.OutcomeDeclinedWith, "outcome:" + journey.OutcomeDeclinedNone, "outcome:" + journey.OutcomePending}
	cols := append(append([]string{"referrals"}, referrers...), outcomes...)
	col := map[string]int{}
	for j, c := range cols {
		col[c] = j
	}
	row := map[string]int{}
	for i, tier := range tiers {
		row["service:"+tier] = i
	}
	counts := make([][]int, len(tiers)+1)
	for i := range counts {
		counts[i] = make([]int, len(cols))
	}
	for _, f := range flows {
		if i, ok := row[f.To]; ok { // referrer → tier
			counts[i][col[f.From]] += f.N
			counts[i][0] += f.N
		} else if i, ok := row[f.From]; ok { // tier → outcome
			counts[i][col[f.To]] += f.N
		}
	}
	for i := range tiers {
		for j := range cols {
			counts[len(tiers)][j] += counts[i][j]
		}
	}
	t := disclosure.NewTable("Flows by service tier", append(slices.Clone(tiers), "all tiers"), cols, counts)
	t.RowSums(0, seq(len(referrers) + 1)[1:]...)
	outParts := make([]int, len(outcomes))
	for k := range outcomes {
		outParts[k] = 1 + len(referrers) + k
	}
	t.RowSums(0, outParts...)
	t.ColumnSums(len(tiers), seq(len(tiers))...)
	t.Protect()

	var rows []flowRow
	nodes := map[string]bool{}
	var links []map[string]any
	hidden := 0
	add := func(from, to string, c disclosure.Count, raw int) {
		if raw == 0 {
			return
		}
		rows = append(rows, flowRow{flowLabel(from), flowLabel(to), c})
		v, ok := c.Value()
		if !ok {
			hidden++
			return
		}
		nodes[flowLabel(from)], nodes[flowLabel(to)] = true, true
		links = append(links, map[string]any{"source": flowLabel(from), "target": flowLabel(to), "value": v})
	}
	for i, tier := range tiers {
		for j, ref := range referrers {
			add(ref, "service:"+tier, t.Cells[i][j+1], counts[i][j+1])
		}
	}
	for i, tier := range tiers {
		for k, o := range outcomes {
			j := 1 + len(referrers) + k
			add("service:"+tier, o, t.Cells[i][j], counts[i][j])
		}
	}
	var ns []map[string]string
	for n := range nodes {
		ns = append(ns, map[string]string{"name": n})
	}
	slices.SortFunc(ns, func(a, b map[string]string) int { return cmp.Compare(a["name"], b["name"]) })
	b, err := json.Marshal(map[string]any{"nodes": ns, "links": links})
	if err != nil {
		return nil, "", 0, nil, fmt.Errorf("journeys sankey: %w", err)
	}
	return rows, string(b), hidden, t, nil
}
