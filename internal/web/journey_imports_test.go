package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/journey"
)

// TestImportedJourneysJoinTheJourneysPage: journeys imported from another
// service are counted with Throughline's own, their source named; a team
// manager lists the batches and removes one, and the page counts them no
// longer. A commissioner cannot manage batches.
func TestImportedJourneysJoinTheJourneysPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		declinedPeople(t, f, 10)
		ctx := context.Background()
		declined := f.db.Now().AddDate(0, 0, -200).Format("2006-01-02")
		decided := f.db.Now().AddDate(0, 0, -199).Format("2006-01-02")
		var csv strings.Builder
		csv.WriteString(strings.Join(journey.ImportColumns, ",") + "\n")
		for i := range 10 {
			fmt.Fprintf(&csv, "tt-%d,iapt-north,%s,declined,%s,,high,chaotic,cen,multiple,30,N,none,settled,long\n", i, declined, decided)
		}
		rows, err := journey.ParseImport(strings.NewReader(csv.String()), func(string) bool { return true }, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.db.ImportJourneys(ctx, auth.System, "Talking Therapies East", "east.csv", rows, nil)
		if err != nil {
			t.Fatal(err)
		}
		from := f.db.Now().AddDate(-1, 0, 0).Format("2006-01-02")
		commissioner, _ := f.session(t, f.users[auth.Commissioner])
		_, body := f.do(t, "GET", "/gaps/journeys?from="+from, commissioner, nil)
		for _, want := range []string{`id="fell-through"><strong>20</strong>`, "<strong>Talking Therapies East</strong>"} {
			if !strings.Contains(body, want) {
				t.Errorf("journeys page lacks %q", want)
			}
		}
		if strings.Contains(body, "Manage imported journeys") {
			t.Error("a commissioner is offered to manage batches")
		}
		if res, _ := f.do(t, "GET", "/gaps/journeys/imports", commissioner, nil); res.StatusCode != 403 {
			t.Errorf("commissioner sees the batches: %d", res.StatusCode)
		}
		manager, csrf := f.session(t, f.users[auth.TeamManager])
		res, body := f.do(t, "GET", "/gaps/journeys/imports", manager, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "east.csv") || !strings.Contains(body, "Remove batch") {
			t.Fatalf("batches page: %d\n%s", res.StatusCode, body)
		}
		res, _ = f.do(t, "POST", fmt.Sprintf("/gaps/journeys/imports/%d/remove", b.ID), manager, url.Values{"csrf_token": {csrf}})
		if res.StatusCode != 303 {
			t.Fatalf("remove: %d", res.StatusCode)
		}
		_, body = f.do(t, "GET", "/gaps/journeys?from="+from, commissioner, nil)
		if !strings.Contains(body, `id="fell-through"><strong>10</strong>`) || strings.Contains(body, "Talking Therapies East") {
			t.Error("a removed batch is still counted")
		}
	})
}
