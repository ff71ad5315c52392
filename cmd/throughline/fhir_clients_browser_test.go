package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserFHIRClients: the system administrator opens FHIR API clients
// from their home page, registers a client through the page's own form
// (a key that cannot be read is refused first, with the rest kept), and
// disables it with its row's button. Both states pass axe.
func TestBrowserFHIRClients(t *testing.T) {
	ctx, base := openDemo(t, 150*time.Second)
	public := newPublicKeyPEM(t)
	signIn(t, ctx, base, "sysadmin")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.Click(chromedp.CSS(`main a[href="/admin/fhir-clients"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/admin/fhir-clients"] #client_id`)),
		chromedp.SendKeys(chromedp.CSS(`#client_id`), "browser-ics"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Browser ICS analytics"),
		chromedp.SendKeys(chromedp.CSS(`#scopes`), "system/Patient.rs"),
		chromedp.SetValue(chromedp.CSS(`#public_key`), "not a key"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/fhir-clients"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary a[href="#public_key"]`)),
	)
	if err != nil {
		t.Fatalf("register with a bad key: %v\n%s", err, mainText(t, ctx))
	}
	if kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#name`))); err != nil || kept != "Browser ICS analytics" {
		t.Errorf("after a refusal the name is %q (%v)", kept, err)
	}
	checkAxe(t, ctx, "FHIR clients, a bad key")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#public_key`), public),
		chromedp.Click(chromedp.CSS(`form[action="/admin/fhir-clients"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("register: %v\n%s", err, mainText(t, ctx))
	}
	rowJS := `[...document.querySelectorAll('#fhir-clients tbody tr')].find(r => r.textContent.includes('browser-ics'))`
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](rowJS+`?.textContent ?? ''`))
	if err != nil || !strings.Contains(row, "Enabled") || !strings.Contains(row, "system/Patient.rs") {
		t.Fatalf("the registered client's row: %q (%v)", row, err)
	}
	checkAxe(t, ctx, "FHIR clients")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { window.tlOldPage = true; `+rowJS+`.querySelector('button').click(); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		row, err = chromedp.Run(ctx, chromedp.Evaluate[string](`window.tlOldPage ? '' : (`+rowJS+`?.textContent ?? '')`))
		if err == nil && strings.Contains(row, "Disabled") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after disabling, the row says %q (%v)", row, err)
		}
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[role=status]`)))
	if err != nil || !strings.Contains(flash, "its tokens no longer work") {
		t.Errorf("after disabling the page says %q (%v)", flash, err)
	}
}
