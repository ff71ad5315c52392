package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserCommissionerGapMap: a commissioner opens the gap map, sees the
// zero-service cells, opens one, and downloads the CSV.
func TestBrowserCommissionerGapMap(t *testing.T) {
	t.Parallel() // reads only
	ctx, base := openDemo(t, 90*time.Second)
	signIn(t, ctx, base, "commissioner")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/gaps"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#gap-heatmap[data-ready="true"] canvas`)),
	)
	if err != nil {
		t.Fatalf("open gap map: %v", err)
	}
	gaps, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#gap-table a.tl-gap').length`))
	if err != nil {
		t.Fatal(err)
	}
	if gaps == 0 {
		t.Fatal("the demo region's gap map shows no zero-service cells")
	}
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h2 + p")))
	if err != nil || !strings.Contains(summary, "in the gap") {
		t.Errorf("gap count summary = %q, %v", summary, err)
	}
	if dir := os.Getenv("THROUGHLINE_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "gapmap.png"), shot, 0o644)
		}
	}

	csv, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.getElementById('download-csv').href).then(r => r.ok && r.headers.get('content-type').startsWith('text/csv') ? r.text() : 'bad response ' + r.status)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv, `risk \ engagement,able,variable,chaotic`) || !strings.Contains(csv, "\nhigh,") {
		t.Errorf("downloaded CSV:\n%s", csv)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#gap-table a.tl-gap`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-back-link`)),
	)
	if err != nil {
		t.Fatalf("open a gap cell: %v", err)
	}
	cell, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Who accepts this profile", "In the gap", "Services that nearly accept"} {
		if !strings.Contains(cell, want) {
			t.Errorf("cell page lacks %q", want)
		}
	}
	if dir := os.Getenv("THROUGHLINE_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "gapcell.png"), shot, 0o644)
		}
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/gaps/journeys?from=2023-01-01"),
		chromedp.WaitVisible(chromedp.CSS(`#journey-sankey[data-ready="true"] canvas`)),
	)
	if err != nil {
		t.Fatalf("journeys page: %v", err)
	}
	fell, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#fell-through")))
	if err != nil || strings.TrimSpace(fell) == "0" || strings.TrimSpace(fell) == "" {
		t.Errorf("people who fell through the gap = %q, %v; the demo has bounced journeys", fell, err)
	}
	if dir := os.Getenv("THROUGHLINE_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "journeys.png"), shot, 0o644)
		}
	}
}
