package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAboutMe: the demo service user opens "About me" from their
// portal, writes the name they want to be called, their pronouns, what
// they need to talk with and reach the team and what helps them feel safe,
// in their own words, and saves. Their words come back unchanged and
// never flagged by the staff language guide (it is for staff, and these
// are the person's own words), and their clinician, at another desk, sees
// all of it on the record.
func TestBrowserAboutMe(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "serviceuser")
	person := portalPerson(t, ctx, base)
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#portal-links a[href$="/about-me"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preferences-form`)),
	)
	if err != nil {
		t.Fatalf("open About me: %v", err)
	}
	const (
		name    = "Ash"
		pronoun = "they/them"
		needs   = "Easy read letters, please, and a quiet room when I come in."
		// A phrase the staff guide flags, in the person's own words.
		safe = "Sitting near the door. Please do not call me attention-seeking when I ring in a crisis."
	)
	for _, field := range []struct{ css, text string }{
		{`#preferred_name`, name}, {`#pronouns`, pronoun}, {`#communication_needs`, needs}, {`#trauma_preferences`, safe},
	} {
		if err := retype(ctx, field.css, field.text); err != nil {
			t.Fatalf("type in %s: %v", field.css, err)
		}
	}
	if err := submitForFlash(ctx, `#preferences-form button[type=submit]`, "Thank you. Your team will see this."); err != nil {
		t.Fatalf("save About me: %v\n%s", err, mainText(t, ctx))
	}
	if got := textOf(t, ctx, `main h1`); got != "Hello, "+name {
		t.Errorf("the portal greets the person as %q, want the name they chose", got)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#portal-links a[href$="/about-me"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preferences-form`)),
	)
	if err != nil {
		t.Fatalf("open About me again: %v", err)
	}
	checkAxe(t, ctx, "about me, filled in")
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`['#preferred_name', '#pronouns', '#communication_needs', '#trauma_preferences'].map(s => document.querySelector(s).value)`))
	if err != nil || strings.Join(kept, "|") != strings.Join([]string{name, pronoun, needs, safe}, "|") {
		t.Errorf("About me holds %q, want what was typed (%v)", kept, err)
	}
	if page := mainText(t, ctx); strings.Contains(page, "Language guide") || strings.Contains(page, "Try:") {
		t.Errorf("the person's own words are flagged by the staff language guide:\n%s", page)
	}
	checks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#preferences-form [data-language-check]').length`))
	if err != nil || checks != 0 {
		t.Errorf("%d boxes of the person's own words are checked by the staff language guide as they type (%v)", checks, err)
	}

	desk := anotherPerson(t, 2*time.Minute)
	signIn(t, desk, base, "clinician")
	if err := chromedp.Do(desk, chromedp.Navigate(base+person), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
		t.Fatalf("the clinician opens the record: %v", err)
	}
	record := mainText(t, desk)
	for _, want := range []string{name, pronoun, needs, safe} {
		if !strings.Contains(record, want) {
			t.Errorf("the clinician's view of the record lacks %q:\n%s", want, record)
		}
	}
}
