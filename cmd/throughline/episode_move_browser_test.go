package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserMoveEpisodeToAnotherTeam: the peer worker moves an episode on
// their caseload to the Therapies Team through the episode page's own
// forms: the team is chosen first (a GET form: the page then offers that
// team's workers only, where every team's were once offered), a move with
// no reason comes back with the chosen team and the typed handover kept,
// and the move is saved (the manager of both teams then sees it with the
// new team and worker). No other browser test uses the peer's caseload.
func TestBrowserMoveEpisodeToAnotherTeam(t *testing.T) {
	ctx, base := openDemo(t, 150*time.Second)
	signIn(t, ctx, base, "peer")
	episode := openCaseloadEpisode(t, ctx, base, `#move-team`)
	team, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main h1`)))
	if err != nil || !strings.Contains(team, "CEN Community Team") {
		t.Fatalf("the peer's episode is with %q (%v), want the Community Team", team, err)
	}
	chooseOption(t, ctx, `#team-team`, "CEN Therapies Team")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#move-team button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#team-worker`)),
	)
	if err != nil {
		t.Fatalf("choose the Therapies Team: %v\n%s", err, mainText(t, ctx))
	}
	groups, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#team-worker optgroup')].map(g => g.label).join('|')`))
	if err != nil || groups != "CEN Therapies Team" {
		t.Errorf("the move offers workers of %q (%v), want the Therapies Team's only", groups, err)
	}
	checkAxe(t, ctx, "moving an episode, team chosen")
	worker, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const o = document.querySelector('#team-worker optgroup option'); document.querySelector('#team-worker').value = o.value; return o.textContent.trim(); })()`))
	if err != nil || worker == "" {
		t.Fatalf("no worker in the Therapies Team: %v", err)
	}
	chooseOption(t, ctx, `#team-modality`, "MBT")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#team-handover`), "Prefers afternoon sessions"),
		chromedp.Click(chromedp.CSS(`form[action$="/team"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary a[href="#team-reason"]`)),
	)
	if err != nil {
		t.Fatalf("a move with no reason: %v\n%s", err, mainText(t, ctx))
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('form[action$="/team"] input[name="team-team"]')?.value + '|' + document.querySelector('#team-handover').value`))
	if err != nil || !strings.HasSuffix(kept, "|Prefers afternoon sessions") || strings.HasPrefix(kept, "undefined") {
		t.Errorf("after a refusal the form keeps %q (%v), want the chosen team and the typed handover", kept, err)
	}
	checkAxe(t, ctx, "moving an episode, refused")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#team-reason`), "Ready for MBT after the team discussion"),
		chromedp.Click(chromedp.CSS(`form[action$="/team"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("move: %v\n%s", err, mainText(t, ctx))
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[role=status]`)))
	if err != nil || !strings.Contains(flash, "The episode has moved team") {
		t.Errorf("after the move the page says %q (%v)", flash, err)
	}
	// The episode has left the peer's team; the manager of both teams
	// sees where it is now.
	signOut(t, ctx)
	signIn(t, ctx, base, "manager")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+episode), chromedp.WaitVisible(chromedp.CSS(`#episode-worker`))); err != nil {
		t.Fatalf("the manager opens the episode: %v", err)
	}
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main h1').textContent + '|' + document.querySelector('#episode-worker').textContent`))
	if want := fmt.Sprintf("Episode of care with CEN Therapies Team|%s", worker); err != nil || page != want {
		t.Errorf("after the move the page says %q (%v), want %q", page, err, want)
	}
}

// openCaseloadEpisode opens the first episode on the signed-in worker's
// caseload, waits for the element sel, and returns the episode page's path.
func openCaseloadEpisode(t *testing.T, ctx context.Context, base, sel string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/caseload"),
		chromedp.Click(chromedp.CSS(`main a[href*="/episodes/"]`)),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	)
	if err != nil {
		t.Fatalf("open an episode on the caseload: %v", err)
	}
	episode, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	return episode
}
