package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Feedback as the public leaves it: a visitor who is not signed in fills
// the form and the manager sees it; a form whose "leave this blank" field
// a bot filled, or one posted the moment it was drawn, gets the same
// thank-you page and never reaches the manager.

// fillFeedback opens /feedback and answers it, typing text.
func fillFeedback(t *testing.T, ctx context.Context, base, text string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/feedback"),
		chromedp.WaitVisible(chromedp.CSS(`#feedback-form`)),
		chromedp.SetValue(chromedp.CSS(`#team`), "1"),
		chromedp.Click(chromedp.CSS(`input[name="answer"][value="good"]`)),
		chromedp.SendKeys(chromedp.CSS(`#text`), text),
	)
	if err != nil {
		t.Fatalf("fill the feedback form: %v", err)
	}
}

// sendFeedback presses the form's button and waits for the thank-you page.
func sendFeedback(t *testing.T, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#feedback-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#feedback-thanks`)),
	)
	if err != nil {
		t.Fatalf("send feedback: %v\n%s", err, mainText(t, ctx))
	}
}

func TestBrowserPublicFeedbackReachesTheManager(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	tag := fmt.Sprint(time.Now().UnixNano() % 1000000)
	real := "The evening group made a real difference " + tag
	fillFeedback(t, ctx, base, real)
	time.Sleep(3500 * time.Millisecond) // a person reads and answers; at least the minimum wait
	sendFeedback(t, ctx)

	honeypot := "Cheap pills honeypot " + tag
	fillFeedback(t, ctx, base, honeypot)
	time.Sleep(3500 * time.Millisecond)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector('#website').value = 'http://spam.example'; return true; })()`)); err != nil {
		t.Fatal(err)
	}
	sendFeedback(t, ctx)

	fast := "Posted at once " + tag
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/feedback"),
		chromedp.WaitVisible(chromedp.CSS(`#feedback-form`)),
	)
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
			document.querySelector('#team').value = '1';
			document.querySelector('input[name="answer"][value="good"]').checked = true;
			document.querySelector('#text').value = %q;
			document.querySelector('#feedback-form').submit();
			return true; })()`, fast)))
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#feedback-thanks`)))
	}
	if err != nil {
		t.Fatalf("a too-fast post: %v", err)
	}

	signIn(t, ctx, base, "manager")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/feedback/review"), chromedp.WaitVisible(chromedp.CSS(`#feedback-list`))); err != nil {
		t.Fatalf("open the review page: %v", err)
	}
	got := mainText(t, ctx)
	if !strings.Contains(got, real) {
		t.Errorf("the manager does not see the visitor's feedback")
	}
	for _, spam := range []string{honeypot, fast} {
		if strings.Contains(got, spam) {
			t.Errorf("%q reached the manager", spam)
		}
	}
}
