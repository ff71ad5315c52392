package web

import (
	"net/url"
	"testing"
	"time"

	"throughline/internal/uktime"
)

// The form parsers take whatever a browser (or anyone) posts. Whatever
// arrives, they must not panic, and what they accept must be something the
// domain can then judge: Validate may refuse it, but must not panic either.

func FuzzParseCarePlan(f *testing.F) {
	f.Add("agreement=agreed&person_comments=ok&review_on=2027-01-02&version=3")
	f.Add("goal-text=a&goal-text=b&need-domain=housing&need-action=ring&need-owner=person&review_on=2027-02-30")
	f.Add("review_on=%ff&version=-1&need-domain=&need-domain=x")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := parseCarePlan(v, 1, 2)
		if err == nil {
			_ = p.Validate(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		}
	})
}

func FuzzParseCrisisPlan(f *testing.F) {
	f.Add("warning_signs=not+sleeping&contact-name=Sam&contact-phone=0123&contact-hours=24/7&version=2")
	f.Add("contact-phone=1&contact-phone=2&contact-name=only-one&share-recipient=GP&share-consent=yes")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		c, err := parseCrisisPlan(v, 1)
		if err == nil {
			_ = c.Validate(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		}
	})
}

func FuzzParseLocalTime(f *testing.F) {
	f.Add("2026-03-04", "14:30")
	f.Add(" 2026-02-29", "25:00")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, date, clock string) {
		got, ok := uktime.Parse(date, clock)
		if !ok {
			return
		}
		// What is accepted reads back as the same minute.
		again, ok := uktime.Parse(uktime.Date(got), uktime.Clock(got))
		if !ok || !again.Equal(got) {
			t.Errorf("uktime.Parse(%q, %q) = %v, which reads back as %v, %v", date, clock, got, again, ok)
		}
	})
}
