package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

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

// TestGapCellRanksOneChangeByPeopleHelped: a gap cell's one-change
// suggestions are counted against real journeys: ten imported people who
// fell through with the cell's profile would have been helped by the
// CMHT accepting chaotic engagement.
func TestGapCellRanksOneChangeByPeopleHelped(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		cellInTheGap(t, f)
		importFellThrough(t, f, "cmht", 10)
		tok, _ := f.session(t, f.users[auth.Commissioner])
		if table := rankedTable(t, f, tok); !strings.Contains(table, "also accept engagement = chaotic</td><td class=\"nhsuk-table__cell--numeric\">10</td>") {
			t.Errorf("ranked table lacks the CMHT change helping 10 people:\n%s", table)
		}
	})
}

// cellInTheGap imports the small directory and gives the fixture's CEN
// service, which takes everyone, rules that put the high risk, chaotic
// engagement cell in the gap, failing two of them.
func cellInTheGap(t *testing.T, f *fixture) {
	t.Helper()
	importSmall(t, f)
	ctx := context.Background()
	cen, err := f.db.Service(ctx, "cen")
	if err != nil {
		t.Fatal(err)
	}
	cen.Eligibility = map[string][]string{"diagnosis": {"cen"}, "engagement": {"able"}}
	if err := f.db.SaveService(ctx, auth.System, &cen); err != nil {
		t.Fatal(err)
	}
}

// importFellThrough imports n people whom the CMHT declined 200 days ago
// with the high risk, chaotic engagement profile, and who went nowhere.
func importFellThrough(t *testing.T, f *fixture, prefix string, n int) {
	t.Helper()
	declined := f.db.Now().AddDate(0, 0, -200).Format("2006-01-02")
	decided := f.db.Now().AddDate(0, 0, -199).Format("2006-01-02")
	var csv strings.Builder
	csv.WriteString(strings.Join(journey.ImportColumns, ",") + "\n")
	for i := range n {
		fmt.Fprintf(&csv, "%s-%d,cmht-all,%s,declined,%s,,high,chaotic,uncertain,multiple,30,N,none,settled,long\n", prefix, i, declined, decided)
	}
	rows, err := journey.ParseImport(strings.NewReader(csv.String()), func(string) bool { return true }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ImportJourneys(context.Background(), auth.System, "CMHT records", prefix+".csv", rows, nil); err != nil {
		t.Fatal(err)
	}
}

// rankedTable is the high risk, chaotic engagement gap cell's ranked
// one-change table, as the user signed in with tok sees it.
func rankedTable(t *testing.T, f *fixture, tok string) string {
	t.Helper()
	res, body := f.do(t, "GET", "/gaps/cell?profile="+url.QueryEscape("risk=high,engagement=chaotic"), tok, nil)
	if res.StatusCode != 200 {
		t.Fatalf("gap cell: %d", res.StatusCode)
	}
	i := strings.Index(body, `id="one-change-ranked"`)
	if i < 0 {
		t.Fatal("the gap cell has no ranked one-change table")
	}
	if !asOfLine.MatchString(body) {
		t.Error("the gap cell does not say how fresh its counts are")
	}
	table := body[i:]
	return table[:strings.Index(table, "</table>")]
}

// TestJourneyPatternsLabelLateAcceptances: a fell-through journey that
// ends in an acceptance more than 90 days after the decline says so,
// rather than reading as if the person had been held.
func TestJourneyPatternsLabelLateAcceptances(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		day := func(d int) string { return f.db.Now().AddDate(0, 0, d).Format("2006-01-02") }
		var csv strings.Builder
		csv.WriteString(strings.Join(journey.ImportColumns, ",") + "\n")
		for i := range 10 {
			fmt.Fprintf(&csv, "p-%d,iapt-north,%s,declined,%s,,,,,,,,,,\n", i, day(-300), day(-299))
			fmt.Fprintf(&csv, "p-%d,cmht-all,%s,accepted,%s,%s,,,,,,,,,\n", i, day(-160), day(-150), day(-140))
		}
		rows, err := journey.ParseImport(strings.NewReader(csv.String()), func(string) bool { return true }, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.ImportJourneys(context.Background(), auth.System, "Talking Therapies", "tt.csv", rows, nil); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Commissioner])
		_, body := f.do(t, "GET", "/gaps/journeys?from="+day(-365), tok, nil)
		if !strings.Contains(body, "Community Mental Health Team: accepted late (more than 90 days after the decline)") {
			i := strings.Index(body, "Talking Therapies North: declined")
			t.Errorf("late acceptance not labelled; pattern reads: %.300s", body[max(i, 0):])
		}
	})
}

// TestGapCellRankingCountsAreStored: the people a gap cell's changes
// would have helped are counted from stored figures: more people falling
// through do not change the ranking until the figures are next refreshed
// (five minutes on), and the page says how fresh they are.
func TestGapCellRankingCountsAreStored(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		cellInTheGap(t, f)
		now := freezeClock(f)
		importFellThrough(t, f, "first", 10)
		tok, _ := f.session(t, f.users[auth.Commissioner])
		helped := func(n int) string {
			return fmt.Sprintf("also accept engagement = chaotic</td><td class=\"nhsuk-table__cell--numeric\">%d</td>", n)
		}
		if table := rankedTable(t, f, tok); !strings.Contains(table, helped(10)) {
			t.Fatalf("first view:\n%s", table)
		}
		importFellThrough(t, f, "second", 5)
		if table := rankedTable(t, f, tok); !strings.Contains(table, helped(10)) {
			t.Errorf("the ranking was counted again in the request instead of read from the stored figures:\n%s", table)
		}
		f.db.Now = func() time.Time { return now.Add(aggregatePolicy.Every + time.Minute) }
		if table := rankedTable(t, f, tok); !strings.Contains(table, helped(15)) {
			t.Errorf("once the figures were due for a refresh, the ranking still did not count the five more:\n%s", table)
		}
	})
}
