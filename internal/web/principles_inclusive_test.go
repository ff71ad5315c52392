package web

import (
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/disclosure"
)

// TestPrinciplesInclusive: the principles page and its CSV set each
// group's share of decisions against its share of referrals, with small
// groups suppressed, and show the flexible, availability and complexity indicators.
func TestPrinciplesInclusive(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		principlesPeople(t, f)
		token, _ := f.session(t, f.users[auth.Commissioner])
		_, body := f.do(t, "GET", "/reports/principles", token, nil)
		i := strings.Index(body, `<h2 id="inclusive">Inclusive</h2>`)
		if i < 0 {
			t.Fatal("no Inclusive section")
		}
		section := body[i:]
		for _, h := range []string{">Available long term and in crisis<", ">Active episodes with a current crisis plan<", ">Current crisis plans with out-of-hours cover<", ">Responding to complexity<", ">Flexible<", ">Changes of intensity without a new referral<", ">Not yet recorded<", ">People with needs in 3 or more life domains<"} {
			if !strings.Contains(body, h) {
				t.Errorf("page lacks %q", h)
			}
		}
		// 12 Asian British of 15 show as 10, but their share is not shown:
		// the other 3 could be worked out from it (the unit test has shares
		// large enough to show).
		asian := regexp.MustCompile(`Asian British</th><td class="nhsuk-table__cell">10</td><td class="nhsuk-table__cell">` + disclosure.Hidden)
		black := regexp.MustCompile(`Black British</th><td class="nhsuk-table__cell">` + disclosure.Hidden + `</td><td class="nhsuk-table__cell">` + disclosure.Hidden)
		if !strings.Contains(section, "Decisions by Ethnicity") || !asian.MatchString(section) || !black.MatchString(section) {
			t.Errorf("inclusive by ethnicity should show 10 Asian British without a share that gives the rest away, and suppress Black British:\n%s", section)
		}
		_, csv := f.do(t, "GET", "/reports/principles.csv", token, nil)
		if !strings.Contains(csv, "Available long term and in crisis,Median length of active episodes,") {
			t.Errorf("CSV lacks the availability indicators")
		}
		if !strings.Contains(csv, "inclusive: dimension,group,referrals,share of referrals") || !strings.Contains(csv, "Ethnicity,Black British,"+disclosure.Hidden+","+disclosure.Hidden) {
			t.Errorf("CSV lacks the inclusive rows:\n%s", csv)
		}
	})
}
