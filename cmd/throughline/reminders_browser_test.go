package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPersonOptsInToTextReminders: the demo service user, on a
// phone-sized screen, follows the home page's link to "Contact and
// reminders", ticks text messages, types a landline by mistake and is told
// clearly, then types their mobile the international way and saves; the
// page shows it saved, tidied, with their choices kept.
func TestBrowserPersonOptsInToTextReminders(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, base, "serviceuser")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.Click(chromedp.CSS(`.tl-portal-links a[href$="/contact-preferences"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#contact-prefs-form`)),
		chromedp.Click(chromedp.CSS(`#channels`)), // text message
		chromedp.SendKeys(chromedp.CSS(`#mobile`), "020 7946 0000"),
		chromedp.Click(chromedp.CSS(`#times-2`)), // evenings
		chromedp.Click(chromedp.CSS(`#contact-prefs-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary`)),
	)
	if err != nil {
		t.Fatalf("first try with a landline: %v", err)
	}
	if got := mainText(t, ctx); !strings.Contains(got, "Enter a UK mobile number, like 07700 900123") {
		t.Errorf("after a landline the page says:\n%s", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS(`#mobile`)),
		chromedp.SendKeys(chromedp.CSS(`#mobile`), "+44 7700 900321"),
	)
	if err == nil {
		err = submitForFlash(ctx, `#contact-prefs-form button[type=submit]`, "Your contact preferences are saved")
	}
	if err != nil {
		t.Fatalf("save: %v\n%s", err, mainText(t, ctx))
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[document.querySelector('#mobile').value, document.querySelector('#channels').checked,
		document.querySelector('#times-2').checked, document.documentElement.scrollWidth]`))
	if err != nil || len(state) != 4 {
		t.Fatalf("read the saved form: %v", err)
	}
	if state[0] != "07700 900321" || state[1] != true || state[2] != true {
		t.Errorf("saved form shows mobile %v, text ticked %v, evenings %v; want 07700 900321, true, true", state[0], state[1], state[2])
	}
	if w, ok := state[3].(float64); !ok || w > 360 {
		t.Errorf("the page is %v px wide on a 360 px screen", state[3])
	}
	if got := mainText(t, ctx); !strings.Contains(got, "Text 07700 900321") {
		t.Errorf("the change is not in the history:\n%s", got)
	}
}
