package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// retype replaces what a field holds as a person does: click into it,
// select everything in it and type over the selection.
func retype(ctx context.Context, css, text string) error {
	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css)))
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector(`+jsString(css)+`).select(); return true; })()`))
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(css), text))
	}
	return err
}

// TestBrowserTeamFormulationVersions: the demo service user's clinician
// opens their team formulation from the record, saves a new version
// through the page's own form with sharing unticked, then another with
// it ticked. The newest shows first with every earlier version kept in
// the history, and the person reads the shared version in their portal
// but never the one the team kept to itself.
func TestBrowserTeamFormulationVersions(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "serviceuser")
	person := portalPerson(t, ctx, base)
	signOut(t, ctx)

	signIn(t, ctx, base, "clinician")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person),
		chromedp.Click(chromedp.CSS(`main a[href$="/team-formulation"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/team-formulation"]`)),
	)
	if err != nil {
		t.Fatalf("open the team formulation from the record: %v", err)
	}
	checkAxe(t, ctx, "team formulation")
	earlier, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name=version]').value`))
	if err != nil {
		t.Fatal(err)
	}
	before, err := strconv.Atoi(earlier)
	if err != nil || before < 1 {
		t.Fatalf("the demo's team formulation version %q, want at least 1 (%v)", earlier, err)
	}

	// A version the team keeps to itself for now: the form carries the
	// current text, the clinician rewrites what the team will try and
	// unticks sharing.
	kept := "Talk through the pull to rescue before the next review, as a team."
	if err := retype(ctx, `#will_try`, kept); err != nil {
		t.Fatalf("rewrite what the team will try: %v", err)
	}
	shared, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#shared').checked`))
	if err != nil {
		t.Fatal(err)
	}
	if shared {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#shared`)))
	}
	if err == nil {
		err = submitForFlash(ctx, `form[action$="/team-formulation"] button[type=submit]`, "saved (version "+strconv.Itoa(before+1)+"). It is not shared with the person")
	}
	if err != nil {
		t.Fatalf("save a version not shared: %v", err)
	}
	if got := textOf(t, ctx, `#sharing`); !strings.Contains(got, "Not shared") {
		t.Errorf("after saving unshared the page says %q", got)
	}

	// The next version, shared.
	agreed := "A planned call on Tuesday evenings, and the same worker calls back after a missed appointment."
	err = retype(ctx, `#will_try`, agreed)
	if err == nil {
		err = retype(ctx, `#present`, "Named worker, team psychologist, and the person themselves")
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#shared`)))
	}
	if err == nil {
		err = submitForFlash(ctx, `form[action$="/team-formulation"] button[type=submit]`, "saved (version "+strconv.Itoa(before+2)+"). The person can read it in their record")
	}
	if err != nil {
		t.Fatalf("save a shared version: %v", err)
	}
	page := mainText(t, ctx)
	for _, want := range []string{agreed, "Version " + strconv.Itoa(before+2) + ", saved", "Shared"} {
		if !strings.Contains(page, want) {
			t.Errorf("the team formulation page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, kept) {
		t.Errorf("the newest version still shows the earlier text %q", kept)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href$="/team-formulation/history"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main h2`)),
	)
	if err != nil {
		t.Fatalf("open every version: %v", err)
	}
	checkAxe(t, ctx, "team formulation history")
	versions, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main section[aria-labelledby^="v"]')].map(s => s.textContent)`))
	if err != nil || len(versions) != before+2 {
		t.Fatalf("%d versions in the history, want %d (%v):\n%s", len(versions), before+2, err, strings.Join(versions, "\n----\n"))
	}
	if v := versions[0]; !strings.Contains(v, "Version "+strconv.Itoa(before+2)) || !strings.Contains(v, agreed) || !strings.Contains(v, "Shared with the person") {
		t.Errorf("the newest version in the history:\n%s", v)
	}
	if v := versions[1]; !strings.Contains(v, "Version "+strconv.Itoa(before+1)) || !strings.Contains(v, kept) || !strings.Contains(v, "Not shared with the person") {
		t.Errorf("the version kept to the team, second in the history:\n%s", v)
	}
	signOut(t, ctx)

	signIn(t, ctx, base, "serviceuser")
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+person),
		chromedp.Click(chromedp.CSS(`main a[href$="/team-formulation"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.tl-team-formulation`)),
	)
	if err != nil {
		t.Fatalf("the person opens their team formulation: %v\n%s", err, mainText(t, ctx))
	}
	checkAxe(t, ctx, "my team formulation")
	mine := mainText(t, ctx)
	if !strings.Contains(mine, agreed) || strings.Contains(mine, kept) {
		t.Errorf("the person reads:\n%s\nwant the shared version only", mine)
	}
	if strings.Contains(mine, "Save team formulation") {
		t.Error("the person is offered the team's form")
	}
}

// TestBrowserTeamFormulationFirstVersion: for someone the team has not
// yet written one for, the clinician sends the form unanswered (each
// problem linked to its box, the date the team met already today), then
// writes the first version, which is not shared until the team ticks it.
func TestBrowserTeamFormulationFirstVersion(t *testing.T) {
	ctx, base := openDemo(t, 2*time.Minute)
	signIn(t, ctx, base, "clinician")
	person := caseloadPerson(t, ctx, base, 3)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person),
		chromedp.Click(chromedp.CSS(`main a[href$="/team-formulation"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#none`)),
	)
	if err != nil {
		t.Fatalf("open a team formulation not yet written: %v\n%s", err, mainText(t, ctx))
	}
	sendEmpty(t, ctx, `form[action$="/team-formulation"]`, "happening", "write the team formulation")
	if date, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#agreed_on`))); err != nil || date == "" {
		t.Errorf("the date the team met was lost sending the form unanswered: %q, %v", date, err)
	}
	for _, field := range []struct{ css, text string }{
		{`#present`, "Named worker, duty worker, team psychologist"},
		{`#happening`, "Contact has dropped since the move to a new flat."},
		{`#patterns`, "When letters go unanswered, the team has closed the loop too quickly."},
		{`#helps`, "A text the day before; a home visit when things are hard."},
		{`#will_try`, "The same worker visits fortnightly for the next two months."},
	} {
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(field.css), field.text)); err != nil {
			t.Fatalf("type in %s: %v", field.css, err)
		}
	}
	if err := submitForFlash(ctx, `form[action$="/team-formulation"] button[type=submit]`, "Team formulation saved (version 1). It is not shared with the person."); err != nil {
		t.Fatalf("write the first version: %v\n%s", err, mainText(t, ctx))
	}
	if got := mainText(t, ctx); !strings.Contains(got, "When letters go unanswered") || !strings.Contains(got, "Version 1, saved") {
		t.Errorf("the first version is not shown:\n%s", got)
	}
}
