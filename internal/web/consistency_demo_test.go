package web

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDemoSameProfileDecisions: on the demo, with the journeys page's
// default twelve months, the deliberately inconsistent pairs at Talking
// Therapies North and the City CMHT show in the same-profile table with
// both decisions counted (the page used to read "none" for every service:
// the pairs were spread over years, mostly outside the window, and too few
// to clear the disclosure threshold).
func TestDemoSameProfileDecisions(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo region")
	}
	d := newDemoServer(t)
	body := d.get(t, "commissioner", "/gaps/journeys")
	start := strings.Index(body, `id="same-profile-table"`)
	if start < 0 {
		t.Fatalf("no same-profile table on the journeys page:\n%s", body)
	}
	table := body[start:]
	table = table[:strings.Index(table, "</table>")]
	for _, name := range []string{"NHS Talking Therapies Kingsmere North", "City Centre Community Mental Health Team"} {
		row := regexp.MustCompile(regexp.QuoteMeta(name) + `.*?</td><td class="tl-num">([^<]*)</td><td class="tl-num">([^<]*)</td><td class="tl-num">([^<]*)</td>`).FindStringSubmatch(table)
		if row == nil {
			t.Errorf("%s is not in the same-profile table:\n%s", name, table)
			continue
		}
		for i, col := range []string{"referrals", "accepted", "declined"} {
			n, err := strconv.Atoi(row[i+1])
			if err != nil || n < 10 || n%5 != 0 {
				t.Errorf("%s %s = %q, want a disclosed count of at least 10", name, col, row[i+1])
			}
		}
	}
}
