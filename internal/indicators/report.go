package indicators

import (
	"strconv"

	"throughline/internal/care"
	"throughline/internal/disclosure"
)

// Indicator is one measured principle: its value already suppressed, what
// it means in one plain sentence and the rule that computes it.
type Indicator struct {
	Name    string
	Value   string
	Meaning string
	Rule    string
}

// Section is one principle with its indicators, and the tables behind
// indicators that add up, kept for the differencing check.
type Section struct {
	Principle  string
	Indicators []Indicator
	Tables     []*disclosure.Table
}

// Report is every indicator for one scope and period. It holds counts
// and shares only: nothing in it identifies anyone.
type Report struct {
	Sections []Section
	Liaison  []LiaisonRow
	Equity   []EquityTable
	// Inclusive is decisions by group against the make-up of referrals.
	Inclusive []InclusiveTable
	// Tables are every table the report's counts were disclosed from.
	Tables []*disclosure.Table
}

// LiaisonRow counts liaison records with one kind of agency.
type LiaisonRow struct {
	Agency string
	Count  string
}

// Compute applies every rule to the facts.
func Compute(f Facts) Report { return FromFigures(Summarise(f)) }

// FromFigures discloses the figures as the report.
func FromFigures(f Figures) Report {
	r := Report{Sections: []Section{
		timely(f), consistent(f), followedUp(f), continuity(f), coProduced(f), collaborative(f), evidenceBased(f),
	}}
	r.Liaison, _ = liaisonByAgency(f.Liaison)
	r.Equity = equity(f.Dimensions)
	for _, s := range r.Sections {
		r.Tables = append(r.Tables, s.Tables...)
	}
	for _, e := range r.Equity {
		r.Tables = append(r.Tables, e.Table)
	}
	r.Inclusive = inclusive(f.Dimensions)
	for _, e := range r.Inclusive {
		r.Tables = append(r.Tables, e.Table)
	}
	return r
}

// liaisonByAgency is liaison records by agency with the total as its last
// row: the total is an indicator of its own, so an agency's hidden count
// needs another hidden beside it.
func liaisonByAgency(liaison map[string]int) ([]LiaisonRow, *disclosure.Table) {
	var names []string
	var counts [][]int
	total, listed := 0, 0
	for _, n := range liaison {
		total += n
	}
	for _, a := range care.Agencies {
		if n := liaison[a.Code]; n > 0 {
			names, counts = append(names, a.Label), append(counts, []int{n})
			listed += n
		}
	}
	if total > listed {
		names, counts = append(names, "Other agencies"), append(counts, []int{total - listed})
	}
	t := disclosure.NewTable("Liaison by agency", append(names, "All agencies"), []string{"liaison records"}, append(counts, []int{total}))
	t.ColumnSums(len(names), seq(len(names))...)
	t.Protect()
	var rows []LiaisonRow
	for i, name := range names {
		rows = append(rows, LiaisonRow{Agency: name, Count: t.Cells[i][0].String()})
	}
	return rows, t
}

// seq is 0 to n-1: the parts of a sum over the first n rows or columns.
func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// split discloses a whole and the parts it is made of, as one row whose
// first cell is the whole: a part hidden alone could be worked out by
// subtraction, so Protect hides another.
func split(name string, labels []string, whole int, parts ...int) *disclosure.Table {
	t := disclosure.NewTable(name, []string{name}, labels, [][]int{append([]int{whole}, parts...)})
	t.RowSums(0, seq(len(parts) + 1)[1:]...)
	t.Protect()
	return t
}

func timely(f Figures) Section {
	return Section{Principle: "Timely", Indicators: []Indicator{
		{"Referral to first assessment", waitsOf(f.ToAssess),
			"How long people referred in the period waited to be seen for assessment.",
			"For referrals received in the period with an attended assessment appointment: days from receipt to the first attended assessment, less any time paused waiting for more information. Median and 90th percentile (nearest rank)."},
		{"Assessment to treatment", waitsOf(f.ToTreat),
			"How long people waited from assessment to the start of their treatment.",
			"For referrals received in the period that were assessed: days from being marked assessed to the first attended appointment in an episode with the service begun after assessment or, while that episode has no attended appointment, its start."},
		{"Waiting beyond the amber limit now", share(f.Amber, f.Waiting),
			"Of the people waiting for assessment today, how many have waited longer than the amber limit.",
			"People accepted and waiting for assessment now whose wait from acceptance is at or past the service's amber limit (set by team managers, default 6 weeks); red included."},
		{"Waiting beyond the red limit now", share(f.Red, f.Waiting),
			"Of the people waiting for assessment today, how many have waited longer than the red limit.",
			"As above, at or past the red limit (default 12 weeks)."},
	}}
}

func consistent(f Figures) Section {
	// A decline sent to a service whose criteria do not take the person is
	// a column of its own, not a count beside the table: the bounce the gap
	// map exists to show, protected with the other onward routes so that no
	// cell can be worked out from the rest.
	t := split("Declines by onward route", []string{"declines", "no onward route", "directory service that takes the person",
		"directory service outside its criteria", "written exception"}, f.Declines, f.DeclinesNone, f.DeclinesWithin, f.DeclinesOutside, f.DeclinesException)
	const parts = 4
	rest := func(c int) []disclosure.Cell {
		var out []disclosure.Cell
		for j := 1; j <= parts; j++ {
			if j != c {
				out = append(out, disclosure.Cell{Row: 0, Col: j})
			}
		}
		return out
	}
	shareOf := func(c int) string {
		return t.Share(disclosure.Cell{Row: 0, Col: c}, disclosure.Cell{}, rest(c)...).WithCounts("none to count")
	}
	return Section{Principle: "Consistent: no decline without an onward route", Tables: []*disclosure.Table{t}, Indicators: []Indicator{
		{"Declines without an onward route", t.Cells[0][1].String(),
			"Should be 0: every person declined is told where they can go instead.",
			"Referrals declined at screening in the period with neither a directory service nor a written exception recorded."},
		{"Declines sent to a directory service that takes the person", shareOf(2),
			"How often a decline named a specific local service whose criteria take people like this person.",
			"Of referrals declined in the period, those with an onward service from the directory that accepted the profile the decision was made on."},
		{"Onward route outside the service's criteria", shareOf(3),
			"How often a person declined here was sent to a service whose published criteria do not take them; each needs a written reason, and each risks the person being turned away again.",
			"Of referrals declined in the period, those whose onward service did not accept the profile the decision was made on, so a reason was written for it."},
		{"Declines with a written exception", shareOf(4),
			"How often no suitable service existed and the reason was written down instead.",
			"Of referrals declined in the period, those with no directory service but a written exception."},
	}}
}

func followedUp(f Figures) Section {
	opened := split("Open follow-ups", []string{"open", "overdue", "not yet due"}, f.FollowUpsOpen, f.FollowUpsOverdue, f.FollowUpsOpen-f.FollowUpsOverdue)
	return Section{Principle: "Followed up, never dropped", Tables: []*disclosure.Table{opened}, Indicators: []Indicator{
		{"Missed appointments followed up within 2 working days", share(f.FollowUpsInTime, f.FollowUps),
			"A missed appointment never ends care: someone gets in touch within two working days.",
			"For appointments marked did-not-attend in the period: follow-up tasks whose outreach (as recorded on completing the task, or the completion itself) was made by the end of the second working day after the appointment; weekends and bank holidays are skipped."},
		{"Follow-ups still open", opened.Cells[0][0].String(),
			"Follow-up tasks from missed appointments in the period that nobody has completed yet.",
			"Follow-up tasks for did-not-attend appointments in the period with no completion recorded."},
		{"Follow-ups overdue", opened.Cells[0][1].String(),
			"Open follow-ups already past their due date.",
			"Open follow-up tasks whose due date (2 working days after the appointment) is before today."},
		{"Episodes ended after loss of contact", count(f.Endings),
			"Care ended because the team could not reach the person, in the period.",
			"Episodes ended in the period as unplanned with the reason non-engagement."},
		{"…with the required outreach recorded", share(f.EndingsWithOutreach, f.Endings),
			"Each of these endings should follow real efforts to reach the person.",
			"Of those endings, the ones with at least 3 outreach attempts by at least 2 methods after the last attended appointment."},
	}}
}

func continuity(f Figures) Section {
	med := "no one in care"
	switch n := f.Workers.N; {
	case n > 0 && !disclosure.Enough(n):
		med = disclosure.Hidden
	case n > 0:
		med = formatNumber(f.Workers.Median) + " (" + count(n) + " people)"
	}
	return Section{Principle: "Continuity", Indicators: []Indicator{
		{"Distinct workers seen in 90 days (median)", med,
			"People ask above all for a known, consistent worker: fewer different workers is better.",
			"For each person with an active episode: the number of different staff at their attended appointments in the last 90 days; the median over people."},
		{"No contact for over 28 days", share(f.NoRecentContact, f.InCare),
			"People in care who have not been seen or reached for four weeks, so nobody drifts away unnoticed.",
			"People with an active episode whose last attended appointment or outreach that reached them was more than 28 days ago, or never."},
	}}
}

func coProduced(f Figures) Section {
	return Section{Principle: "Co-produced", Indicators: []Indicator{
		{"Goals in the person's own words", share(f.OwnWordsGoals, f.Goals),
			"Goals are the person's, written as they said them.",
			"Active goals on active episodes marked as written in the person's own words."},
		{"Care plans agreed by the person", share(f.PlansAgreed, f.Plans),
			"The person has agreed their care plan, as it stands or with changes.",
			"Care plans of active episodes whose agreement is 'agreed' or 'agreed with changes'."},
		{"Active episodes with a crisis plan", share(f.EpisodesCrisisPlan, f.Episodes),
			"Everyone in care has a plan, made with them, for when things get hard.",
			"Active episodes whose person has a crisis plan."},
	}}
}

func collaborative(f Figures) Section {
	_, liaison := liaisonByAgency(f.Liaison)
	return Section{Principle: "Collaborative across services", Tables: []*disclosure.Table{liaison}, Indicators: []Indicator{
		{"Liaison with other agencies", liaison.Cells[len(liaison.Rows)-1][0].String(),
			"Contacts with housing, GPs, social care, benefits and voluntary services about people's needs (by agency below).",
			"Liaison records dated in the period on care plans of the service's episodes."},
		{"Care plans with social needs shared with another agency", share(f.PlansSocialShared, f.Plans),
			"Housing, money, work, relationships and loneliness are worked on with the agencies that can help.",
			"Care plans of active episodes with at least one action on housing, money, work and education, relationships or social connection owned by another agency."},
	}}
}

func evidenceBased(f Figures) Section {
	return Section{Principle: "Evidence-based", Indicators: []Indicator{
		{"Reliable improvement, first to latest measure", share(f.Improved, f.Pairs),
			"Whether people's own scores show change bigger than measurement error, for the better.",
			"For each episode and measure with a published reliable-change threshold and two or more scores (any date): the first compared with the latest; the share showing reliable improvement, as on Outcomes by team and modality."},
	}}
}

// formatNumber writes a median such as 2 or 2.5; a median is not a count
// of people, so it is not suppressed (its base is).
func formatNumber(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64)
}
