package indicators

import "throughline/internal/disclosure"

// dimension is one way referrals are grouped for equity and inclusion.
type dimension struct {
	name string
	of   func(Group) string
}

var dimensions = []dimension{
	{"Ethnicity", func(g Group) string { return g.Ethnicity }},
	{"Gender", func(g Group) string { return g.Gender }},
	{"Age band at referral", func(g Group) string { return g.AgeBand }},
	{"Sexuality", func(g Group) string { return g.Sexuality }},
}

// groupOf is the group a referral counts in, "Not recorded" when missing.
func (d dimension) groupOf(g Group) (string, bool) {
	v := d.of(g)
	if v == "" || v == "unknown" {
		return NotRecorded, false
	}
	return v, true
}

// InclusiveTable sets each group's share of the decisions made against its
// share of the referrals: a group whose share of declines is well above
// its share of referrals is being turned away more than others.
type InclusiveTable struct {
	Dimension string
	Rows      []InclusiveRow // the groups, then AllGroups
	Table     *disclosure.Table
}

// InclusiveRow is one group's shares, already disclosed.
type InclusiveRow struct {
	Group                               string
	OfReferrals, OfAccepted, OfDeclined string
	Referrals, Accepted, Declined       string
}

// Inclusive counts referrals, acceptances and declines by group for each
// dimension (sexuality only when any is recorded), protected as one table
// per dimension with the all-groups row as the column totals, and each
// share worked out from the protected cells.
func Inclusive(refs []Referral) []InclusiveTable { return inclusive(dimensionFigures(refs)) }

func inclusive(dims []DimensionFigures) []InclusiveTable {
	const accepted, declined, referrals = 0, 1, 2
	var out []InclusiveTable
	for _, d := range dims {
		if (d.Dimension == "Sexuality" && !d.Recorded) || d.All.Referrals == 0 {
			continue
		}
		var groups []string
		grid := make([][]int, 0, len(d.Groups)+1)
		for _, g := range append(append([]GroupFigures{}, d.Groups...), d.All) {
			groups, grid = append(groups, g.Group), append(grid, []int{g.Accepted, g.Declined, g.Referrals})
		}
		all := len(d.Groups)
		t := InclusiveTable{Dimension: d.Dimension, Table: disclosure.NewTable("Inclusive by "+d.Dimension, groups, []string{"accepted", "declined", "referrals"}, grid)}
		t.Table.ColumnSums(all, seq(all)...)
		t.Table.Protect()
		shareIn := func(i, j int) string {
			var rest []disclosure.Cell
			for k := range all {
				if k != i {
					rest = append(rest, disclosure.Cell{Row: k, Col: j})
				}
			}
			return t.Table.Share(disclosure.Cell{Row: i, Col: j}, disclosure.Cell{Row: all, Col: j}, rest...).Format("none to count")
		}
		for i, g := range groups {
			row := InclusiveRow{Group: g, Referrals: t.Table.Cells[i][referrals].String(), Accepted: t.Table.Cells[i][accepted].String(), Declined: t.Table.Cells[i][declined].String()}
			if i < all {
				row.OfReferrals, row.OfAccepted, row.OfDeclined = shareIn(i, referrals), shareIn(i, accepted), shareIn(i, declined)
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out
}
