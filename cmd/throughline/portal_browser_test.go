package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The person's portal, used as the demo service user would on a phone:
// they say what they think of their crisis plan and agree it, ask to move
// an appointment (which reaches their worker as a task), and every portal
// page passes the accessibility check at 360 px wide without sideways
// scrolling.

// portalPerson is the signed-in person's record path, from their home.
func portalPerson(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#portal-links a[href$="/crisis-plan"]').getAttribute('href')`))
	if err != nil || !strings.HasPrefix(href, "/people/") {
		t.Fatalf("the portal home's crisis plan link: %q, %v", href, err)
	}
	return strings.TrimSuffix(href, "/crisis-plan")
}

// textOf is the text of the first element matching css.
func textOf(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("read %s: %v", css, err)
	}
	return s
}

func TestBrowserPortalCommentAndRearrange(t *testing.T) {
	ctx, base := openDemo(t, 4*time.Minute)
	atWidth(t, ctx, 360)
	signIn(t, ctx, base, "serviceuser")
	person := portalPerson(t, ctx, base)
	checkAxe(t, ctx, "portal home")
	if n := horizontalOverflow(t, ctx); n > 0 {
		t.Errorf("portal home scrolls sideways by %d px at 360 px wide", n)
	}

	// The crisis plan: read it, say what I think, agree.
	comment := "Please add that music helps me calm down."
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/crisis-plan"),
		chromedp.WaitVisible(chromedp.CSS(`#what-i-think`)),
	)
	if err != nil {
		t.Fatalf("open my crisis plan: %v", err)
	}
	checkAxe(t, ctx, "my crisis plan")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#what-i-think a.nhsuk-button`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-comment-form`)),
	)
	if err != nil {
		t.Fatalf("open the comment form: %v", err)
	}
	checkAxe(t, ctx, "crisis plan comment form")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#plan-comment-form input[name=agreement][value=agree]`)),
		chromedp.SendKeys(chromedp.CSS(`#comment`), comment),
	)
	if err == nil {
		err = submitForFlash(ctx, `#plan-comment-form button[type=submit]`, "Your team can now see what you said about your crisis plan")
	}
	if err != nil {
		t.Fatalf("send my comment: %v", err)
	}
	if got := textOf(t, ctx, `#plan-comments li`); !strings.Contains(got, comment) || !strings.Contains(got, "Yes, I agree with this plan") {
		t.Errorf("my crisis plan shows %q, want my comment and that I agree", got)
	}

	// My appointments: ask to move the next one.
	reason := "I have a hospital appointment that morning."
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+person+"/appointments"),
		chromedp.WaitVisible(chromedp.CSS(`#upcoming a[href$="/request"]`)),
	)
	if err != nil {
		t.Fatalf("open my appointments: %v", err)
	}
	checkAxe(t, ctx, "my appointments")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#upcoming a[href$="/request"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#ask-form`)),
	)
	if err != nil {
		t.Fatalf("open the change form: %v", err)
	}
	checkAxe(t, ctx, "change or cancel an appointment")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#ask-form input[name=kind][value=rearrange]`)),
		chromedp.SendKeys(chromedp.CSS(`#text`), reason),
	)
	if err == nil {
		err = submitForFlash(ctx, `#ask-form button[type=submit]`, "We have sent this to your worker")
	}
	if err != nil {
		t.Fatalf("ask to move the appointment: %v", err)
	}
	if got := textOf(t, ctx, `#upcoming [id^=asked-]`); !strings.Contains(got, "You asked us to change the time") {
		t.Errorf("my appointments say %q, want that I asked to change the time", got)
	}

	// The rest of the portal passes the same check at phone width.
	for _, page := range []struct{ name, path, ready string }{
		{"my care plan", "/care-plan", `#what-i-think`},
		{"ask my team", "/ask", `#ask-form`},
		{"what I have asked for", "/requests", `#requests`},
		{"about me", "/about-me", `#preferences-form`},
		{"a copy of my record", "/my-record", `#record-about-me`},
		{"refer myself", "/referrals/new", `#elsewhere`},
	} {
		path := base + person + page.path
		if strings.HasPrefix(page.path, "/referrals/") {
			path = base + page.path
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(path), chromedp.WaitVisible(chromedp.CSS(page.ready))); err != nil {
			t.Fatalf("open %s: %v", page.name, err)
		}
		checkAxe(t, ctx, page.name)
		if n := horizontalOverflow(t, ctx); n > 0 {
			t.Errorf("%s scrolls sideways by %d px at 360 px wide", page.name, n)
		}
	}

	// The named worker sees the request as a task, in the person's words.
	signOut(t, ctx)
	atWidth(t, ctx, 1280)
	signIn(t, ctx, base, "clinician")
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/tasks"), chromedp.WaitVisible(chromedp.CSS(`#my-tasks`)))
	if err != nil {
		t.Fatalf("open my tasks: %v", err)
	}
	if got := textOf(t, ctx, `#my-tasks`); !strings.Contains(got, "asked to change the time of their individual session") || !strings.Contains(got, reason) {
		t.Errorf("the worker's tasks do not show the request in the person's words:\n%s", got)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+person+"/crisis-plan"), chromedp.WaitVisible(chromedp.CSS(`#plan-comments`)))
	if err != nil {
		t.Fatalf("open the person's crisis plan as their worker: %v", err)
	}
	if got := textOf(t, ctx, `#plan-comments`); !strings.Contains(got, comment) || !strings.Contains(got, "New") {
		t.Errorf("the worker's view of the crisis plan shows %q, want the person's new comment", got)
	}
}
