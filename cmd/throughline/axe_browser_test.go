package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// An automated accessibility check for any browser test: checkAxe runs
// axe-core (npm devDependency, installed by `make assets`) on the page the
// tab shows and fails the test on every serious or critical violation.
// Use atWidth first to check a page as a phone shows it.

// axeViolation is the part of an axe-core result the failure message names.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

var axeScript struct {
	once sync.Once
	src  string
	err  error
}

// axeSource is axe.min.js from the repository's node_modules, read once.
func axeSource(t *testing.T) string {
	t.Helper()
	axeScript.once.Do(func() {
		var b []byte
		b, axeScript.err = os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
		axeScript.src = string(b)
	})
	if axeScript.err != nil {
		t.Fatalf("axe-core is not installed (run make assets, which runs npm ci): %v", axeScript.err)
	}
	return axeScript.src
}

// axeRun runs axe on the whole document and keeps the serious and critical
// violations, each with up to three of the elements it found.
const axeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
	r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
		id: v.id, impact: v.impact, help: v.help,
		targets: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.html.slice(0, 120))}))))`

// checkAxe fails the test, naming the page, for each serious or critical
// accessibility violation on the page the tab shows now.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	src := axeSource(t)
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== 'undefined'`))
	if err == nil && !loaded {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](src+";true"))
	}
	if err != nil {
		t.Fatalf("%s: load axe-core: %v", page, err)
	}
	// The pointer rests where the last click left it: over a link on the
	// new page, the link shows its hover style (no underline) and axe
	// judges that instead of the link as a reader sees it. Move it off.
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 0, 0)); err != nil {
		t.Fatalf("%s: move the pointer away: %v", page, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", page, err)
	}
	var found []axeViolation
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		t.Fatalf("%s: read axe-core's result: %v", page, err)
	}
	for _, v := range found {
		t.Errorf("%s: %s accessibility problem %s (%s):\n  %s", page, v.Impact, v.ID, v.Help, strings.Join(v.Targets, "\n  "))
	}
}

// atWidth makes the tab a phone-sized viewport (or back) for the rest of
// the test.
func atWidth(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
		t.Fatalf("set the viewport to %d px: %v", width, err)
	}
}

// horizontalOverflow reports how many pixels wider than the viewport the
// page is: content that makes a phone scroll sideways.
func horizontalOverflow(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil {
		t.Fatalf("measure the page width: %v", err)
	}
	return n
}
