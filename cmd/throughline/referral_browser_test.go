package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The steps below take (t, ctx, base, ...) so that later journeys
// (assessment, formulation, team discussion) can chain them into one
// end-to-end test.

// signIn signs in through the login form as user.
func signIn(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), DemoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
}

// signOut signs out with the header button.
func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#username")),
	)
	if err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// submitReferralForm makes a referral to the CEN service through the form
// as the signed-in referrer, for a new person, and returns its address
// (/referrals/N) and reference.
func submitReferralForm(t *testing.T, ctx context.Context, base, given, family string) (path, reference string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/referrals/new"),
		chromedp.WaitVisible(chromedp.CSS("#service_id")),
		chromedp.SetValue(chromedp.CSS("#service_id"), "cen-specialist"),
		chromedp.SendKeys(chromedp.CSS("#given_name"), given),
		chromedp.SendKeys(chromedp.CSS("#family_name"), family),
		chromedp.SendKeys(chromedp.CSS("#dob_day"), "9"),
		chromedp.SendKeys(chromedp.CSS("#dob_month"), "3"),
		chromedp.SendKeys(chromedp.CSS("#dob_year"), "1993"),
		chromedp.SetValue(chromedp.CSS("#worker_gender"), "woman"),
		chromedp.SendKeys(chromedp.CSS("#reason"), "Intense emotions and difficulties in relationships over many years; two short courses of therapy have not been enough."),
		chromedp.SendKeys(chromedp.CSS("#tried"), "Talking therapies (CBT, 12 sessions)"),
		chromedp.Click(chromedp.CSS(`label[for="consent"]`)),
		chromedp.Click(chromedp.CSS(`form[action="/referrals/new"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#reference")),
	)
	if err != nil {
		t.Fatalf("submit referral: %v", err)
	}
	reference, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#reference")))
	if err != nil || !strings.HasPrefix(reference, "TL-") {
		t.Fatalf("reference = %q, %v", reference, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	path = strings.TrimSuffix(strings.TrimPrefix(loc, base), "/acknowledgement")
	return path, reference
}

// screenAndAccept opens the referral's screening page as the signed-in
// screener, checks the criteria are shown beside it, and accepts it.
func screenAndAccept(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+path+"/screen"),
		chromedp.WaitVisible(chromedp.CSS("#criteria")),
		chromedp.Click(chromedp.CSS(`#accept-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#referral-status")),
	)
	if err != nil {
		t.Fatalf("screen and accept %s: %v", path, err)
	}
	if got := referralStatus(t, ctx, base, path); got != "Waiting for assessment" {
		t.Fatalf("status after accepting = %q", got)
	}
}

// referralStatus reads the status shown on a referral's page.
func referralStatus(t *testing.T, ctx context.Context, base, path string) string {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("#referral-status")))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#referral-status")))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(s)
}
