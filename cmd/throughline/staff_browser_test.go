package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserStaffSupport: on the demo the team manager opens Staff
// support from the navigation, sees who is overdue for supervision in
// words, opens the team training matrix and what the teams lack, and
// records a supervision session with Dr Amara Okafor through the page's
// own form, then names someone from her caseload as discussed.
func TestBrowserStaffSupport(t *testing.T) {
	ctx, base := openDemo(t, 120*time.Second)
	signIn(t, ctx, base, "manager")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/supervision"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#team-standings`)),
	)
	if err != nil {
		t.Fatalf("open supervision: %v", err)
	}
	team, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#team-standings`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Dr Amara Okafor", "Last clinical supervision 7 weeks ago; expected monthly", "Overdue", "Up to date"} {
		if !strings.Contains(team, want) {
			t.Errorf("team standings lack %q", want)
		}
	}
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#team + p`)))
	if err != nil || !strings.Contains(summary, "overdue for supervision") {
		t.Errorf("no count of who is overdue: %q %v", summary, err)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/training/matrix"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#matrix-table`)),
	)
	if err != nil {
		t.Fatalf("open the training matrix: %v", err)
	}
	lacks, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CEN Community Team: no one holds", "Mentalization-Based Treatment (MBT) basic", "renew by", "Expired", "Dr Amara Okafor"} {
		if !strings.Contains(lacks, want) {
			t.Errorf("training matrix lacks %q", want)
		}
	}

	const notes = "Reflected on the pull to do more when someone is in crisis."
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/supervision"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/supervision"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	ticked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = [...document.querySelectorAll('input[name=supervisees]')].find(i => i.labels[0].textContent.trim() === 'Dr Amara Okafor'); i.click(); return i.checked; })()`))
	if err != nil || !ticked {
		t.Fatalf("tick Dr Amara Okafor as supervised: %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#notes`), notes),
		chromedp.Click(chromedp.CSS(`form[action="/supervision"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("record a session: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#notes`)))
	if err != nil || got != notes {
		t.Errorf("saved notes %q, want %q (%v)", got, notes, err)
	}
	// The flash of the save is still showing: clear it, so the next wait
	// is for the next save's.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelectorAll('main [role=status]').forEach(e => e.remove()); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name=people]`)),
		chromedp.Click(chromedp.CSS(`form[action$="/people"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("name who was discussed: %v", err)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#people + p + ul a[href^="/people/"]').length`))
	if err != nil || links != 1 {
		t.Errorf("%d people discussed linked, want 1 (%v)", links, err)
	}
	// Back on the list, the new session is there and Dr Okafor is no
	// longer overdue for clinical supervision.
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/supervision"), chromedp.WaitVisible(chromedp.CSS(`#team-standings`)))
	if err != nil {
		t.Fatal(err)
	}
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#team-standings tr')].find(r => r.textContent.includes('Dr Amara Okafor')).textContent`))
	if err != nil || !strings.Contains(row, "Last clinical supervision today; expected monthly") {
		t.Errorf("Dr Okafor's standing after the session: %q %v", row, err)
	}
	signOut(t, ctx)
}
