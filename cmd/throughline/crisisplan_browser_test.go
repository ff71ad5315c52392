package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"throughline/internal/uktime"
)

// The crisis plan is written with the person, often in a hard moment: the
// page's own form must save as a clinician fills it in, and the row to add
// someone to share it with must start empty (consent is the person's
// answer, never a default).

// caseloadPerson is the record path (/people/N) of someone on the signed-in
// worker's own caseload, counting from the end, so that these tests work on
// people the other browser tests (which take the first) leave alone.
func caseloadPerson(t *testing.T, ctx context.Context, base string, fromEnd int) string {
	t.Helper()
	var links []string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/caseload"),
		chromedp.WaitVisible(chromedp.CSS(`#my-caseload`)),
	)
	if err == nil {
		links, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#my-caseload a[href^="/people/"]')].map(a => a.getAttribute('href'))`))
	}
	if err != nil || len(links) <= fromEnd {
		t.Fatalf("caseload: %d people, %v", len(links), err)
	}
	parts := strings.Split(links[len(links)-1-fromEnd], "/")
	return "/people/" + parts[2]
}

// spareShareRow is the consent and date of the last "shared with" row,
// the one the page offers for adding someone.
func spareShareRow(t *testing.T, ctx context.Context) (consent, on string) {
	t.Helper()
	row, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const c = [...document.querySelectorAll('select[name="share-consented"]')].pop();
		const d = [...document.querySelectorAll('input[name="share-on"]')].pop();
		return [c.value, c.selectedOptions[0].textContent, d.value];
	})()`))
	if err != nil || len(row) != 3 {
		t.Fatalf("read the spare shared-with row: %v", err)
	}
	return row[0] + "|" + row[1], row[2]
}

// TestBrowserCrisisPlanSavesWithTheBlankRow opens a person's crisis plan as
// their clinician, types the warning signs and what helps in the page's
// own fields, leaves the empty "shared with" row empty and saves.
func TestBrowserCrisisPlanSavesWithTheBlankRow(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "clinician")
	person := caseloadPerson(t, ctx, base, 0)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/crisis-plan"),
		chromedp.WaitVisible(chromedp.CSS(`#crisis-form`)),
	)
	if err != nil {
		t.Fatalf("open the crisis plan: %v", err)
	}
	if consent, on := spareShareRow(t, ctx); consent != "|Choose" || on != "" {
		t.Errorf("the empty shared-with row starts with consent %q and date %q, want nothing chosen", consent, on)
	}
	signs := "I stop answering my phone and stop eating properly."
	err = chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS(`#warning_signs`)),
		chromedp.SendKeys(chromedp.CSS(`#warning_signs`), signs),
		chromedp.Clear(chromedp.CSS(`#helps`)),
		chromedp.SendKeys(chromedp.CSS(`#helps`), "A walk with my sister"),
	)
	if err == nil {
		err = submitForFlash(ctx, `#crisis-form button[type=submit]`, "The crisis plan has been saved")
	}
	if err != nil {
		t.Fatalf("save the crisis plan: %v\n%s", err, mainText(t, ctx))
	}
	saved, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#warning_signs`)))
	if err != nil || saved != signs {
		t.Errorf("saved warning signs = %q, want %q (%v)", saved, signs, err)
	}
}

// TestBrowserCrisisPlanAddsSomeoneToShareWith types a name in the empty
// row; saving without the person's answer on consent asks for it and
// keeps the name; with the answer chosen and the date left blank, the
// plan is saved with the share dated today, and a new empty row follows.
func TestBrowserCrisisPlanAddsSomeoneToShareWith(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "clinician")
	person := caseloadPerson(t, ctx, base, 1)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/crisis-plan"),
		chromedp.WaitVisible(chromedp.CSS(`#crisis-form`)),
		chromedp.Clear(chromedp.CSS(`#warning_signs`)),
		chromedp.SendKeys(chromedp.CSS(`#warning_signs`), "I go quiet and stay in my room."),
	)
	if err != nil {
		t.Fatalf("open the crisis plan: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[name="share-recipient"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	last := "#share-recipient-" + strconv.Itoa(rows-1)
	name := "Hope Street Surgery"
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(last), name),
		chromedp.Click(chromedp.CSS(`#crisis-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary`)),
	)
	if err != nil {
		t.Fatalf("save without the consent: %v", err)
	}
	if text := mainText(t, ctx); !strings.Contains(text, "Choose whether the person consents to sharing the plan with "+name) {
		t.Errorf("no problem asking for the consent; the page says:\n%s", text)
	}
	if kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(last))); err != nil || kept != name {
		t.Errorf("typed name = %q (%v), want it kept", kept, err)
	}
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#share-consented-"+strconv.Itoa(rows-1)), "yes"))
	if err == nil {
		err = submitForFlash(ctx, `#crisis-form button[type=submit]`, "The crisis plan has been saved")
	}
	if err != nil {
		t.Fatalf("save with the consent: %v\n%s", err, mainText(t, ctx))
	}
	saved, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.tl-contact-row')].filter(r => r.querySelector('input[name="share-recipient"]')?.value === `+jsString(name)+`).map(r => r.querySelector('select').value + '|' + r.querySelector('input[name="share-on"]').value)`))
	if today := uktime.Date(time.Now()); err != nil || len(saved) != 1 || saved[0] != "yes|"+today {
		t.Errorf("saved share rows for %s = %v (%v), want one consenting, dated %s", name, saved, err, today)
	}
	if consent, on := spareShareRow(t, ctx); consent != "|Choose" || on != "" {
		t.Errorf("after saving, the empty row starts with consent %q and date %q, want nothing chosen", consent, on)
	}
}
