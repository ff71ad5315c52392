package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Every page of a person's record, reached the way a clinician reaches it
// (by following links from the record), shows whose record it is and puts
// the crisis plan one click away.
func TestBrowserIdentityBannerAndCrisisPlanOneClick(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "clinician")
	person, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main table a[href^="/people/"]').getAttribute('href')`))
	if err != nil || !strings.HasPrefix(person, "/people/") {
		t.Fatalf("no one on the caseload: %q, %v", person, err)
	}
	id := strings.TrimPrefix(person, "/people/")
	// Walk the record two links deep from the person page.
	seen := map[string]bool{person: true}
	queue := []string{person}
	for depth := 0; depth < 2; depth++ {
		var next []string
		for _, page := range queue {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
				t.Fatalf("open %s: %v", page, err)
			}
			links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
				`[...document.querySelectorAll('main a[href^="/people/%s/"]')].map(a => a.getAttribute('href').split('#')[0])`, id)))
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range links {
				if !seen[l] && !strings.Contains(l, "break-glass") {
					seen[l] = true
					next = append(next, l)
				}
			}
		}
		queue = next
	}
	t.Logf("checked %d pages of the record", len(seen))
	if len(seen) < 8 {
		t.Fatalf("only %d pages of the record reached from %s: %v", len(seen), person, seen)
	}
	for page := range seen {
		err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS(`main`)))
		if err != nil {
			t.Fatalf("open %s: %v", page, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			const b = document.querySelector('.tl-banner[data-person="%s"]');
			if (!b) return 'no banner';
			if (!/\d{3} \d{3} \d{4}|Not recorded/.test(b.textContent)) return 'no NHS number';
			if (!/Born/.test(b.textContent)) return 'no date of birth';
			return b.querySelector('a.tl-banner__crisis-link[href="/people/%s/crisis-plan"]') ? 'ok' : 'no crisis plan link';
		})()`, id, id)))
		if err != nil || got != "ok" {
			t.Errorf("%s: %s %v", page, got, err)
		}
	}
	// One click from the deepest page reached to the crisis plan.
	var deepest string
	for p := range seen {
		if len(p) > len(deepest) {
			deepest = p
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+deepest),
		chromedp.Click(chromedp.CSS(`.tl-banner__crisis-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#crisis-form`)),
	)
	if err != nil {
		t.Errorf("crisis plan one click from %s: %v", deepest, err)
	}
}
