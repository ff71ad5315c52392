package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserClinicianRecordsPHQ9s: a clinician records two PHQ-9s for
// someone on their caseload (18, then 9) and sees reliable improvement, the
// chart and the table with both scores. The first is dated before any demo
// data so it is the person's first PHQ-9 whatever the demo holds.
func TestBrowserClinicianRecordsPHQ9s(t *testing.T) {
	ctx, base := openDemo(t, 90*time.Second)
	signIn(t, ctx, base, "clinician")
	person, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main table a[href^="/people/"]').getAttribute('href')`))
	if err != nil || person == "" {
		t.Fatalf("a person on the clinician's caseload: %q, %v", person, err)
	}
	record := func(date string, answer int) {
		t.Helper()
		actions := []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + person + "/measures/new/PHQ-9"),
			chromedp.WaitVisible(chromedp.CSS("#taken_on")),
			chromedp.SetValue(chromedp.CSS("#taken_on"), date),
		}
		for i := 1; i <= 9; i++ {
			actions = append(actions, chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="item-%d-%d"]`, i, answer))))
		}
		actions = append(actions,
			chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#result-summary`)),
		)
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("record PHQ-9 on %s: %v", date, err)
		}
	}
	now := time.Now().UTC()
	record(now.AddDate(-1, -10, 0).Format("2006-01-02"), 2) // 9 × 2 = 18
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#result-summary")))
	if err != nil || !strings.Contains(summary, "18") || !strings.Contains(summary, "moderately severe") {
		t.Errorf("first result = %q, %v", summary, err)
	}
	// Item 9 answered above zero: the calm safety notice is on the result.
	if notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#risk-notice"))); err != nil || !strings.Contains(notice, "check in") {
		t.Errorf("risk notice = %q, %v", notice, err)
	}
	record(now.Format("2006-01-02"), 1) // 9 × 1 = 9

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/measures"),
		chromedp.WaitVisible(chromedp.CSS(`#measure-PHQ-9 [data-ready="true"] svg`)),
	)
	if err != nil {
		t.Fatalf("measures page chart: %v", err)
	}
	change, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#measure-PHQ-9 .tl-change")))
	if err != nil || !strings.Contains(change, "reliable improvement") || !strings.Contains(change, "First 18, latest 9") {
		t.Errorf("PHQ-9 change = %q, %v", change, err)
	}
	scores, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#measure-PHQ-9 table tbody tr td:nth-child(2)')].map(td => td.textContent.trim())`))
	if err != nil || len(scores) < 2 || scores[0] != "18" || scores[len(scores)-1] != "9" {
		t.Errorf("table scores = %v, %v; want 18 first and 9 last", scores, err)
	}
	if dir := os.Getenv("THROUGHLINE_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "measures.png"), shot, 0o644)
		}
	}
}
