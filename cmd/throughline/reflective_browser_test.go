package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReflectivePractice: on the demo the team manager opens
// Reflective practice from the staff-support links, sees attendance by
// group, opens the community team's group and records a session's
// attendance through the page's own form, with a facilitator chosen from
// the Therapies Team's staff (the page's team chooser) and Dr Amara Okafor
// ticked; the session is listed with both names. The page passes axe.
func TestBrowserReflectivePractice(t *testing.T) {
	ctx, base := openDemo(t, 120*time.Second)
	signIn(t, ctx, base, "manager")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/supervision"),
		chromedp.Click(chromedp.CSS(`main a[href="/reflective"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#groups-table`)),
	)
	if err != nil {
		t.Fatalf("open reflective practice: %v", err)
	}
	groups, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#groups-table`)))
	if err != nil || !strings.Contains(groups, "Monthly reflective practice") || !strings.Contains(groups, "a session") {
		t.Fatalf("attendance by group: %q %v", groups, err)
	}
	checkAxe(t, ctx, "reflective practice")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#groups-table a`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/sessions"]`)),
	)
	if err != nil {
		t.Fatalf("open the group: %v", err)
	}
	// The facilitator is chosen a team's staff at a time: this session's
	// comes from the Therapies Team.
	chooseAndSend(t, ctx, `#facilitator_team`, "CEN Therapies Team", `#facilitator-team-choice`,
		`!!document.querySelector('#facilitator_team option:checked')?.textContent.includes('CEN Therapies Team')`)
	facilitator, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const o = [...document.querySelectorAll('#facilitator option')].find(o => o.value);
		document.querySelector('#facilitator').value = o.value; return o.textContent.trim(); })()`))
	if err != nil || facilitator == "" {
		t.Fatalf("choose a facilitator from the Therapies Team: %v", err)
	}
	checkAxe(t, ctx, "reflective group, another team's staff")
	// A date clear of the demo's own sessions (held on working days).
	ticked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const d = new Date(); d.setDate(d.getDate() - ((d.getDay() + 1) % 7)); // last Saturday
		document.querySelector('#held_on').value = d.toISOString().slice(0, 10);
		const i = [...document.querySelectorAll('input[name=attendees]')].find(i => i.labels[0].textContent.trim() === 'Dr Amara Okafor');
		i.click(); return i.checked; })()`))
	if err != nil || !ticked {
		t.Fatalf("tick Dr Amara Okafor as attending: %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/sessions"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("record attendance: %v", err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[role=status]`)))
	if err != nil || !strings.Contains(flash, "Attendance recorded") {
		t.Errorf("confirmation %q %v", flash, err)
	}
	first, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#group-sessions tbody tr`)))
	if err != nil || !strings.Contains(first, "Dr Amara Okafor") || !strings.Contains(first, facilitator) {
		t.Errorf("newest session %q %v, want %s facilitating and Dr Amara Okafor listed as attending", first, err, facilitator)
	}
	checkAxe(t, ctx, "reflective group")

	// A new group, set up through the page's own form with its usual
	// facilitator chosen from the Therapies Team's staff.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/reflective"), chromedp.WaitVisible(chromedp.CSS(`#facilitator-team-choice`))); err != nil {
		t.Fatal(err)
	}
	chooseAndSend(t, ctx, `#facilitator_team`, "CEN Therapies Team", `#facilitator-team-choice`,
		`!!document.querySelector('#facilitator_team option:checked')?.textContent.includes('CEN Therapies Team')`)
	chooseOption(t, ctx, `#team`, "CEN Community Team")
	chooseOption(t, ctx, `#facilitator`, facilitator)
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#name`), "Friday case reflection"),
		chromedp.Click(chromedp.CSS(`form[action="/reflective/groups"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=status]`)),
	)
	if err != nil {
		t.Fatalf("set up a group: %v\n%s", err, mainText(t, ctx))
	}
	if usual, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main dl`))); err != nil || !strings.Contains(usual, facilitator) {
		t.Errorf("the new group's page says %q (%v), want %s as its usual facilitator", usual, err, facilitator)
	}
}
