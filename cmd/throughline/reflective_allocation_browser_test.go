package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReassignWarnsBeforeSaving: the team manager gives a colleague
// of Dr Amara Okafor a one-point caseload limit through the capacity form,
// then reassigns one of her episodes to that colleague through the
// episode page's own form. The page warns before anything is saved, the
// named worker is unchanged, and "Allocate anyway" makes the change.
func TestBrowserReassignWarnsBeforeSaving(t *testing.T) {
	ctx, base := openDemo(t, 150*time.Second)
	signIn(t, ctx, base, "clinician")
	episode := openCaseloadEpisode(t, ctx, base, `#re-worker`)
	colleague, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#re-worker option')].map(o => o.textContent.trim()).find(n => n && n !== 'Choose a worker' && n !== 'Dr Amara Okafor')`))
	if err != nil || colleague == "" {
		t.Fatalf("no colleague to reassign to: %v", err)
	}
	signOut(t, ctx)
	signIn(t, ctx, base, "manager")
	pick := func(sel, label string) string {
		return `(() => { const s = document.querySelector('` + sel + `'); const o = [...s.options].find(o => o.textContent.trim() === ` + "`" + label + "`" + `); s.value = o.value; return o.value; })()`
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/capacity"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/capacity"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](pick(`#worker`, colleague))); err != nil {
		t.Fatalf("choose %s: %v", colleague, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#full_time`), "1"),
		chromedp.SetValue(chromedp.CSS(`#time_percent`), "100"),
		chromedp.Click(chromedp.CSS(`form[action="/capacity"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
		chromedp.Navigate(base+episode),
		chromedp.WaitVisible(chromedp.CSS(`#re-worker`)),
	)
	if err != nil {
		t.Fatalf("set the limit and open the episode: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](pick(`#re-worker`, colleague))); err != nil {
		t.Fatalf("choose %s as named worker: %v", colleague, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#re-reason`), "Dr Okafor is on leave for two months"),
		chromedp.SendKeys(chromedp.CSS(`#re-handover`), "Prefers morning appointments"),
		chromedp.Click(chromedp.CSS(`form[action$="/reassign"] button.nhsuk-button--secondary`)),
		chromedp.WaitVisible(chromedp.CSS(`#reassign-warning`)),
	)
	if err != nil {
		t.Fatalf("reassign: %v", err)
	}
	warning, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#reassign-warning`)))
	if err != nil || !strings.Contains(warning, "over capacity") || !strings.Contains(warning, "Nothing has been changed yet") {
		t.Errorf("warning %q %v", warning, err)
	}
	if still, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#episode-worker`))); err != nil || still != "Dr Amara Okafor" {
		t.Errorf("named worker before deciding %q %v, want unchanged", still, err)
	}
	checkAxe(t, ctx, "allocation warning")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#allocate-anyway`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("allocate anyway: %v", err)
	}
	if now, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#episode-worker`))); err != nil || now != colleague {
		t.Errorf("named worker after allocating anyway %q %v, want %s", now, err, colleague)
	}
}
