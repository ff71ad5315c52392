package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Carers and relatives with consent, as the people involved would use it:
// the demo carer sees only what the demo service user shares; a carer the
// team gives a sign-in from the carers page loses access on their very
// next page load once the person stops sharing from their own page.

// carerPage loads /carer and reports the HTTP status and the main text.
func carerPage(t *testing.T, ctx context.Context, base string) (int, string) {
	t.Helper()
	var status int64
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(base+"/carer"))
	if err != nil {
		t.Fatalf("open /carer: %v", err)
	}
	if resp != nil {
		status = resp.Status
	}
	return int(status), mainText(t, ctx)
}

// TestBrowserCarerSeesOnlyWhatWasShared signs in as the demo carer.
func TestBrowserCarerSeesOnlyWhatWasShared(t *testing.T) {
	ctx, base := openDemo(t, 2*time.Minute)
	signIn(t, ctx, base, "carer")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`main a[href="/carer"]`)), chromedp.WaitVisible(chromedp.CSS(`#carer-concern-form`))); err != nil {
		t.Fatalf("follow the home page's link to the carer's page: %v", err)
	}
	present, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]bool](`({
		crisis: !!document.querySelector('#carer-crisis-plan'), appointments: !!document.querySelector('#carer-appointments'),
		care: !!document.querySelector('#carer-care-plan'), medication: !!document.querySelector('#carer-medication'),
		assessment: !!document.querySelector('#carer-assessment')})`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"crisis": true, "appointments": true, "care": false, "medication": false, "assessment": true}
	for k, v := range want {
		if present[k] != v {
			t.Errorf("carer's page has section %s = %v, want %v", k, present[k], v)
		}
	}
	// Nothing of the record is reachable by address.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/people"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	if got := mainText(t, ctx); !strings.Contains(got, "does not give access") {
		t.Errorf("carer opening /people: %q, want refused", got)
	}
}

// TestBrowserPersonStopsSharingWithACarer: the clinician adds the person's
// friend and gives them a sign-in from the carers page; the friend signs in
// and chooses a password; the person stops sharing from their own page;
// the friend's next page load is refused.
func TestBrowserPersonStopsSharingWithACarer(t *testing.T) {
	staff, base := openDemo(t, 4*time.Minute)
	signIn(t, staff, base, "serviceuser")
	personHref, err := chromedp.Run(staff, chromedp.Evaluate[string](`document.querySelector('main a[href$="/sharing"]').getAttribute('href')`))
	if err != nil {
		t.Fatalf("the portal's link to sharing: %v", err)
	}
	person := strings.TrimSuffix(personHref, "/sharing")
	signOut(t, staff)
	signIn(t, staff, base, "clinician")
	name := fmt.Sprintf("Robin Friend %d", time.Now().UnixNano()%100000)
	username := strings.ToLower(strings.ReplaceAll(name, " ", "."))
	err = chromedp.Do(staff,
		chromedp.Navigate(base+person+"/carers"),
		chromedp.WaitVisible(chromedp.CSS(`#carer_name`)),
		chromedp.SendKeys(chromedp.CSS(`#carer_name`), name),
		chromedp.SendKeys(chromedp.CSS(`#relationship`), "friend"),
		chromedp.Click(chromedp.CSS(`input[name="share"][value="crisis-plan"]`)),
	)
	if err == nil {
		err = submitForFlash(staff, `form[action$="/carers"] button[type=submit]`, "has been added")
	}
	if err != nil {
		t.Fatalf("add the friend: %v", err)
	}
	carerID, err := chromedp.Run(staff, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const row = [...document.querySelectorAll('#carers-table tr')].find(r => r.textContent.includes(%q));
		return row.querySelector('form[action$="/sign-in"]').getAttribute('action').split('/')[4];
	})()`, name)))
	if err != nil {
		t.Fatalf("find the friend's sign-in form: %v", err)
	}
	var temporary string
	err = chromedp.Do(staff,
		chromedp.SendKeys(chromedp.CSS("#username-"+carerID), username),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="%s/carers/%s/sign-in"] button[type=submit]`, person, carerID))),
		chromedp.WaitVisible(chromedp.CSS(`#carer-sign-in-made`)),
	)
	if err == nil {
		temporary, err = chromedp.Run(staff, chromedp.Text(chromedp.CSS(`#carer-sign-in-made code`)))
	}
	if err != nil || temporary == "" {
		t.Fatalf("give the friend a sign-in: %q, %v", temporary, err)
	}

	friend := newBrowser(t)
	friend, cancel := context.WithTimeout(friend, 3*time.Minute)
	defer cancel()
	const chosen = "a long walk by the river"
	err = chromedp.Do(friend,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), temporary),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#new_password")),
		chromedp.SendKeys(chromedp.CSS("#current_password"), temporary),
		chromedp.SendKeys(chromedp.CSS("#new_password"), chosen),
		chromedp.SendKeys(chromedp.CSS("#confirm_password"), chosen),
		chromedp.Click(chromedp.CSS(`form[action="/account/password"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main a[href="/carer"]`)),
	)
	if err != nil {
		t.Fatalf("the friend signs in and chooses a password: %v", err)
	}
	if status, text := carerPage(t, friend, base); status != 200 || !strings.Contains(text, "Crisis plan") {
		t.Fatalf("the friend's page before: %d\n%s", status, text)
	}

	signOut(t, staff)
	signIn(t, staff, base, "serviceuser")
	err = chromedp.Do(staff, chromedp.Navigate(base+personHref), chromedp.WaitVisible(chromedp.CSS("#stop-sharing-"+carerID)))
	if err == nil {
		err = submitForFlash(staff, "#stop-sharing-"+carerID, "You have stopped sharing")
	}
	if err != nil {
		t.Fatalf("the person stops sharing: %v", err)
	}
	status, text := carerPage(t, friend, base)
	if status != 403 || !strings.Contains(text, "Nothing is shared with you") || strings.Contains(text, "Crisis plan") {
		t.Errorf("the friend's next page load: %d\n%s\nwant refused with a plain explanation", status, text)
	}
}
