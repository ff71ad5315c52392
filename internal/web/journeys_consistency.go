package web

import (
	"throughline/internal/disclosure"
	"throughline/internal/journey"
)

// consistencyRow is one service's decisions on profiles it both accepted
// and declined: the pairs behind "same profile, different decisions",
// counted, never listed.
type consistencyRow struct {
	Name, Tier                    string
	Referrals, Accepted, Declined disclosure.Count
}

// The columns of the same-profile table.
const (
	cReferrals = iota
	cAccepted
	cDeclined
)

// discloseConsistency adds the same-profile table to the page: for each
// service with an identical profile it both accepted and declined, how
// many of those referrals it accepted and how many it declined, through
// internal/disclosure like every other figure here. It has no total row:
// a chance pair at one service is a hidden cell, and a total would make
// secondary suppression hide a second service's pairs as well.
func (d *journeysData) discloseConsistency(stats []journey.ServiceStats, names map[string]string) {
	var rows []string
	var counts [][]int
	var tiers []string
	for _, st := range stats {
		acc, dec := 0, 0
		for _, p := range st.InconsistentProfiles {
			acc, dec = acc+p.Accepted, dec+p.Declined
		}
		if acc+dec == 0 {
			continue
		}
		rows, tiers = append(rows, directoryName(names, st.ServiceID)), append(tiers, st.Tier)
		counts = append(counts, []int{acc + dec, acc, dec})
	}
	if len(rows) == 0 {
		d.Consistency = nil
		return
	}
	t := disclosure.NewTable("Same profile, different decisions", rows,
		[]string{"referrals in same-profile groups", "accepted", "declined"}, counts)
	t.RowSums(cReferrals, cAccepted, cDeclined)
	t.Protect()
	d.Consistency = make([]consistencyRow, len(rows))
	for i := range rows {
		d.Consistency[i] = consistencyRow{Name: rows[i], Tier: tiers[i], Referrals: t.Cells[i][cReferrals], Accepted: t.Cells[i][cAccepted], Declined: t.Cells[i][cDeclined]}
	}
	d.Tables = append(d.Tables, t)
}
