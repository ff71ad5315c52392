package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/disclosure"
	"throughline/internal/store"
)

// declinedPeople adds n people each declined by Talking Therapies North
// 200 days ago with an onward route, and never seen since.
func declinedPeople(t *testing.T, f *fixture, n int) {
	t.Helper()
	ctx := context.Background()
	at := f.db.Now().AddDate(0, 0, -200)
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			p := care.Person{GivenName: fmt.Sprint("Person", i), FamilyName: "Declined", Locality: "N"}
			if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
				return err
			}
			r := care.Referral{PersonID: p.ID, ServiceID: "iapt-north", Status: care.ReferralDeclined, ReceivedAt: at,
				Decision: care.DecisionDeclined, DecidedAt: at.Add(24 * time.Hour), DeclineReason: "needs-longer-term-support",
				OnwardServiceID: "crisis", ReferrerTier: "primary", Profile: "risk=moderate,engagement=chaotic"}
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

func TestJourneysPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		declinedPeople(t, f, 10)
		tok, _ := f.session(t, f.users[auth.Commissioner])
		from := f.db.Now().AddDate(-1, 0, 0).Format("2006-01-02")
		res, body := f.do(t, "GET", "/gaps/journeys?from="+from, tok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("journeys: %d", res.StatusCode)
		}
		for _, want := range []string{`id="fell-through"><strong>10</strong>`, "Talking Therapies North: declined", "journey-sankey", "Localities side by side"} {
			if !strings.Contains(body, want) {
				t.Errorf("journeys page lacks %q", want)
			}
		}
		for _, leak := range []string{"Person0", "Declined</td>", "/people/"} {
			if strings.Contains(body, leak) {
				t.Errorf("journeys page shows identifiable %q", leak)
			}
		}
		// In locality N only: the fixture's one referral elsewhere would
		// hide a second cell of every total it is in.
		res, body = f.do(t, "GET", "/gaps/journeys.csv?locality=N&from="+from, tok, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Talking Therapies North,talking-therapies,10,0,10,0,100%,10,100%") {
			t.Errorf("journeys csv: %d\n%s", res.StatusCode, body)
		}
		tests := []struct{ query, want string }{
			{"from=yesterday", "Enter the start date as YYYY-MM-DD"},
			{"from=2026-05-01&to=2026-04-01", "on or after the start date"},
			{"locality=Atlantis", "Choose a locality from the list"},
		}
		for _, tt := range tests {
			res, body := f.do(t, "GET", "/gaps/journeys?"+tt.query, tok, nil)
			if res.StatusCode != 422 || !strings.Contains(body, tt.want) {
				t.Errorf("%s: %d, want 422 with %q", tt.query, res.StatusCode, tt.want)
			}
		}
	})
}

func TestJourneysSuppressSmallNumbers(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		declinedPeople(t, f, 3)
		tok, _ := f.session(t, f.users[auth.Commissioner])
		_, body := f.do(t, "GET", "/gaps/journeys?from="+f.db.Now().AddDate(-1, 0, 0).Format("2006-01-02"), tok, nil)
		if !strings.Contains(body, `id="fell-through"><strong>`+disclosure.Hidden+`</strong>`) {
			t.Error("3 people who fell through should not be shown")
		}
		if strings.Contains(body, "Talking Therapies North: declined") {
			t.Error("a journey pattern shared by only 3 people is shown")
		}
	})
}
