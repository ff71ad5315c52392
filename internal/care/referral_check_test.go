package care

import (
	"strings"
	"testing"
	"time"

	"throughline/internal/directory"
	"throughline/internal/problem"
)

func TestPersonValidateRefusesWhatNobodyTypes(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		change func(*Person)
		field  string // "" when valid
	}{
		{"valid", func(*Person) {}, ""},
		{"valid email", func(p *Person) { p.Email = "sam.lee+nhs@example.nhs.uk" }, ""},
		{"line breaks in communication needs", func(p *Person) { p.CommunicationNeeds = "Large print.\r\nQuiet room.\tThanks" }, ""},
		{"accents and scripts", func(p *Person) { p.GivenName, p.FamilyName = "Zoë", "Ó Súilleabháin-محمد" }, ""},
		{"NUL in given name", func(p *Person) { p.GivenName = "Sam\x00" }, "given_name"},
		{"escape in family name", func(p *Person) { p.FamilyName = "Lee\x1b[2J" }, "family_name"},
		{"line break in a one-line field", func(p *Person) { p.Phone = "01632\n960000" }, "phone"},
		{"C1 control in pronouns", func(p *Person) { p.Pronouns = "they\u0085them" }, "pronouns"},
		{"broken UTF-8", func(p *Person) { p.PreferredName = "S\xffam" }, "preferred_name"},
		{"NUL in multiline text", func(p *Person) { p.TraumaPreferences = "Door open\x00" }, "trauma_preferences"},
		{"not an email", func(p *Person) { p.Email = "not-an-email" }, "email"},
		{"email without a dot in the domain", func(p *Person) { p.Email = "sam@localhost" }, "email"},
		{"email with a display name", func(p *Person) { p.Email = "Sam <sam@example.com>" }, "email"},
		{"two emails", func(p *Person) { p.Email = "a@example.com, b@example.com" }, "email"},
		{"email domain ending in a dot", func(p *Person) { p.Email = "sam@example." }, "email"},
		{"date of birth tomorrow", func(p *Person) { p.DateOfBirth = now.AddDate(0, 0, 1) }, "date_of_birth"},
		{"wrong NHS check digit", func(p *Person) { p.NHSNumber = "9434765918" }, "nhs_number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Person{GivenName: "Sam", FamilyName: "Lee", NHSNumber: "943 476 5919", DateOfBirth: time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)}
			tt.change(&p)
			err := p.Validate(now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			if got := problem.Fields(err)[tt.field]; got == "" {
				t.Errorf("got %v, want a problem with %s", err, tt.field)
			}
		})
	}
}

func TestAgeOnCountsBirthdaysByMonthAndDay(t *testing.T) {
	t.Parallel()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		born, on time.Time
		want     int
	}{
		{day(2000, 3, 1), day(2001, 3, 1), 1}, // born in a leap year, birthday in a common one
		{day(2000, 3, 1), day(2001, 2, 28), 0},
		{day(2001, 3, 1), day(2004, 3, 1), 3}, // birthday in a leap year
		{day(2001, 3, 1), day(2004, 2, 29), 2},
		{day(2000, 2, 29), day(2018, 2, 28), 17},
		{day(2000, 2, 29), day(2018, 3, 1), 18},
		{day(2026, 11, 29), day(2026, 11, 29), 0},
	}
	for _, tt := range tests {
		if got := (Person{DateOfBirth: tt.born}).AgeOn(tt.on); got != tt.want {
			t.Errorf("born %s, age on %s = %d, want %d", tt.born.Format(time.DateOnly), tt.on.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestCheckReferral(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	age := func(n int) *int { return &n }
	adult := directory.Service{ID: "cen", Name: "CEN Service", MinAge: age(18), SelfReferral: true}
	youth := directory.Service{ID: "youth", Name: "Youth Hub", MinAge: age(16), MaxAge: age(25)}
	elsewhere := directory.Service{ID: "mind", Name: "Kingsmere Mind", SelfReferral: true, Contact: directory.Contact{Phone: "01632 960300", URL: "https://mind.example"}}
	today := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		change func(*Person, *Intake, *Preferences, *ReferralTarget)
		field  string // "" when it fits
		says   string
	}{
		{"fits", func(*Person, *Intake, *Preferences, *ReferralTarget) {}, "", ""},
		{"date of birth unknown", func(p *Person, _ *Intake, _ *Preferences, _ *ReferralTarget) { p.DateOfBirth = time.Time{} }, "", ""},
		{"eighteen today", func(p *Person, _ *Intake, _ *Preferences, _ *ReferralTarget) {
			p.DateOfBirth = today.AddDate(-18, 0, 0)
		}, "", ""},
		{"born today, adult service", func(p *Person, _ *Intake, _ *Preferences, _ *ReferralTarget) { p.DateOfBirth = today }, "date_of_birth", "aged 18 and over"},
		{"seventeen, adult service", func(p *Person, _ *Intake, _ *Preferences, _ *ReferralTarget) {
			p.DateOfBirth = today.AddDate(-18, 0, 1)
		}, "date_of_birth", "makes the person 17"},
		{"over the maximum age", func(p *Person, _ *Intake, _ *Preferences, to *ReferralTarget) {
			to.Service = youth
			p.DateOfBirth = today.AddDate(-26, 0, 0)
		}, "date_of_birth", "aged 16 to 25"},
		{"nobody here receives it", func(_ *Person, _ *Intake, _ *Preferences, to *ReferralTarget) {
			*to = ReferralTarget{Service: elsewhere}
		}, "service_id", "phone 01632 960300, or visit https://mind.example"},
		{"self-referral where the service takes none", func(_ *Person, in *Intake, _ *Preferences, to *ReferralTarget) {
			to.Service = youth
			in.ReferrerTier = "self"
		}, "service_id", "does not take self-referrals"},
		{"self-referral where the service takes them", func(_ *Person, in *Intake, _ *Preferences, _ *ReferralTarget) { in.ReferrerTier = "self" }, "", ""},
		{"NUL in the reason", func(_ *Person, in *Intake, _ *Preferences, _ *ReferralTarget) { in.Reason = "Needs help\x00" }, "reason", "control character"},
		{"line breaks in the reason", func(_ *Person, in *Intake, _ *Preferences, _ *ReferralTarget) { in.Reason = "Line one\nLine two" }, "", ""},
		{"escape in the referrer's name", func(_ *Person, in *Intake, _ *Preferences, _ *ReferralTarget) { in.ReferrerName = "Dr\x1b A" }, "referrer_name", "control character"},
		{"line break in the referrer's contact", func(_ *Person, in *Intake, _ *Preferences, _ *ReferralTarget) { in.ReferrerContact = "01632\r\n960000" }, "referrer_contact", "control character"},
		{"NUL in the interpreter language", func(_ *Person, _ *Intake, pr *Preferences, _ *ReferralTarget) { pr.InterpreterLanguage = "Polish\x00" }, "interpreter_language", "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Person{GivenName: "Sam", FamilyName: "Lee", DateOfBirth: time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)}
			in := Intake{ServiceID: "cen", Reason: "Needs support", Consent: true, ReferrerName: "Dr A", ReferrerTier: "primary"}
			prefs := Preferences{}
			to := ReferralTarget{Service: adult, ReceivedHere: true}
			tt.change(&p, &in, &prefs, &to)
			err := CheckReferral(p, in, prefs, to, now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("got %v, want no problem", err)
				}
				return
			}
			got := problem.Fields(err)[tt.field]
			if !strings.Contains(got, tt.says) || problem.Code(err) != problem.Invalid {
				t.Errorf("%s problem = %q (%v), want one saying %q", tt.field, got, err, tt.says)
			}
		})
	}
}

func FuzzValidEmail(f *testing.F) {
	for _, s := range []string{"sam@example.com", "not-an-email", "a@b", "Sam <sam@example.com>", "\"a b\"@example.com", "a@[1.2.3.4]", "@example.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidEmail(s) {
			return
		}
		at := strings.LastIndexByte(s, '@')
		if at <= 0 || !strings.Contains(s[at+1:], ".") || !PlainText(s, false) {
			t.Errorf("ValidEmail(%q) accepted an address without a local part, a dotted domain or plain text", s)
		}
	})
}
