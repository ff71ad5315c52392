package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLanguageGuideOnCarePlanGoal: a clinician types "manipulative"
// in a care-plan goal and, as they type, sees the phrase flagged with why
// and an alternative below the box; saving still works with the words as
// typed, and the saved goal carries the guide's summary.
func TestBrowserLanguageGuideOnCarePlanGoal(t *testing.T) {
	ctx, base := openDemo(t, 2*time.Minute)
	signIn(t, ctx, base, "clinician")
	var person string
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/caseload"), chromedp.WaitVisible(chromedp.CSS(`main a[href^="/people/"]`)))
	if err == nil {
		person, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main a[href^="/people/"]').getAttribute('href').match(/^\/people\/\d+/)[0]`))
	}
	if err != nil || person == "" {
		t.Fatalf("a person on the caseload: %q, %v", person, err)
	}
	goal := "Work on the manipulative behaviour at appointments"
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/care-plan"),
		chromedp.WaitVisible(chromedp.CSS(`#goal-form`)),
		chromedp.SendKeys(chromedp.CSS(`#goal_text`), goal),
		chromedp.WaitVisible(chromedp.CSS(`#goal_text-language u`)),
	)
	if err != nil {
		t.Fatalf("typing the goal: %v", err)
	}
	live, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#goal_text-language`)))
	if err != nil || !strings.Contains(live, "manipulative") || !strings.Contains(live, "Try:") || !strings.Contains(live, "the need behind it") {
		t.Errorf("live check under the box = %q, %v; want the phrase, why and an alternative", live, err)
	}
	if polite, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#goal_text-language').getAttribute('aria-live')`)); err != nil || polite != "polite" {
		t.Errorf("the live region is not announced politely: %q, %v", polite, err)
	}
	// Staff wording: untick "in the person's own words", then save.
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#own_words`)))
	if err == nil {
		err = submitForFlash(ctx, `#goal-form button[type=submit]`, "The goal has been added to the care plan.")
	}
	if err != nil {
		t.Fatalf("saving the goal: %v", err)
	}
	table, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#goal-table`)))
	if err != nil || !strings.Contains(table, goal) {
		t.Fatalf("the goal was not saved as typed: %v\n%s", err, table)
	}
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#goal-table tr')].find(r => r.textContent.includes(`+jsString(goal)+`)).textContent`))
	if err != nil || !strings.Contains(row, "Language guide") || !strings.Contains(row, "Try:") || !strings.Contains(row, "Staff wording") {
		t.Errorf("the saved goal lacks the guide's summary: %q, %v", row, err)
	}
}
