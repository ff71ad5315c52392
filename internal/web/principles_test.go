package web

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/disclosure"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

// principlesPeople adds referrals received today to the fixture's CEN
// service: twelve from people recorded as Asian British and two from
// people recorded as Black British, so one group shows and one is
// suppressed.
func principlesPeople(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		for i := range 14 {
			p := care.Person{GivenName: fmt.Sprintf("Equity%d", i), FamilyName: "Person", Ethnicity: "Asian British"}
			if i >= 12 {
				p.Ethnicity = "Black British"
			}
			if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
				return err
			}
			r := care.Referral{PersonID: p.ID, ServiceID: "cen", Status: care.ReferralReceived, ReceivedAt: f.db.Now()}
			if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPrinciplesPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		principlesPeople(t, f)
		headings := []string{"Principles in practice", "Timely", "Consistent: no decline without an onward route", "Followed up, never dropped",
			"Continuity", "Co-produced", "Collaborative across services", "Evidence-based", "Equity of access and waits"}
		for _, role := range []auth.Role{auth.TeamManager, auth.Commissioner} {
			token, _ := f.session(t, f.users[role])
			res, body := f.do(t, "GET", "/reports/principles", token, nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: status %d", role, res.StatusCode)
			}
			for _, h := range headings {
				if !strings.Contains(body, ">"+h+"<") {
					t.Errorf("%s: no heading %q", role, h)
				}
			}
			// Aggregate only: no names, no links into anyone's record.
			for _, name := range []string{"Robin", "Linked", "Equity0", "Stranger", "/people/"} {
				if strings.Contains(body, name) {
					t.Errorf("%s: page shows %q", role, name)
				}
			}
			// Twelve Asian British referrals show, rounded to 10; two Black
			// British are suppressed; the one active episode (Robin's) gives
			// shares over a hidden count.
			asian := regexp.MustCompile(`Asian British</th><td class="nhsuk-table__cell">10</td>`)
			black := regexp.MustCompile(`Black British</th><td class="nhsuk-table__cell">` + disclosure.Hidden + `</td>`)
			if !asian.MatchString(body) || !black.MatchString(body) {
				t.Errorf("%s: equity by ethnicity should show 12 Asian British as 10 and suppress 2 Black British", role)
			}
			if !strings.Contains(body, `<strong>`+disclosure.Hidden+`</strong>`) || strings.Contains(body, "(1 of 1)") {
				t.Errorf("%s: the single active episode is not suppressed", role)
			}
			if !strings.Contains(body, "Not recorded") {
				t.Errorf("%s: people with no ethnicity recorded should be a group of their own", role)
			}

			res, body = f.do(t, "GET", "/reports/principles.csv?from="+f.db.Now().AddDate(-2, 0, 0).Format("2006-01-02")+"&to="+f.db.Now().Format("2006-01-02"), token, nil)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("%s: CSV %d %s", role, res.StatusCode, res.Header.Get("Content-Type"))
			}
			for _, want := range []string{"principle,indicator,value", "Declines without an onward route,0,", "Ethnicity,Asian British,10,", "Ethnicity,Black British," + disclosure.Hidden + ","} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: CSV lacks %q:\n%s", role, want, body)
				}
			}
			if strings.Contains(body, "Robin") || strings.Contains(body, "Equity0") {
				t.Errorf("%s: CSV names someone", role)
			}
		}
	})
}

func TestPrinciplesAccess(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		for _, role := range auth.Roles {
			token, _ := f.session(t, f.users[role])
			res, _ := f.do(t, "GET", "/reports/principles", token, nil)
			want := 403
			if role == auth.TeamManager || role == auth.Commissioner {
				want = 200
			}
			if res.StatusCode != want {
				t.Errorf("%s: status %d, want %d", role, res.StatusCode, want)
			}
		}
	})
}

func TestPrinciplesBadPeriodKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, _ := f.session(t, f.users[auth.Commissioner])
		tomorrow := uktime.Date(f.db.Now().AddDate(0, 0, 1)) // the UK date: periods are UK days
		tests := []struct {
			from, to, field, message string
		}{
			{"2026-13-45", "2026-01-31", "from", "Enter the start date as a real date"},
			{"last spring", "", "to", "Enter the end date"},
			{"2025-06-01", "2025-05-01", "to", "The end date must be on or after the start date"},
			{"2025-06-01", tomorrow, "to", "The end date cannot be in the future"},
			{"2010-01-01", "2025-06-01", "from", "Choose a period of five years or less"},
		}
		for _, tt := range tests {
			q := url.Values{"from": {tt.from}, "to": {tt.to}}.Encode()
			res, body := f.do(t, "GET", "/reports/principles?"+q, token, nil)
			if res.StatusCode != 422 {
				t.Errorf("%s to %s: status %d, want 422", tt.from, tt.to, res.StatusCode)
			}
			if !strings.Contains(body, tt.message) || !strings.Contains(body, `id="`+tt.field+`-error"`) {
				t.Errorf("%s to %s: want %q on %s", tt.from, tt.to, tt.message, tt.field)
			}
			if !strings.Contains(body, `value="`+tt.from+`"`) || !strings.Contains(body, `value="`+tt.to+`"`) {
				t.Errorf("%s to %s: what was typed is lost", tt.from, tt.to)
			}
			if strings.Contains(body, "<h2>Timely</h2>") {
				t.Errorf("%s to %s: indicators shown for a period that is not valid", tt.from, tt.to)
			}
			if res, _ := f.do(t, "GET", "/reports/principles.csv?"+q, token, nil); res.StatusCode != 422 {
				t.Errorf("%s to %s: CSV status %d, want 422", tt.from, tt.to, res.StatusCode)
			}
		}
	})
}
