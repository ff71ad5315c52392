package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearchFindsPartOfAName: a clinician types the second part of
// a hyphenated surname into the search form, as the hint under the box
// says they can, submits it, and finds the one person who has it.
func TestBrowserSearchFindsPartOfAName(t *testing.T) {
	ctx, base := openDemo(t, 2*time.Minute)
	signIn(t, ctx, base, "clinician")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/people"),
		chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.SendKeys(chromedp.CSS(`#q`), "lowe"),
		chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results a[href^="/people/"]`)),
	)
	if err != nil {
		t.Fatalf("search for lowe: %v", err)
	}
	got := mainText(t, ctx)
	for _, want := range []string{"Type the start of any of their names", "1 person found", "Asante-Lowe"} {
		if !strings.Contains(got, want) {
			t.Errorf("search page after searching for lowe lacks %q:\n%s", want, got)
		}
	}
	checkAxe(t, ctx, "/people?q=lowe")
}
