package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserOutcomesFilter: the commissioner narrows the outcomes by team
// and modality (every team's rows at once are 990 at scale 75) to one
// measure through the page's own filter; every row shown is that
// measure's, the page says how many of all it shows, and passes axe.
func TestBrowserOutcomesFilter(t *testing.T) {
	ctx, base := openDemo(t, 150*time.Second)
	signIn(t, ctx, base, "commissioner")
	// The figures may still be being prepared: the page looks again by itself.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/measures/outcomes"), chromedp.WaitVisible(chromedp.CSS(`#outcomes-filter`))); err != nil {
		t.Fatalf("open the outcomes: %v\n%s", err, mainText(t, ctx))
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#outcomes-table tbody tr').length`))
	if err != nil || all < 2 {
		t.Fatalf("the demo's outcomes have %d rows (%v), want several", all, err)
	}
	chooseAndSend(t, ctx, `#measure`, "PHQ-9", `#outcomes-filter`, `document.querySelector('#outcomes-count').textContent.includes(' of ')`)
	measures, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...new Set([...document.querySelectorAll('#outcomes-table tbody tr')].map(r => r.cells[2].textContent.trim()))].join('|')`))
	if err != nil || measures != "PHQ-9" {
		t.Errorf("after choosing PHQ-9 the rows are of %q (%v)", measures, err)
	}
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#outcomes-count`)))
	if err != nil || !strings.HasSuffix(strings.TrimSpace(count), "rows.") {
		t.Errorf("the count says %q (%v)", count, err)
	}
	checkAxe(t, ctx, "outcomes, one measure")
}
