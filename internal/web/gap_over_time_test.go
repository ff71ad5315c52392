package web

import (
	"context"
	"net/url"
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

// TestGapOverTimeFiguresAreStored: the gap over time shows stored figures
// and says how fresh they are. New journeys do not show until a refresh,
// which the page's own form asks for; a change to the rules shows at once,
// as the page is where a change is seen to take effect.
func TestGapOverTimeFiguresAreStored(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		gapAtHighChaotic(t, f) // this month: the CEN service narrowed, six cells in the gap
		tok, csrf := f.session(t, f.users[auth.Commissioner])
		month := f.db.Now().Format("2006-01")
		table := func() string {
			t.Helper()
			res, body := f.do(t, "GET", "/gaps/over-time", tok, nil)
			if res.StatusCode != 200 || !asOfLine.MatchString(body) {
				t.Fatalf("status %d, freshness shown %v", res.StatusCode, asOfLine.MatchString(body))
			}
			i := strings.Index(body, `<tbody`)
			return body[i : strings.Index(body[i:], "</tbody>")+i]
		}
		thisMonth := func(table string) string {
			i := strings.Index(table, `<th scope="row">`+month+`</th>`)
			if i < 0 {
				t.Fatalf("this month (%s) is not in the table", month)
			}
			return table[i : strings.Index(table[i:], "</tr>")+i]
		}
		before := table()
		narrowed := `<td class="nhsuk-table__cell--numeric">6</td>`
		if row := thisMonth(before); !strings.Contains(row, narrowed) {
			t.Fatalf("this month's row before the changes: %s", row)
		}

		declinedPeople(t, f, 12) // fell through seven months ago
		if got := table(); got != before {
			t.Errorf("the page recomputed for new journeys instead of showing the stored figures:\n%s", got)
		}
		if res, _ := f.do(t, "POST", "/gaps/over-time/refresh", tok, url.Values{"csrf_token": {csrf}}); res.StatusCode != 303 {
			t.Fatalf("refresh: %d", res.StatusCode)
		}
		refreshed := table()
		if refreshed == before {
			t.Error("after a refresh the new journeys are still not counted")
		}

		s, err := f.db.Service(ctx, "cen")
		if err != nil {
			t.Fatal(err)
		}
		s.Eligibility = nil
		if err := f.db.SaveService(ctx, auth.System, &s); err != nil {
			t.Fatal(err)
		}
		if row := thisMonth(table()); strings.Contains(row, narrowed) || strings.Count(row, "CEN Service:") != 2 {
			t.Errorf("a change to the rules does not show at once: %s", row)
		}
	})
}
