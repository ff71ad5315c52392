package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// answerRadio clicks the answer a person reads as label to the question
// named name.
func answerRadio(t *testing.T, ctx context.Context, name, label string) {
	t.Helper()
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('input[type=radio][name=`+name+`]')].find(i => i.labels[0].textContent.trim() === `+jsString(label)+`)?.id ?? ''`))
	if err == nil && id == "" {
		t.Fatalf("the question %s has no answer %q", name, label)
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
	}
	if err != nil {
		t.Fatalf("answer %s with %q: %v", name, label, err)
	}
}

// checkServices sends the "Before you refer" form and returns the text of
// the results, the section of those that would accept the person and the
// near misses.
func checkServices(t *testing.T, ctx context.Context) (accepting, near string) {
	t.Helper()
	// The results of an earlier check are still showing: wait for new ones.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector('#refer-check-results')?.remove(); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#refer-check-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#refer-check-results`)),
	)
	if err != nil {
		t.Fatalf("check services: %v\n%s", err, mainText(t, ctx))
	}
	text := textOf(t, ctx, `#refer-check-results`)
	accepting, near, ok := strings.Cut(text, "Services that nearly accept")
	if !ok {
		t.Fatalf("the results have no near misses section:\n%s", text)
	}
	return accepting, near
}

// TestBrowserReferCheckSignedIn: a referrer opens "Before you refer" from
// their home and describes, in the page's own form, someone at high risk
// whose engagement is chaotic and who has no diagnosis: no non-crisis
// service takes them, which the page says plainly, with crisis services
// and the near misses and the rule each failed. They change four answers
// (the rest are kept) to someone with a diagnosis of complex emotional
// needs: the CEN service would accept, and its link opens this system's
// referral form.
func TestBrowserReferCheckSignedIn(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "referrer")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/refer/check"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#refer-check-form`)),
	)
	if err != nil {
		t.Fatalf("open Before you refer from the referrer's home: %v", err)
	}
	for _, a := range [][2]string{
		{"risk", "High"}, {"engagement", "Chaotic"}, {"diagnosis", "None"}, {"complexity", "Multiple"},
		{"substance_use", "None"}, {"housing", "Settled"}, {"duration_needed", "Long"},
	} {
		answerRadio(t, ctx, a[0], a[1])
	}
	chooseOption(t, ctx, `#locality`, "Kingsmere North")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#age`), "30")); err != nil {
		t.Fatal(err)
	}
	accepting, near := checkServices(t, ctx)
	checkAxe(t, ctx, "before you refer, signed in, no service")
	for _, want := range []string{"No service takes this situation", "In a crisis"} {
		if !strings.Contains(accepting, want) {
			t.Errorf("a situation no service takes: the results lack %q:\n%s", want, accepting)
		}
	}
	if !strings.Contains(near, "Would not accept them at the moment") || !strings.Contains(near, "This service takes people whose") {
		t.Errorf("the near misses do not say which rule each failed:\n%s", near)
	}

	for _, a := range [][2]string{{"risk", "Moderate"}, {"engagement", "Variable"}, {"diagnosis", "Cen"}, {"complexity", "Complex trauma"}} {
		answerRadio(t, ctx, a[0], a[1])
	}
	accepting, _ = checkServices(t, ctx)
	checkAxe(t, ctx, "before you refer, signed in, services accept")
	if strings.Contains(accepting, "No service takes this situation") || !strings.Contains(accepting, "Kingsmere Complex Emotional Needs Service") {
		t.Fatalf("someone with complex emotional needs in Kingsmere North: the accepting services are\n%s", accepting)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector('input[name=housing]:checked')?.value, document.querySelector('#age').value, document.querySelector('#locality').value]`))
	if err != nil || strings.Join(kept, "|") != "settled|30|N" {
		t.Errorf("the answers not changed were not kept: %q, %v", kept, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#refer-check-results a[href="/referrals/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#service_id`)),
	)
	if err != nil {
		t.Fatalf("follow the link to this system's referral form: %v", err)
	}
}
