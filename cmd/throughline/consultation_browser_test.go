package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chooseOption picks the option a person reads as label in a select.
func chooseOption(t *testing.T, ctx context.Context, sel, label string) {
	t.Helper()
	value, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(`+jsString(sel+" option")+`)].find(o => o.textContent.trim() === `+jsString(label)+`)?.value ?? ''`))
	if err == nil && value == "" {
		t.Fatalf("%s offers no %q", sel, label)
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), value))
	}
	if err != nil {
		t.Fatalf("choose %q in %s: %v", label, sel, err)
	}
}

// sendEmpty sends a form unanswered, as a person who presses the button
// first does, and checks the error summary links to field and passes the
// accessibility check.
func sendEmpty(t *testing.T, ctx context.Context, form, field, page string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(form+` button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nhsuk-error-summary a[href="#`+field+`"]`)),
	)
	if err != nil {
		t.Fatalf("%s: send the form unanswered: %v\n%s", page, err, mainText(t, ctx))
	}
	checkAxe(t, ctx, page+", with errors")
}

// consultationCard is the text of the card that holds question on the
// consultations page the tab shows.
func consultationCard(t *testing.T, ctx context.Context, question string) string {
	t.Helper()
	card, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('main .nhsuk-card')].find(c => c.textContent.includes(`+jsString(question)+`))?.textContent ?? ''`))
	if err != nil || card == "" {
		t.Fatalf("no consultation asking %q (%v):\n%s", question, err, mainText(t, ctx))
	}
	return card
}

// TestBrowserConsultationAskAndAdvice: a CMHT referrer asks the CEN
// Community Team for advice from their home page through the page's own
// form (sent empty first, each problem linked to its question); a
// clinician in that team, at another desk, finds the question under Staff
// support and records advice in the card's own form; the referrer sees
// the advice under their question.
func TestBrowserConsultationAskAndAdvice(t *testing.T) {
	ctx, base := openDemo(t, 3*time.Minute)
	signIn(t, ctx, base, "referrer")
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`main a[href="/consultations"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/consultations"]`)),
	)
	if err != nil {
		t.Fatalf("open consultations from the referrer's home: %v", err)
	}
	sendEmpty(t, ctx, `form[action="/consultations"]`, "question", "ask for consultation")
	const question = "She finds every ending with a worker very hard. How should we plan her move from our team to primary care?"
	chooseOption(t, ctx, `#from_service`, "North Community Mental Health Team")
	chooseOption(t, ctx, `#team`, "CEN Community Team")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#about`), "Woman in her 40s, with us for six years"),
		chromedp.SendKeys(chromedp.CSS(`#question`), question),
	)
	if err == nil {
		err = submitForFlash(ctx, `form[action="/consultations"] button[type=submit]`, "Your question has been sent")
	}
	if err != nil {
		t.Fatalf("ask the question: %v\n%s", err, mainText(t, ctx))
	}
	checkAxe(t, ctx, "consultations, as the referrer")
	if card := consultationCard(t, ctx, question); !strings.Contains(card, "Waiting for the team's advice") || !strings.Contains(card, "asked CEN Community Team") {
		t.Errorf("the referrer's new question:\n%s", card)
	}

	desk := anotherPerson(t, 2*time.Minute)
	signIn(t, desk, base, "clinician")
	err = chromedp.Do(desk,
		chromedp.Click(chromedp.CSS(`nav a[href="/supervision"]`)),
		chromedp.Click(chromedp.CSS(`main nav a[href="/consultations"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/advice"]`)),
	)
	if err != nil {
		t.Fatalf("the clinician opens consultations from Staff support: %v", err)
	}
	checkAxe(t, desk, "consultations, as the specialist team")
	action, err := chromedp.Run(desk, chromedp.Evaluate[string](`[...document.querySelectorAll('main .nhsuk-card')].find(c => c.textContent.includes(`+jsString(question)+`))?.querySelector('form')?.getAttribute('action') ?? ''`))
	if err != nil || action == "" {
		t.Fatalf("no advice form for the question (%v):\n%s", err, mainText(t, desk))
	}
	// Pressing the button before writing anything says so by the box.
	field := "c" + strings.TrimSuffix(strings.TrimPrefix(action, "/consultations/"), "/advice") + "-advice"
	sendEmpty(t, desk, `form[action="`+action+`"]`, field, "record advice")
	const advice = "Start talking about the ending now and agree with her what stays the same. We can join the handover meeting."
	box := `form[action="` + action + `"] textarea`
	err = chromedp.Do(desk, chromedp.SendKeys(chromedp.CSS(box), advice))
	if err == nil {
		err = submitForFlash(desk, `form[action="`+action+`"] button[type=submit]`, "The advice has been recorded")
	}
	if err != nil {
		t.Fatalf("record the advice: %v\n%s", err, mainText(t, desk))
	}
	if card := consultationCard(t, desk, question); !strings.Contains(card, "Advice from Dr Amara Okafor") || !strings.Contains(card, advice) {
		t.Errorf("the team's view after the advice:\n%s", card)
	}

	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`form[action="/consultations"]`))); err != nil {
		t.Fatal(err)
	}
	if card := consultationCard(t, ctx, question); !strings.Contains(card, "Advice from Dr Amara Okafor") || !strings.Contains(card, advice) {
		t.Errorf("the referrer does not see the advice:\n%s", card)
	}
}
