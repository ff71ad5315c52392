package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// carerAxe runs axe-core (npm, vendored under node_modules) on the page in
// ctx and reports its serious and critical WCAG 2.2 A/AA violations.
func carerAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Skipf("axe-core is not installed (npm ci): %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+";true")); err != nil {
		t.Fatalf("load axe-core on %s: %v", page, err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']}})
		.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core on %s: %v", page, err)
	}
	if len(found) > 0 {
		t.Errorf("%s: serious accessibility problems:\n%s", page, strings.Join(found, "\n"))
	}
}

// TestBrowserCarerAndFeedbackPagesAreAccessible checks the carer's page,
// the person's sharing page and the public feedback form with axe-core,
// at a phone's width of 360 px.
func TestBrowserCarerAndFeedbackPagesAreAccessible(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/feedback"), chromedp.WaitVisible(chromedp.CSS(`#feedback-form`))); err != nil {
		t.Fatal(err)
	}
	carerAxe(t, ctx, "/feedback")
	signIn(t, ctx, base, "carer")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/carer"), chromedp.WaitVisible(chromedp.CSS(`#carer-concern-form`))); err != nil {
		t.Fatal(err)
	}
	carerAxe(t, ctx, "/carer")
	signOut(t, ctx)
	signIn(t, ctx, base, "serviceuser")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main a[href$="/sharing"]').getAttribute('href')`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+href), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
		t.Fatal(err)
	}
	carerAxe(t, ctx, href)
}
