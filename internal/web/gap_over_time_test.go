package web

import (
	"strings"
	"testing"

	"throughline/internal/auth"
)

func TestGapOverTimeMarksRuleChanges(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		gapAtHighChaotic(t, f) // imports four services and narrows the CEN service, this month
		tok, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/gaps/over-time", tok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		if got := strings.Count(body, `<tr><th scope="row">`); got != 24 {
			t.Errorf("%d months in the table, want 24", got)
		}
		month := f.db.Now().Format("2006-01")
		i := strings.Index(body, `<th scope="row">`+month+`</th>`)
		if i < 0 {
			t.Fatalf("this month (%s) is not in the table", month)
		}
		// This month: the CEN service's rule change is marked and the
		// gap is the six cells the gap map shows; before it, the CEN
		// service took everyone, so no profile was in the gap.
		row := body[i : strings.Index(body[i:], "</tr>")+i]
		for _, want := range []string{"CEN Service: eligibility diagnosis: any → cen", `<td class="nhsuk-table__cell--numeric">6</td>`} {
			if !strings.Contains(row, want) {
				t.Errorf("this month's row lacks %q:\n%s", want, row)
			}
		}
		if !strings.Contains(body, `<td class="nhsuk-table__cell--numeric">0</td><td></td>`) {
			t.Error("earlier months do not show an empty gap under the earlier rules")
		}
		if !strings.Contains(body, `data-chart="`) || !strings.Contains(body, "/static/gapovertime.js") {
			t.Error("no chart")
		}
	})
}
