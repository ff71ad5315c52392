package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser, failing instead of skipping when CI demands it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("THROUGHLINE_REQUIRE_BROWSER") == "1" {
		t.Fatal("THROUGHLINE_REQUIRE_BROWSER=1 but no Chromium found (make deps installs it)")
	}
	t.Skip("no Chromium installed; make check installs it")
	return ""
}

// TestBrowserRoles signs in as each demo role in headless Chromium, checks the
// role's home page, that a page outside the role is refused, and signs out.
func TestBrowserRoles(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	t.Parallel() // each role signs in and out in a browser context of its own
	browser := newBrowser(t)
	base := startDemo(t)
	shots := os.Getenv("THROUGHLINE_SCREENSHOTS")
	tests := []struct {
		user, heading, forbidden string
	}{
		{"clinician", "Your day", "/admin/users"},
		{"peer", "Your day", "/audit"},
		{"admin", "Referrals in progress", "/reports/overview"},
		{"manager", "Your teams", "/admin/users"},
		{"referrer", "Your referrals", "/people"},
		{"serviceuser", "Hello,", "/people"},
		{"commissioner", "Service overview", "/people"},
		{"sysadmin", "System administration", "/audit"},
		{"auditor", "Audit", "/admin/users"},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(browser, 60*time.Second)
			defer cancel()
			h1 := chromedp.CSS("main h1")
			signIn(t, ctx, base, tt.user)
			home, err := chromedp.Run(ctx, chromedp.Text(h1))
			if err != nil {
				t.Fatal(err)
			}
			headerColour, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.nhsuk-header')).backgroundColor`))
			if err != nil {
				t.Fatal(err)
			}
			jsEnabled, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.classList.contains('js-enabled')`, chromedp.WithPollingTimeout(10*time.Second)))
			if err != nil {
				t.Errorf("waiting for app.js: %v", err)
			}
			if shots != "" { // a full-page screenshot costs seconds of CPU: only when asked for
				shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(shots, tt.user+".png"), shot, 0o644); err != nil {
					t.Errorf("save screenshot: %v", err)
				}
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+tt.forbidden), chromedp.WaitVisible(h1)); err != nil {
				t.Fatal(err)
			}
			refused, err := chromedp.Run(ctx, chromedp.Text(h1))
			if err != nil {
				t.Fatal(err)
			}
			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
				chromedp.WaitVisible(chromedp.CSS("#username")),
			)
			if err != nil {
				t.Fatalf("sign out: %v", err)
			}
			after, err := chromedp.Run(ctx, chromedp.Text(h1))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(home, tt.heading) {
				t.Errorf("home heading = %q, want %q", home, tt.heading)
			}
			if headerColour != "rgb(0, 94, 184)" {
				t.Errorf("NHS header colour = %q: the design system stylesheet did not load", headerColour)
			}
			if !jsEnabled {
				t.Error("app.js did not run (check CSP and the vendored nhsuk-frontend module)")
			}
			if refused != "You do not have access to this" {
				t.Errorf("%s: heading = %q, want refusal", tt.forbidden, refused)
			}
			if after != "Sign in to Throughline" {
				t.Errorf("after sign-out heading = %q", after)
			}
		})
	}
}
