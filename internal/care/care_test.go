package care

import (
	"strings"
	"testing"
	"time"

	"throughline/internal/problem"
)

func TestValidNHSNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"9434765919", true},  // published NHS test number
		{"4010232137", true},  // check digit 7
		{"9434765918", false}, // wrong check digit
		{"943476591", false},  // too short
		{"94347659190", false},
		{"94347a5919", false},
		{"", false},
		{"0000000000", true}, // sum 0 → check 11 → 0
	}
	for _, tt := range tests {
		if got := ValidNHSNumber(tt.in); got != tt.want {
			t.Errorf("ValidNHSNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNHSCheckDigitAgreesWithValidator(t *testing.T) {
	t.Parallel()
	for _, nine := range []string{"943476591", "401023213", "123456789", "999999999"} {
		d, ok := NHSCheckDigit(nine)
		if got := ValidNHSNumber(nine + string(d)); ok && !got {
			t.Errorf("check digit %c for %s not accepted", d, nine)
		}
	}
}

func FuzzNHSNumber(f *testing.F) {
	for _, s := range []string{"943 476 5919", "943-476-5919", "", "abc", "0000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormaliseNHSNumber(s)
		if ValidNHSNumber(n) {
			d, ok := NHSCheckDigit(n[:9])
			if !ok || d != n[9] {
				t.Fatalf("valid %q but check digit %c/%v", n, d, ok)
			}
		}
	})
}

func TestPersonValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		p      Person
		fields []string
	}{
		{"ok", Person{GivenName: "Sam", FamilyName: "Okafor", NHSNumber: "943 476 5919", DateOfBirth: now.AddDate(-30, 0, 0)}, nil},
		{"missing names", Person{}, []string{"given_name", "family_name"}},
		{"bad nhs", Person{GivenName: "a", FamilyName: "b", NHSNumber: "9434765918"}, []string{"nhs_number"}},
		{"future dob", Person{GivenName: "a", FamilyName: "b", DateOfBirth: now.Add(48 * time.Hour)}, []string{"date_of_birth"}},
		{"ancient dob", Person{GivenName: "a", FamilyName: "b", DateOfBirth: now.AddDate(-130, 0, 0)}, []string{"date_of_birth"}},
		{"huge text", Person{GivenName: "a", FamilyName: "b", TraumaPreferences: strings.Repeat("x", 5000)}, []string{"trauma_preferences"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate(now)
			got := problem.Fields(err)
			if len(got) != len(tt.fields) {
				t.Fatalf("fields = %v, want %v", got, tt.fields)
			}
			for _, f := range tt.fields {
				if got[f] == "" {
					t.Errorf("missing problem for %s in %v", f, got)
				}
			}
		})
	}
}

func TestPersonValidateNormalisesNHSNumber(t *testing.T) {
	t.Parallel()
	p := Person{GivenName: "a", FamilyName: "b", NHSNumber: " 943-476-5919 "}
	if err := p.Validate(time.Now()); err != nil {
		t.Fatal(err)
	}
	if got, want := p.NHSNumber, "9434765919"; got != want {
		t.Errorf("NHSNumber = %q, want %q", got, want)
	}
}

func TestAgeBand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		age  int
		want string
	}{{-1, "unknown"}, {17, "under 18"}, {18, "18-24"}, {34, "25-34"}, {70, "65+"}}
	for _, tt := range tests {
		if got := AgeBand(tt.age); got != tt.want {
			t.Errorf("AgeBand(%d) = %q, want %q", tt.age, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-18", 2, "2026-11-20"}, // Wednesday → Friday
		{"2026-11-20", 2, "2026-11-24"}, // Friday → Tuesday
		{"2026-11-21", 2, "2026-11-24"}, // Saturday → Tuesday
		{"2026-12-24", 2, "2026-12-30"}, // Christmas and the substitute Boxing Day
		{"2026-04-02", 1, "2026-04-07"}, // Good Friday and Easter Monday
	}
	for _, tt := range tests {
		from, _ := time.Parse(time.DateOnly, tt.from)
		if got := AddWorkingDays(from.Add(15*time.Hour), tt.n).Format(time.DateOnly); got != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestReferralMoves(t *testing.T) {
	tests := []struct {
		from, to ReferralStatus
		want     bool
	}{
		{ReferralReceived, ReferralAccepted, true},
		{ReferralMoreInfo, ReferralScreening, true},
		{ReferralAccepted, ReferralWaiting, true},
		{ReferralAssessed, ReferralAssessBooked, true}, // a second appointment
		{ReferralTeamDiscussion, ReferralOutcome, true},
		{ReferralReceived, ReferralAssessBooked, false}, // assessment before acceptance
		{ReferralWaiting, ReferralAssessed, false},
		{ReferralDeclined, ReferralScreening, false},
		{ReferralOutcome, ReferralTeamDiscussion, false},
	}
	for _, tt := range tests {
		if got := CanMove(tt.from, tt.to); got != tt.want {
			t.Errorf("CanMove(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
		if err := CheckMove(tt.from, tt.to); (err == nil) != tt.want {
			t.Errorf("CheckMove(%s, %s) = %v", tt.from, tt.to, err)
		}
	}
}
