package care

import (
	"strings"
	"testing"
	"time"

	"throughline/internal/problem"
)

var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

func detail(s ReferralStatus) ReferralDetail {
	return ReferralDetail{Referral: Referral{ID: 7, ServiceID: "cen", Status: s, ReceivedAt: t0}}
}

func TestScreeningActionsFromEveryStatus(t *testing.T) {
	type action func(d *ReferralDetail) ([]Step, error)
	actions := map[string]action{
		"accept": func(d *ReferralDetail) ([]Step, error) { return d.Accept("risk=high", "", t0.Add(time.Hour)) },
		"more-info": func(d *ReferralDetail) ([]Step, error) {
			return d.RequestMoreInfo("GP summary please", t0.Add(time.Hour))
		},
		"info-received": func(d *ReferralDetail) ([]Step, error) {
			return d.InformationReceived("Summary arrived", t0.Add(time.Hour))
		},
		"decline": func(d *ReferralDetail) ([]Step, error) {
			return d.Decline("needs-longer-term-support", "cmht", "Kingsmere CMHT", "", "risk=high", t0.Add(time.Hour))
		},
	}
	// allowed[action] lists the statuses it may start from.
	allowed := map[string][]ReferralStatus{
		"accept":        {ReferralReceived, ReferralScreening, ReferralMoreInfo},
		"more-info":     {ReferralReceived, ReferralScreening},
		"info-received": {ReferralMoreInfo},
		"decline":       {ReferralReceived, ReferralScreening, ReferralMoreInfo},
	}
	wantEnd := map[string]ReferralStatus{"accept": ReferralWaiting, "more-info": ReferralMoreInfo, "info-received": ReferralScreening, "decline": ReferralDeclined}
	for name, act := range actions {
		for _, from := range ReferralStatuses {
			d := detail(from)
			steps, err := act(&d)
			want := false
			for _, s := range allowed[name] {
				want = want || s == from
			}
			if got := err == nil; got != want {
				t.Errorf("%s from %s: allowed = %v, want %v (err %v)", name, from, got, want, err)
				continue
			}
			if err != nil {
				if d.Status != from {
					t.Errorf("%s from %s: refused action still changed status to %s", name, from, d.Status)
				}
				if c := problem.Code(err); c != problem.Conflict {
					t.Errorf("%s from %s: code %s, want conflict", name, from, c)
				}
				continue
			}
			if d.Status != wantEnd[name] || len(steps) == 0 || steps[len(steps)-1].Status != wantEnd[name] {
				t.Errorf("%s from %s: status %s steps %v, want %s", name, from, d.Status, steps, wantEnd[name])
			}
		}
	}
}

func TestDeclineNeedsReasonAndOnwardRoute(t *testing.T) {
	tests := []struct {
		name                string
		reason, onward, exc string
		wantField           string
	}{
		{"no onward route", "needs-longer-term-support", "", "  ", "onward"},
		{"no reason", "", "cmht", "", "decline_reason"},
		{"unknown reason", "difficult", "cmht", "", "decline_reason"},
		{"onward is this service", "needs-longer-term-support", "cen", "", "onward"},
		{"service route", "needs-longer-term-support", "cmht", "", ""},
		{"documented exception", "outside-locality", "", "Moving out of area next week; their new GP will refer locally", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := detail(ReferralScreening)
			_, err := d.Decline(tt.reason, tt.onward, "", tt.exc, "risk=low", t0)
			if tt.wantField == "" {
				if err != nil || d.Status != ReferralDeclined || d.Decision != DecisionDeclined || !d.HasOnwardRoute() {
					t.Fatalf("decline: %v, status %s", err, d.Status)
				}
				return
			}
			if problem.Fields(err)[tt.wantField] == "" {
				t.Errorf("err %v, want a message on %s", err, tt.wantField)
			}
			if d.Status != ReferralScreening || d.Decision != DecisionPending {
				t.Errorf("refused decline changed the referral: %s %q", d.Status, d.Decision)
			}
		})
	}
}

func TestAcceptAfterDeclineRefused(t *testing.T) {
	d := detail(ReferralScreening)
	if _, err := d.Decline("outside-locality", "cmht", "Kingsmere CMHT", "", "", t0); err != nil {
		t.Fatal(err)
	}
	_, err := d.Accept("", "", t0.Add(time.Hour))
	if err == nil || !strings.Contains(problem.Message(err), "has ended") {
		t.Errorf("accept after decline: %v", err)
	}
	if d.Decision != DecisionDeclined {
		t.Errorf("decision = %q", d.Decision)
	}
}

func TestMoreInfoPausesTheClock(t *testing.T) {
	d := detail(ReferralReceived)
	day := 24 * time.Hour
	if _, err := d.RequestMoreInfo("  ", t0.Add(day)); problem.Fields(err)["reason"] == "" {
		t.Errorf("more info without a reason: %v", err)
	}
	if _, err := d.RequestMoreInfo("Please send the recent discharge summary", t0.Add(2*day)); err != nil {
		t.Fatal(err)
	}
	if got, want := d.WaitFromReferral(t0.Add(12*day)), 2*day; got != want {
		t.Errorf("wait while paused = %v, want %v (clock stopped)", got, want)
	}
	if _, err := d.InformationReceived("Summary received", t0.Add(12*day)); err != nil {
		t.Fatal(err)
	}
	if d.Status != ReferralScreening || !d.PausedAt.IsZero() || d.Paused != 10*day {
		t.Errorf("after resume: %s paused at %v for %v", d.Status, d.PausedAt, d.Paused)
	}
	if _, err := d.InformationReceived("again", t0.Add(13*day)); err == nil {
		t.Error("information received twice without a request")
	}
	if _, err := d.Accept("", "", t0.Add(14*day)); err != nil {
		t.Fatal(err)
	}
	if got, want := d.WaitFromReferral(t0.Add(20*day)), 10*day; got != want {
		t.Errorf("wait from referral = %v, want %v", got, want)
	}
	if got, want := d.WaitFromAcceptance(t0.Add(20*day)), 6*day; got != want {
		t.Errorf("wait from acceptance = %v, want %v", got, want)
	}
}

func TestAcceptWhilePausedEndsThePause(t *testing.T) {
	d := detail(ReferralReceived)
	day := 24 * time.Hour
	d.RequestMoreInfo("What has been tried?", t0.Add(day))
	if _, err := d.Accept("", "", t0.Add(4*day)); err != nil {
		t.Fatal(err)
	}
	if d.Paused != 3*day || !d.PausedAt.IsZero() {
		t.Errorf("paused %v at %v", d.Paused, d.PausedAt)
	}
}

func TestDuplicateDetected(t *testing.T) {
	existing := []Referral{
		{ID: 1, ServiceID: "cen", Status: ReferralDeclined},
		{ID: 2, ServiceID: "iapt", Status: ReferralWaiting},
		{ID: 3, ServiceID: "cen", Status: ReferralMoreInfo},
	}
	if dup, ok := FindDuplicate(existing, "cen"); !ok || dup.ID != 3 {
		t.Errorf("duplicate = %v %v, want referral 3", dup.ID, ok)
	}
	if _, ok := FindDuplicate(existing[:1], "cen"); ok {
		t.Error("a declined referral counted as open")
	}
	err := error(&DuplicateError{Existing: existing[2]})
	if problem.Code(err) != problem.Conflict || !strings.Contains(problem.Message(err), "TL-000003") {
		t.Errorf("duplicate error: %v", err)
	}
}

func TestIntakeValidate(t *testing.T) {
	ok := Intake{ServiceID: "cen", Reason: "Long-standing difficulties", Consent: true, ReferrerName: "Dr A"}
	tests := []struct {
		name   string
		change func(*Intake)
		field  string
	}{
		{"valid", func(*Intake) {}, ""},
		{"no reason", func(i *Intake) { i.Reason = " " }, "reason"},
		{"no consent", func(i *Intake) { i.Consent = false }, "consent"},
		{"no referrer", func(i *Intake) { i.ReferrerName = "" }, "referrer_name"},
		{"oversized", func(i *Intake) { i.Tried = strings.Repeat("x", 20001) }, "tried"},
	}
	for _, tt := range tests {
		in := ok
		tt.change(&in)
		err := in.Validate()
		if got := problem.Fields(err)[tt.field]; (tt.field == "") != (err == nil) || (tt.field != "" && got == "") {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestWaitThresholds(t *testing.T) {
	w := DefaultWaitThresholds("cen")
	week := 7 * 24 * time.Hour
	for _, tt := range []struct {
		wait time.Duration
		want RAG
	}{{0, RAGGreen}, {6*week - time.Hour, RAGGreen}, {6 * week, RAGAmber}, {12 * week, RAGRed}} {
		if got := w.Rate(tt.wait); got != tt.want {
			t.Errorf("Rate(%v) = %s, want %s", tt.wait, got, tt.want)
		}
	}
	if err := (WaitThresholds{AmberWeeks: 8, RedWeeks: 8}).Validate(); problem.Fields(err)["red_weeks"] == "" {
		t.Errorf("red not after amber: %v", err)
	}
}

func TestCheckInValidate(t *testing.T) {
	r := Referral{Status: ReferralWaiting, ReceivedAt: t0}
	now := t0.Add(30 * 24 * time.Hour)
	for _, tt := range []struct {
		c     CheckIn
		field string
	}{
		{CheckIn{On: now.Add(-time.Hour), Method: "phone"}, ""},
		{CheckIn{On: now.Add(48 * time.Hour), Method: "phone"}, "on"},
		{CheckIn{On: t0.AddDate(0, 0, -3), Method: "phone"}, "on"},
		{CheckIn{On: now, Method: "pigeon"}, "method"},
	} {
		err := tt.c.Validate(r, now)
		if (tt.field == "") != (err == nil) || (tt.field != "" && problem.Fields(err)[tt.field] == "") {
			t.Errorf("%+v: %v", tt.c, err)
		}
	}
}
