package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// gapCountJS reads "<strong>N</strong> of M profiles are in the gap".
const gapCountJS = `Number(document.querySelector('main h2 + p strong').textContent)`

// firstDraftableGapJS finds, among the gap map's red squares, the first
// whose page offers a one-change scenario draft, as a person would by
// opening them in turn.
const firstDraftableGapJS = `(async () => {
	for (const a of document.querySelectorAll('#gap-table a.tl-gap')) {
		const html = await fetch(a.href).then(r => r.text());
		if (html.includes('action="/gaps/scenarios/from-cell"')) return a.getAttribute('href');
	}
	return '';
})()`

// TestBrowserScenarioDraftAndMakeLive: a commissioner drafts a scenario
// from a gap cell's one change and sees the replay figures and the
// baseline and scenario grids side by side; a team manager opens the
// shared link, makes it live, and the gap map has fewer gaps.
func TestBrowserScenarioDraftAndMakeLive(t *testing.T) {
	ctx, base := openDemo(t, 150*time.Second)
	signIn(t, ctx, base, "commissioner")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/gaps"),
		chromedp.WaitVisible(chromedp.CSS(`#gap-table`)),
	)
	if err != nil {
		t.Fatalf("open gap map: %v", err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](gapCountJS))
	if err != nil {
		t.Fatal(err)
	}
	cell, err := chromedp.Run(ctx, chromedp.Evaluate[string](firstDraftableGapJS, chromedp.EvalAwaitPromise))
	if err != nil || cell == "" {
		t.Fatalf("no gap cell on the demo's gap map offers a one-change scenario (%v)", err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#gap-table a.tl-gap[href="`+cell+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#one-change-ranked`)),
		chromedp.Click(chromedp.CSS(`form[action="/gaps/scenarios/from-cell"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#replay-figures`)),
	)
	if err != nil {
		t.Fatalf("draft a scenario from the gap cell: %v", err)
	}
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"What it changes", "People who fell through", "In the rules gap now", "In the rules gap under this scenario",
		"Gap closed for", "Declined referrals the scenario would reverse", "Now: ", "With this scenario: "} {
		if !strings.Contains(page, want) {
			t.Errorf("scenario page lacks %q", want)
		}
	}
	grids, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.nhsuk-grid-column-one-half #grid-baseline, .nhsuk-grid-column-one-half #grid-scenario').length`))
	if err != nil || grids != 2 {
		t.Errorf("side-by-side grids = %d, %v; want 2", grids, err)
	}
	changed, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#grid-scenario td.tl-changed').length`))
	if err != nil || changed == 0 {
		t.Errorf("scenario grid marks %d changed squares, %v; the drafted change closes one", changed, err)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#make-live').length`)); err != nil || n != 0 {
		t.Errorf("a commissioner is offered make-live (%d, %v)", n, err)
	}
	checkAxe(t, ctx, "scenario")
	link, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#scenario-link")))
	if err != nil || !strings.HasPrefix(link, "/gaps/scenarios/") {
		t.Fatalf("shared link = %q, %v", link, err)
	}

	// The team manager opens the shared link and makes it live.
	signOut(t, ctx)
	signIn(t, ctx, base, "manager")
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+link),
		chromedp.WaitVisible(chromedp.CSS(`#make-live`)),
		chromedp.Click(chromedp.CSS(`#make-live`)),
		chromedp.WaitVisible(chromedp.CSS(`#scenario-live`)),
	)
	if err != nil {
		t.Fatalf("make the scenario live: %v", err)
	}
	t.Cleanup(func() { undoScenario(t, link) })
	live, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#scenario-live")))
	if err != nil || !strings.Contains(live, "made this scenario's rules the directory's") {
		t.Errorf("live record = %q, %v", live, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#scenario-live a[href="/gaps"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#gap-table`)),
	)
	if err != nil {
		t.Fatalf("back to the gap map: %v", err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[int](gapCountJS))
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("gap map shows %d gaps after the scenario went live, %s before; want fewer", after, strconv.Itoa(before))
	}

	// The gap over time marks the change this month, on the chart and in
	// the table beside it.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#over-time-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#gap-over-time-chart[data-ready="true"] canvas`)),
	)
	if err != nil {
		t.Fatalf("gap over time: %v", err)
	}
	table, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#gap-over-time tbody tr:last-child")))
	if err != nil || !strings.Contains(table, "→") {
		t.Errorf("this month's row = %q, %v; want the rule change marked", table, err)
	}
}

// undoScenario puts the rules the scenario at link changed back as they
// were, through the directory's own audited path, so that the other tests
// on the shared demo see the demo's gap map.
func undoScenario(t *testing.T, link string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(demoServer.dir, "demo.db"))
	if err != nil {
		t.Fatalf("undo scenario: %v", err)
	}
	defer db.Close()
	id, err := strconv.ParseInt(strings.TrimPrefix(link, "/gaps/scenarios/"), 10, 64)
	if err != nil {
		t.Fatalf("undo scenario: %v", err)
	}
	saved, err := db.Scenario(ctx, id)
	if err != nil {
		t.Fatalf("undo scenario: %v", err)
	}
	var changes struct {
		Changes []struct{ Service string } `json:"changes"`
	}
	if err := json.Unmarshal([]byte(saved.Changes), &changes); err != nil {
		t.Fatalf("undo scenario: %v", err)
	}
	for _, c := range changes.Changes {
		hist, err := db.ServiceHistory(ctx, c.Service)
		if err != nil || len(hist) == 0 || hist[0].Before == "" {
			t.Fatalf("undo scenario: history of %s: %v", c.Service, err)
		}
		var before directory.Service
		if err := json.Unmarshal([]byte(hist[0].Before), &before); err != nil {
			t.Fatalf("undo scenario: %v", err)
		}
		now, err := db.Service(ctx, c.Service)
		if err != nil {
			t.Fatalf("undo scenario: %v", err)
		}
		now.Eligibility, now.MinAge, now.MaxAge, now.Localities, now.Tier = before.Eligibility, before.MinAge, before.MaxAge, before.Localities, before.Tier
		if err := db.SaveService(ctx, auth.System, &now); err != nil {
			t.Fatalf("undo scenario: %v", err)
		}
	}
}
