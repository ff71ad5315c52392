package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReferralToOutcome is the front door end to end: a referrer
// submits a referral through the form; admin screens and accepts it; a
// clinician books and records the assessment and writes the formulation;
// the team discusses it and decides; the referrer sees the outcome, and
// only their own referrals.
func TestBrowserReferralToOutcome(t *testing.T) {
	// In parallel, so after every sequential test: the team's decision may
	// add this person to the demo clinician's caseload, from which the
	// sequential tests take the first person.
	t.Parallel()
	ctx, base := openDemo(t, 4*time.Minute)
	family := fmt.Sprintf("Brightwater%d", time.Now().UnixNano()%100000)

	signIn(t, ctx, base, "referrer")
	path, reference := submitReferralForm(t, ctx, base, "Quinn", family)
	if got := referralStatus(t, ctx, base, path); got != "Received" {
		t.Errorf("new referral status = %q, want Received", got)
	}
	signOut(t, ctx)

	signIn(t, ctx, base, "admin")
	screenAndAccept(t, ctx, base, path)
	signOut(t, ctx)

	signIn(t, ctx, base, "referrer")
	if got := referralStatus(t, ctx, base, path); got != "Waiting for assessment" {
		t.Errorf("referrer sees status %q, want Waiting for assessment", got)
	}
	signOut(t, ctx)

	signIn(t, ctx, base, "clinician")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("#referral-status"))); err != nil {
		t.Fatal(err)
	}
	var person string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var err error
		person, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main a[href^="/people/"]')?.getAttribute('href') || '').split('/')[2] || ''`))
		if err == nil && person != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no link to the person from %s: %q, %v", path, person, err)
		}
	}
	ref := bookAssessment(t, ctx, base, person)
	if want := strings.TrimPrefix(path, "/referrals/"); ref.ReferralID != want {
		t.Fatalf("booked referral %s, want the submitted %s", ref.ReferralID, want)
	}
	recordAttendance(t, ctx, base, ref)
	writeAssessment(t, ctx, base, ref)
	writeFormulation(t, ctx, base, ref)
	signOut(t, ctx)

	signIn(t, ctx, base, "manager")
	teamDecides(t, ctx, base, ref)
	signOut(t, ctx)

	signIn(t, ctx, base, "referrer")
	referrerSeesOutcome(t, ctx, base, ref)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/referrals"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	list, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(list, "Quinn "+family) {
		t.Errorf("referrer's list lacks the referral %s: %v", reference, err)
	}
	signOut(t, ctx)
}
