package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"throughline/internal/auth"
)

// TestTwoFactorEnrolAndSignInBrowser: the system administrator adds an
// account; its holder sets up two-factor sign-in from the page's own QR
// code form (the test plays the authenticator app with the key shown),
// then signs in with password and code.
func TestTwoFactorEnrolAndSignInBrowser(t *testing.T) {
	t.Parallel()
	ctx, base := openDemo(t, 3*time.Minute)
	const username, password = "totp.browser", "a quiet harbour at dawn"
	signIn(t, ctx, base, "sysadmin")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/admin/users"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/admin/users"] #username`)),
		chromedp.SendKeys(chromedp.CSS(`form[action="/admin/users"] #username`), username),
		chromedp.SendKeys(chromedp.CSS(`#display_name`), "Tee Otp"),
		chromedp.SetValue(chromedp.CSS(`#role`), "peer-worker"),
		chromedp.SendKeys(chromedp.CSS(`form[action="/admin/users"] #password`), password),
		chromedp.Click(chromedp.CSS(`form[action="/admin/users"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#account-status`)),
	)
	if err != nil {
		t.Fatalf("add the account: %v", err)
	}
	signOut(t, ctx)

	signInWithPassword := func() {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`#username`)),
			chromedp.SendKeys(chromedp.CSS(`#username`), username),
			chromedp.SendKeys(chromedp.CSS(`#password`), password),
			chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		)
		if err != nil {
			t.Fatalf("sign in: %v", err)
		}
	}
	signInWithPassword()
	var secret string
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
		chromedp.Navigate(base+"/account/two-factor"),
		chromedp.WaitVisible(chromedp.CSS(`img[alt^="QR code"]`)),
	)
	if err == nil {
		secret, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#totp-secret`)))
	}
	if err != nil {
		t.Fatalf("open enrolment: %v", err)
	}
	secret = strings.ReplaceAll(strings.TrimSpace(secret), " ", "")
	code, err := auth.TOTPCode(secret, time.Now())
	if err != nil {
		t.Fatalf("setup key %q on the page: %v", secret, err)
	}
	var codes string
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`form[action="/account/two-factor"] #code`), code),
		chromedp.Click(chromedp.CSS(`form[action="/account/two-factor"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#recovery-codes`)),
	)
	if err == nil {
		codes, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#recovery-codes`)))
	}
	if err != nil {
		t.Fatalf("confirm enrolment: %v", err)
	}
	if got := len(strings.Fields(codes)); got != auth.RecoveryCodeCount {
		t.Errorf("%d recovery codes shown, want %d", got, auth.RecoveryCodeCount)
	}
	signOut(t, ctx)

	signInWithPassword()
	// The enrolment code's time step is spent; the app's next code is accepted.
	code, err = auth.TOTPCode(secret, time.Now().Add(auth.TOTPPeriod))
	if err != nil {
		t.Fatal(err)
	}
	var heading string
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/login/code"] #code`)),
		chromedp.SendKeys(chromedp.CSS(`form[action="/login/code"] #code`), code),
		chromedp.Click(chromedp.CSS(`form[action="/login/code"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
	)
	if err == nil {
		heading, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`h1`)))
	}
	if err != nil {
		t.Fatalf("second step: %v", err)
	}
	if strings.Contains(heading, "security code") {
		t.Errorf("still on the code page after a right code")
	}
}
