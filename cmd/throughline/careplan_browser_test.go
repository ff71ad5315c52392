package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The ongoing-care steps are functions taking (t, ctx, ...) so that other
// journeys (a missed appointment and its follow-up, for example) can chain
// them: sign in, open someone on the caseload, work on their care plan,
// print their crisis plan.

// careAddGoal adds a goal in the person's own words with a first rating,
// from the care plan page, and checks it is listed with its rating.
func careAddGoal(t *testing.T, ctx context.Context, base, person, goal, rating string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/care-plan"),
		chromedp.WaitVisible(chromedp.CSS(`#goal-form`)),
		chromedp.SendKeys(chromedp.CSS(`#goal_text`), goal),
		chromedp.SetValue(chromedp.CSS(`#goal_rating`), rating),
		chromedp.Click(chromedp.CSS(`#goal-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("add a goal: %v", err)
	}
	table, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#goal-table`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table, goal) || !strings.Contains(table, "Own words") {
		t.Errorf("goal table lacks the new goal in the person's own words:\n%s", table)
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('#goal-table tr')].some(r => r.textContent.includes(`+jsString(goal)+`) && r.querySelector('td.tl-num').textContent.trim() === `+jsString(rating)+`)`))
	if err != nil || !checked {
		t.Errorf("the new goal's rating is not %s (%v)", rating, err)
	}
}

// careSaveCarePlan records the person's comments on the plan and saves it,
// checking a new version was saved.
func careSaveCarePlan(t *testing.T, ctx context.Context, base, person, comments string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/care-plan"),
		chromedp.WaitVisible(chromedp.CSS(`#plan-form`)),
		chromedp.SetValue(chromedp.CSS(`#person_comments`), comments),
		chromedp.Click(chromedp.CSS(`#plan-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("save the care plan: %v", err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[role=status]`)))
	if err != nil || !strings.Contains(flash, "The care plan has been saved") {
		t.Errorf("after saving: %q, %v", flash, err)
	}
	saved, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#person_comments`)))
	if err != nil || saved != comments {
		t.Errorf("saved comments = %q, want %q (%v)", saved, comments, err)
	}
}

// careSaveCrisisPlan rewrites the warning signs on the crisis plan page and
// saves the page's own form as the browser sends it, spare rows and all,
// checking a new version was saved.
func careSaveCrisisPlan(t *testing.T, ctx context.Context, base, person, signs string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/crisis-plan"),
		chromedp.WaitVisible(chromedp.CSS(`#crisis-form`)),
		chromedp.SetValue(chromedp.CSS(`#warning_signs`), signs),
	)
	if err == nil {
		err = submitForFlash(ctx, `#crisis-form button[type=submit]`, "The crisis plan has been saved")
	}
	if err != nil {
		t.Fatalf("save the crisis plan: %v", err)
	}
	saved, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#warning_signs`)))
	if err != nil || saved != signs {
		t.Errorf("saved warning signs = %q, want %q (%v)", saved, signs, err)
	}
}

// carePrintCrisisPlan opens the one-page crisis plan and returns its text
// after checking it has the plan's parts and a 24-hour line.
func carePrintCrisisPlan(t *testing.T, ctx context.Context, base, person string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/crisis-plan"),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/crisis-plan/print"]`)),
		chromedp.Click(chromedp.CSS(`a[href$="/crisis-plan/print"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#crisis-print`)),
	)
	if err != nil {
		t.Fatalf("open the printable crisis plan: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#crisis-print`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"My crisis plan", "Warning signs", "What helps", "Who to contact", "24 hours, every day", "Shared, with my consent, with:"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed crisis plan lacks %q", want)
		}
	}
	// Printed on A4, the page chrome goes and the plan fits one page.
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
		t.Errorf("printed crisis plan has %d A4 pages, want 1", n)
	}
	return text
}

// pdfPage matches one page object in a PDF file.
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
