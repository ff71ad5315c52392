package main

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserRefreshTheFigures: a team manager on the principles page, and
// a commissioner on the journeys page (for a period they chose) and on the
// gap over time, ask for
// the figures to be refreshed with the page's own button. The refresh is
// queued, they are told so, and they come back to the same selection.
func TestBrowserRefreshTheFigures(t *testing.T) {
	ctx, base := openDemo(t, 240*time.Second)
	for i, tc := range []struct{ user, page, from string }{
		{"manager", "/reports/principles", ""},
		{"commissioner", "/gaps/journeys", "2025-06-01"},
		{"commissioner", "/gaps/over-time", ""},
	} {
		if i > 0 {
			signOut(t, ctx)
		}
		signIn(t, ctx, base, tc.user)
		page := tc.page
		if tc.from != "" {
			page += "?from=" + tc.from
		}
		// A selection nobody asked for is prepared first; the page
		// reloads itself when its figures are ready.
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+page),
			chromedp.WaitVisible(chromedp.CSS(`#aggregate-freshness`)),
		)
		if err != nil {
			t.Fatalf("%s: %s with its figures: %v", tc.user, page, err)
		}
		if got := textOf(t, ctx, `#aggregate-freshness`); !strings.Contains(got, "Figures as of") {
			t.Errorf("%s: freshness %q, want when the figures are from", tc.user, got)
		}
		checkAxe(t, ctx, page)
		if err := submitForFlash(ctx, `#aggregate-freshness button[type=submit]`, "The figures will be refreshed in the next few minutes."); err != nil {
			t.Fatalf("%s: refresh the figures: %v", tc.user, err)
		}
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		if u.Path != tc.page || (tc.from != "" && u.Query().Get("from") != tc.from) {
			t.Errorf("%s: back at %s, want %s with the same selection", tc.user, loc, page)
		}
		t.Logf("%s: refreshed %s", tc.user, page)
	}
}
