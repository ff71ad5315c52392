package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserMissedAppointmentToCarePlan is ongoing care end to end: the
// demo clinician records that someone on their caseload did not attend,
// finds the follow-up task (never a discharge), records the outreach,
// adds the person's goal in their own words to the care plan, saves it
// with their comments, saves the crisis plan and prints it.
func TestBrowserMissedAppointmentToCarePlan(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "clinician")
	person := recordDNA(t, ctx, base)
	task := openFollowUpTask(t, ctx, base, person)
	recordOutreach(t, ctx, base, task, "Rang them: the bus fare had run out. Arranged travel support and rebooked for next week.")
	careAddGoal(t, ctx, base, person, "To feel calm enough to go to the library on my own", "4")
	careSaveCarePlan(t, ctx, base, person, "I wrote the library goal myself and I want to keep it.")
	careSaveCrisisPlan(t, ctx, base, person, "I stop answering my phone and stay in bed.")
	carePrintCrisisPlan(t, ctx, base, person)
	if dir := os.Getenv("THROUGHLINE_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "crisisplan-print.png"), shot, 0o644)
		}
	}
}

// recordDNA books yesterday's session with the first person on the signed-in
// worker's caseload and records that they did not attend. It returns the
// person's record path, like /people/42.
func recordDNA(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	person, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main table a[href^="/people/"]').getAttribute('href')`))
	if err != nil || !strings.HasPrefix(person, "/people/") {
		t.Fatalf("no one on the caseload: %q, %v", person, err)
	}
	room := fmt.Sprintf("Browser test room %d", time.Now().UnixNano())
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/appointments"),
		chromedp.WaitVisible(chromedp.CSS(`#continuity`)),
		chromedp.SetValue(chromedp.CSS("#kind"), "individual"),
		chromedp.SetValue(chromedp.CSS("#date"), yesterday),
		chromedp.SetValue(chromedp.CSS("#time"), "10:00"),
		chromedp.SendKeys(chromedp.CSS("#location"), room),
	)
	if err == nil {
		err = submitForFlash(ctx, `form[action$="/appointments"] button[type=submit]`, "booked")
	}
	if err != nil {
		t.Fatalf("book an appointment: %v", err)
	}
	sel, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const tr = [...document.querySelectorAll('#appointments tr')].find(r => r.textContent.includes(%q)); const s = tr && tr.querySelector('select[name=outcome]'); return s ? s.id : ''; })()`, room)))
	if err != nil || sel == "" {
		t.Fatalf("no outcome form for the booked appointment: %v", err)
	}
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#"+sel), "did-not-attend"))
	if err == nil {
		err = submitForFlash(ctx, fmt.Sprintf(`form:has(#%s) button[type=submit]`, sel), "Did not attend recorded")
	}
	if err != nil {
		t.Fatalf("record did not attend: %v", err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main [role=status]`)))
	if err != nil || !strings.Contains(flash, "follow-up task") || !strings.Contains(flash, "Care continues") {
		t.Errorf("after recording the DNA: %q, %v", flash, err)
	}
	return person
}

// openFollowUpTask finds the newest follow-up for the person on /tasks and
// opens it; it returns the task's path.
func openFollowUpTask(t *testing.T, ctx context.Context, base, person string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/tasks"), chromedp.WaitVisible(chromedp.CSS("#my-tasks"))); err != nil {
		t.Fatalf("tasks page: %v", err)
	}
	task, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`[...document.querySelectorAll('#my-tasks a[href^="%s/tasks/"]')].map(a => a.getAttribute('href')).sort((a, b) => Number(b.split('/').pop()) - Number(a.split('/').pop()))[0] || ''`, person)))
	if err != nil || task == "" {
		t.Fatalf("no follow-up task for %s on /tasks: %v", person, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#my-tasks a[href=%q]`, task))),
		chromedp.WaitVisible(chromedp.CSS("#missed-appointment")),
	)
	if err != nil {
		t.Fatalf("open the follow-up: %v", err)
	}
	missed, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#missed-appointment")))
	if want := time.Now().UTC().AddDate(0, 0, -1).Format("2 Jan 2006"); err != nil || !strings.Contains(missed, want) {
		t.Errorf("missed appointment shown as %q, want the date %s", missed, want)
	}
	return task
}

// recordOutreach fills the open follow-up form with a phone call that
// reached the person, which records the outreach and completes the task.
func recordOutreach(t *testing.T, ctx context.Context, base, task, note string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#method-phone")),
		chromedp.Click(chromedp.CSS("#outreach_outcome-reached")),
		chromedp.SendKeys(chromedp.CSS("#note"), note),
	)
	if err == nil {
		err = submitForFlash(ctx, fmt.Sprintf(`form[action=%q] button[type=submit]`, task), "Follow-up recorded")
	}
	if err != nil {
		t.Fatalf("record the outreach: %v", err)
	}
	if dir := os.Getenv("THROUGHLINE_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "tasks.png"), shot, 0o644)
		}
	}
	left, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll('a[href=%q]').length`, task)))
	if err != nil || left != 0 {
		t.Errorf("the follow-up is still listed after recording the outreach (%d, %v)", left, err)
	}
	person := task[:strings.Index(task, "/tasks/")]
	if err := chromedp.Do(ctx, chromedp.Navigate(base+person+"/appointments"), chromedp.WaitVisible(chromedp.CSS("#outreach-list"))); err != nil {
		t.Fatalf("outreach list: %v", err)
	}
	list, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#outreach-list")))
	if err != nil || !strings.Contains(list, note[:30]) {
		t.Errorf("outreach list lacks the note: %q, %v", list, err)
	}
}

// submitForFlash clicks a submit button and waits for the next page's
// message containing want, so an earlier message cannot satisfy the wait.
func submitForFlash(ctx context.Context, button, want string) error {
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelectorAll('main [role=status]').forEach(e => e.remove()); return true; })()`))
	if err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`main [role=status]`))); err != nil {
		return fmt.Errorf("waiting for %q: %w", want, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main [role=status]`)))
	if err != nil {
		return err
	}
	if !strings.Contains(got, want) {
		return fmt.Errorf("message %q, want %q", got, want)
	}
	return nil
}
