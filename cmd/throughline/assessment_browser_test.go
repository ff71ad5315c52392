package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// referralRef names a referral by its person and its own id, as its pages do.
type referralRef struct{ PersonID, ReferralID string }

func (r referralRef) path(tail string) string {
	return fmt.Sprintf("/people/%s/referrals/%s/%s", r.PersonID, r.ReferralID, tail)
}

// waitFlash waits for the one-time message that confirms a step.
func waitFlash(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	js := fmt.Sprintf(`(document.querySelector('main [role=status]')?.textContent || '').includes(%q)`, want)
	// The page may be navigating while we ask, so errors mean "not yet".
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
	}
	t.Fatalf("no message %q; the page says:\n%s", want, mainText(t, ctx))
}

// mainText is the visible text of the page's main element.
func mainText(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bookAssessment books an assessment an hour ago (recorded after the
// event) for the person's waiting CEN referral, after the booking page has
// shown their preferences.
func bookAssessment(t *testing.T, ctx context.Context, base, personID string) referralRef {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/people/"+personID+"/pathway"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		for (const s of document.querySelectorAll('section.tl-pathway')) {
			if (s.querySelector('h2 .nhsuk-tag').textContent.trim() === 'Waiting for assessment' && s.querySelector('h2').textContent.includes('Complex Emotional Needs')) {
				return s.querySelector('a[href$="/book"]').getAttribute('href');
			}
		}
		return '';
	})()`))
	if err != nil || href == "" {
		t.Fatalf("no booking link for the waiting referral (%v)", err)
	}
	parts := strings.Split(href, "/")
	ref := referralRef{PersonID: parts[2], ReferralID: parts[4]}
	at := time.Now().UTC().Add(-time.Hour)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+href), chromedp.WaitVisible(chromedp.CSS("#preferences"))); err != nil {
		t.Fatal(err)
	}
	// The page offers one team's staff at a time, the booker's own first;
	// the team chooser shows another's, and the booker's again.
	showTeam := func(name string) {
		t.Helper()
		chooseAndSend(t, ctx, `#team`, name, `#team-choice`, `!!document.querySelector('#staff-hint')?.textContent.includes(`+jsString("Staff of "+name)+`)`)
	}
	showTeam("CEN Therapies Team")
	checkAxe(t, ctx, "booking an assessment, another team's staff")
	showTeam("CEN Community Team")
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#preferences")),
		chromedp.SetValue(chromedp.CSS("#date"), at.Format("2006-01-02")),
		chromedp.SetValue(chromedp.CSS("#time"), at.Format("15:04")),
		chromedp.SendKeys(chromedp.CSS("#location"), "Hope Centre, room 2"),
		chromedp.Click(chromedp.CSS(`form[method=post][action$="/book"] button[type=submit]`)),
	)
	if err != nil {
		t.Fatalf("book: %v", err)
	}
	waitFlash(t, ctx, "Assessment booked")
	return ref
}

func recordAttendance(t *testing.T, ctx context.Context, base string, ref referralRef) {
	t.Helper()
	sel := fmt.Sprintf(`section[aria-labelledby="ref-%s"] form[action$="/attendance"]`, ref.ReferralID)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/people/"+ref.PersonID+"/pathway"),
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.SetValue(chromedp.CSS(sel+" select"), "attended"),
		chromedp.Click(chromedp.CSS(sel+" button")),
	)
	if err != nil {
		t.Fatalf("record attendance: %v", err)
	}
	waitFlash(t, ctx, "Attendance recorded")
}

// writeAssessment writes the record, respecting a choice not to talk about
// trauma, and marks the referral assessed.
func writeAssessment(t *testing.T, ctx context.Context, base string, ref referralRef) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+ref.path("assessment")),
		chromedp.WaitVisible(chromedp.CSS("#functioning")),
		chromedp.SendKeys(chromedp.CSS("#functioning"), "Sleeping badly; still working part time."),
		chromedp.SendKeys(chromedp.CSS("#strengths"), "Funny, loyal, keeps going."),
		chromedp.Click(chromedp.CSS("#risk_level-1")),
		chromedp.Click(chromedp.CSS("#trauma-1")),
		chromedp.SendKeys(chromedp.CSS("#goals"), "I want to feel less on edge."),
		chromedp.Click(chromedp.CSS(`form[action$="/assessment"] button[type=submit]`)),
	)
	if err != nil {
		t.Fatalf("assessment: %v", err)
	}
	waitFlash(t, ctx, "Assessment record saved")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="%s"] button`, ref.path("assessed"))))); err != nil {
		t.Fatalf("mark assessed: %v", err)
	}
	waitFlash(t, ctx, "Marked as assessed")
}

func writeFormulation(t *testing.T, ctx context.Context, base string, ref referralRef) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+ref.path("formulation")),
		chromedp.WaitVisible(chromedp.CSS("#happened")),
		chromedp.SendKeys(chromedp.CSS("#happened"), "Several moves and losses growing up."),
		chromedp.SendKeys(chromedp.CSS("#helps"), "Walking and music."),
		chromedp.Click(chromedp.CSS(`form[action$="/formulation"] button[type=submit]`)),
	)
	if err != nil {
		t.Fatalf("formulation: %v", err)
	}
	waitFlash(t, ctx, "version 1")
}

// teamDecides plans a team discussion, adds the referral to its agenda and
// records a Community Team decision with a named worker.
func teamDecides(t *testing.T, ctx context.Context, base string, ref referralRef) {
	t.Helper()
	now := time.Now().UTC()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/mdt"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/mdt"]`)),
		chromedp.SetValue(chromedp.CSS("#date"), now.Format("2006-01-02")),
		chromedp.SetValue(chromedp.CSS("#time"), now.Format("15:04")),
		chromedp.Click(chromedp.CSS("#attendee-0")),
		chromedp.Click(chromedp.CSS(`form[action="/mdt"] button[type=submit]`)),
	)
	if err != nil {
		t.Fatalf("plan a team discussion: %v", err)
	}
	waitFlash(t, ctx, "Team discussion planned")
	checkAxe(t, ctx, "a team discussion, with the referrals waiting for one")
	// The referral's own row in the list of those waiting has the button.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action$="/cases"]:has(input[name=referral][value="%s"]) button[type=submit]`, ref.ReferralID))),
	)
	if err != nil {
		t.Fatalf("add to the agenda: %v", err)
	}
	waitFlash(t, ctx, "Added to the agenda")
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`a[href="%s"]`, ref.path("decision")))),
		chromedp.Navigate(base+ref.path("decision")),
		chromedp.WaitVisible(chromedp.CSS("#rationale")),
		chromedp.Click(chromedp.CSS("#decision")),
	)
	if err != nil {
		t.Fatalf("open the decision: %v", err)
	}
	// The page may still be settling after the navigation (its scripts
	// start as modules), so a failed read means "not yet", as in waitFlash.
	var worker string
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		worker, err = chromedp.Run(ctx, chromedp.Evaluate[string](`([...document.querySelectorAll('#named_worker option')].find(o => o.value && o.textContent.includes('Community Team')) || {value: ''}).value`))
		if err == nil && worker != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Community Team worker to choose: %q, %v", worker, err)
		}
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#named_worker"), worker),
		chromedp.SendKeys(chromedp.CSS("#rationale"), "Would like steady support near home."),
		chromedp.Click(chromedp.CSS(`form[action$="/decision"] button[type=submit]`)),
	)
	if err != nil {
		t.Fatalf("decide: %v", err)
	}
	waitFlash(t, ctx, "Decision recorded")
	if got := mainText(t, ctx); !strings.Contains(got, "named worker") {
		t.Fatalf("after the decision the page says:\n%s", got)
	}
}

// referrerSeesOutcome: the referrer finds the outcome among their own
// referrals and reads the letter.
func referrerSeesOutcome(t *testing.T, ctx context.Context, base string, ref referralRef) {
	t.Helper()
	letter := ref.path("letter/referrer")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/referrals"),
		chromedp.Click(chromedp.CSS(`a[href="/referrals/outcomes"]`)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`a[href="%s"]`, letter))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="%s"]`, letter))),
		chromedp.WaitVisible(chromedp.CSS("article.tl-letter")),
	)
	if err != nil {
		t.Fatalf("referrer outcome: %v", err)
	}
	got := mainText(t, ctx)
	for _, want := range []string{"Support from the Community Team", "Named worker", "Would like steady support near home"} {
		if !strings.Contains(got, want) {
			t.Errorf("referrer's letter lacks %q:\n%s", want, got)
		}
	}
}

// chooseAndSend chooses the option labelled name (a team, say) in the
// select sel of the GET form form, sends it, and waits for the page that
// replaces this one to make the JavaScript expression shown true (it
// names the team's staff, say).
func chooseAndSend(t *testing.T, ctx context.Context, sel, name, form, shown string) {
	t.Helper()
	chooseOption(t, ctx, sel, name)
	// The old page is marked, so that only the new one (unmarked) counts.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.tlOldPage = true`))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(form+` button[type=submit]`)))
	}
	for deadline := time.Now().Add(10 * time.Second); err == nil; time.Sleep(50 * time.Millisecond) {
		ok, ev := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.tlOldPage && document.readyState === 'complete' && (`+shown+`)`))
		if ev == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			err = fmt.Errorf("the new page does not show them (%v)", ev)
		}
	}
	if err != nil {
		t.Fatalf("choose %s in %s: %v\n%s", name, sel, err, mainText(t, ctx))
	}
}
