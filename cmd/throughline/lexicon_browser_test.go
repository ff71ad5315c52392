package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// anotherPerson is a second browser, with cookies of its own, on the
// shared demo: someone at another desk while the test's first person
// works.
func anotherPerson(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(newBrowser(t), timeout)
	t.Cleanup(cancel)
	return ctx
}

// liveCheck types text into a clinical box as a person does and returns
// what the language guide says under it once the check has answered: the
// text always holds one seed phrase, so an answer always comes.
func liveCheck(t *testing.T, ctx context.Context, box, text string) string {
	t.Helper()
	// Clear the last answer, so that only this text's answer is read.
	region := box + "-language"
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector(`+jsString(region)+`).textContent = ''; return true; })()`)); err != nil {
		t.Fatalf("clear the last answer under %s: %v", box, err)
	}
	if err := retype(ctx, box, text); err != nil {
		t.Fatalf("type in %s: %v", box, err)
	}
	js := `(document.querySelector(` + jsString(region) + `)?.textContent || '')`
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](js)); err == nil && strings.Contains(got, "manipulative") {
			return got
		}
	}
	t.Fatalf("the live check under %s never answered for %q", box, text)
	return ""
}

// TestBrowserLanguageLexiconAddAndRetire: the team manager finds the
// language guide from Staff support, adds "bed blocker" with what to say
// instead through the page's own form, and a clinician at another desk,
// typing a care-plan goal, sees it flagged with that suggestion. The
// manager then rewords the suggestion and retires the phrase; the
// clinician's box stops flagging it while the seed phrases still are.
func TestBrowserLanguageLexiconAddAndRetire(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "manager")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/supervision"]`)),
		chromedp.Click(chromedp.CSS(`main nav a[href="/language"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main a[href="/language/new"]`)),
	)
	if err != nil {
		t.Fatalf("find the language guide from Staff support: %v", err)
	}
	checkAxe(t, ctx, "language guide")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/language/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/language"]`)),
	)
	if err != nil {
		t.Fatalf("open the form to add a phrase: %v", err)
	}
	const term, instead = "bed blocker", "waiting to leave hospital while support is arranged"
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#term`), term),
		chromedp.SendKeys(chromedp.CSS(`#variants`), "bed-blocker"),
		chromedp.SendKeys(chromedp.CSS(`#why`), "It blames the person for a delay that services cause."),
		chromedp.SendKeys(chromedp.CSS(`#alternatives`), instead),
		chromedp.SendKeys(chromedp.CSS(`#source`), "Kingsmere lived experience panel, 2026"),
	)
	if err == nil {
		err = submitForFlash(ctx, `form[action="/language"] button[type=submit]`, "“bed blocker” added to the language guide")
	}
	if err != nil {
		t.Fatalf("add the phrase: %v\n%s", err, mainText(t, ctx))
	}
	checkAxe(t, ctx, "a language guide entry")
	if got := mainText(t, ctx); !strings.Contains(got, "Flagged by the guide") || !strings.Contains(got, instead) {
		t.Errorf("the new entry's page:\n%s", got)
	}

	// A clinician at another desk writes a care-plan goal.
	desk := anotherPerson(t, 2*time.Minute)
	signIn(t, desk, base, "clinician")
	person := caseloadPerson(t, desk, base, 2)
	if err := chromedp.Do(desk, chromedp.Navigate(base+person+"/care-plan"), chromedp.WaitVisible(chromedp.CSS(`#goal-form`))); err != nil {
		t.Fatalf("open the care plan: %v", err)
	}
	const goal = "Not a bed blocker, not manipulative"
	live := liveCheck(t, desk, `#goal_text`, goal)
	if !strings.Contains(live, term) || !strings.Contains(live, instead) {
		t.Errorf("the live check does not flag the new phrase with its suggestion:\n%s", live)
	}

	// The manager rewords the suggestion, then retires the phrase.
	const reworded = "waiting for support to be arranged so they can leave hospital"
	err = retype(ctx, `#alternatives`, reworded)
	if err == nil {
		err = submitForFlash(ctx, `form[action^="/language/"] button[type=submit]`, "The guide uses the new wording from now on")
	}
	if err != nil {
		t.Fatalf("reword the suggestion: %v\n%s", err, mainText(t, ctx))
	}
	if live := liveCheck(t, desk, `#goal_text`, goal+"."); !strings.Contains(live, reworded) {
		t.Errorf("the live check does not use the new wording:\n%s", live)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=retired][value=yes]`)))
	if err == nil {
		err = submitForFlash(ctx, `form[action^="/language/"] button[type=submit]`, "Retired. The guide no longer flags “bed blocker”")
	}
	if err != nil {
		t.Fatalf("retire the phrase: %v\n%s", err, mainText(t, ctx))
	}
	history, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main table tbody tr')].map(r => r.textContent)`))
	if err != nil || len(history) != 3 || !strings.Contains(strings.Join(history, "\n"), "(retired)") {
		t.Errorf("the entry's history after adding, rewording and retiring: %q, %v", history, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/language"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main table`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	flagged, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main table`)))
	if err != nil || strings.Contains(flagged, term) {
		t.Errorf("the retired phrase is still in the table of phrases the guide flags (%v)", err)
	}
	if retired, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main table + h2 + p + ul`))); err != nil || !strings.Contains(retired, term) {
		t.Errorf("retired phrases: %q, %v; want %q", retired, err, term)
	}

	live = liveCheck(t, desk, `#goal_text`, goal)
	if strings.Contains(live, term) || !strings.Contains(live, "manipulative") {
		t.Errorf("after retiring, the live check says:\n%s\nwant only the seed phrase flagged", live)
	}
}
