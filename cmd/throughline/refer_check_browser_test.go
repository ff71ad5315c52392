package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReferCheckPublic: someone not signed in describes a person's
// situation on the public "Before you refer" page by answering its own
// form, and sees the services that would accept and a near miss with the
// rule it failed in plain words. Sending the form unanswered first links
// each problem to its question.
func TestBrowserReferCheckPublic(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/services/check"),
		chromedp.WaitVisible(chromedp.CSS(`#refer-check-form`)),
		chromedp.Click(chromedp.CSS(`#refer-check-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary a[href="#risk"]`)),
	)
	if err != nil {
		t.Fatalf("send the form unanswered: %v\n%s", err, mainText(t, ctx))
	}
	checkAxe(t, ctx, "before you refer, with errors")
	// The first answer to every question: low risk, able to keep
	// appointments, no diagnosis, single need, no substance use, settled,
	// short support; 30 years old in Kingsmere North.
	var steps []chromedp.Action[chromedp.Void]
	for _, q := range []string{"risk", "engagement", "diagnosis", "complexity", "substance_use", "housing", "duration_needed"} {
		steps = append(steps, chromedp.Click(chromedp.CSS(`input[type=radio]#`+q)))
	}
	steps = append(steps,
		chromedp.SendKeys(chromedp.CSS(`#age`), "30"),
		chromedp.SetValue(chromedp.CSS(`#locality`), "N"),
		chromedp.Click(chromedp.CSS(`#refer-check-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#refer-check-results`)),
	)
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("answer and send the form: %v\n%s", err, mainText(t, ctx))
	}
	text := mainText(t, ctx)
	accepting, near, ok := strings.Cut(text, "Services that nearly accept")
	if !ok {
		t.Fatalf("no near misses on the answer:\n%s", text)
	}
	for _, want := range []string{"NHS Talking Therapies Kingsmere North", "Usual wait", "The person can refer themselves"} {
		if !strings.Contains(accepting, want) {
			t.Errorf("services that would accept do not include %q:\n%s", want, accepting)
		}
	}
	for _, want := range []string{"Kingsmere Youth Wellbeing Hub", "This service takes people aged 16 to 25"} {
		if !strings.Contains(near, want) {
			t.Errorf("near misses do not include %q:\n%s", want, near)
		}
	}
	checkAxe(t, ctx, "before you refer, answered")
}
