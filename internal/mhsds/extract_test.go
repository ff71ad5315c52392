package mhsds

import (
	"errors"
	"strings"
	"testing"
	"time"

	"throughline/internal/uktime"
)

func TestCodes(t *testing.T) {
	for _, tc := range []struct{ outcome, want string }{
		{"attended", "5"}, {"cancelled-by-person", "2"}, {"did-not-attend", "3"}, {"cancelled-by-service", "4"}, {"", ""},
	} {
		if got, _ := AttendStatus(tc.outcome); got != tc.want {
			t.Errorf("AttendStatus(%q) = %q, want %q", tc.outcome, got, tc.want)
		}
	}
	for _, tc := range []struct{ words, want string }{
		{"Man", "1"}, {"Trans man", "1"}, {"Woman", "2"}, {"trans woman", "2"}, {"Non-binary", "3"}, {"Prefer to self-describe", "4"}, {"", "Z"},
	} {
		if got := GenderIdentity(tc.words); got != tc.want {
			t.Errorf("GenderIdentity(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
	for _, tc := range []struct{ measure, want string }{{"PHQ-9", "720433000"}, {"GAD-7", "445455005"}, {"CORE-10", "718583008"}, {"DIALOG", ""}} {
		if got, _ := ToolCode(tc.measure); got != tc.want {
			t.Errorf("ToolCode(%q) = %q, want %q", tc.measure, got, tc.want)
		}
	}
	if got := ethnicCategory("White British"); got != "" {
		t.Errorf("words were turned into ethnic category %q", got)
	}
}

// The month is a UK calendar month: October 2026 starts at 23:00 UTC on
// 30 September (summer time) and ends at midnight UTC on 1 November.
func TestParseMonthIsUKMonth(t *testing.T) {
	m, err := ParseMonth("2026-10", uktime.London)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Start.UTC(), time.Date(2026, 9, 30, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("start %v, want %v", got, want)
	}
	if got, want := m.End.UTC(), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("end %v, want %v", got, want)
	}
	for _, bad := range []string{"", "2026-13", "October", "2026-10-01"} {
		if _, err := ParseMonth(bad, uktime.London); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
}

func month(t *testing.T) Month {
	m, err := ParseMonth("2026-10", uktime.London)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var cfg = Config{OrgCode: "RX4", TeamType: DefaultTeamType, ConsultationMechanism: "01", Created: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}

// A contact belongs to its own referral, or to the person's latest
// referral received by then; scores likewise.
func TestBuildLinksContactsToReferrals(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 10, d, 10, 0, 0, 0, time.UTC) }
	a := Activity{
		People:    []Person{{ID: 1, DateOfBirth: "1990-01-01"}},
		Referrals: []Referral{{ID: 10, PersonID: 1, Received: at(1).AddDate(0, -6, 0)}, {ID: 11, PersonID: 1, Received: at(5), Referrer: "gp"}},
		Contacts:  []Contact{{ID: 100, PersonID: 1, Starts: at(3), Outcome: "attended"}, {ID: 101, PersonID: 1, Starts: at(9), Outcome: "did-not-attend"}, {ID: 102, PersonID: 1, ReferralID: 10, Starts: at(9), Outcome: "attended"}},
		Scores:    []Score{{ID: 7, PersonID: 1, MeasureID: "PHQ-9", Taken: at(20), Total: 14}, {ID: 8, PersonID: 1, MeasureID: "DIALOG", Taken: at(20), Total: 4}},
	}
	tables, err := Build(a, cfg, month(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][][]string{}
	for _, tb := range tables {
		got[tb.Name] = tb.Rows
	}
	var reqs []string
	for _, r := range got["MHS201CareContact"] {
		reqs = append(reqs, r[2])
	}
	if strings.Join(reqs, ",") != "10,11,10" {
		t.Errorf("contacts' service requests = %v, want 10,11,10", reqs)
	}
	if rows := got["MHS606CodedScoreAssessmentRefer"]; len(rows) != 1 || rows[0][2] != "11" || rows[0][3] != "720433000" || rows[0][4] != "14" {
		t.Errorf("scores = %v, want the PHQ-9 only, on referral 11", rows)
	}
	if r := got["MHS101Referral"][1]; r[5] != "A1" {
		t.Errorf("GP referral's source = %q, want A1", r[5])
	}
	if h := got["MHS000Header"][0]; h[1] != "2026-10-01" || h[2] != "2026-10-31" {
		t.Errorf("header period %v", h)
	}
}

// A missing mandatory field anywhere refuses the whole extract, listing
// each one.
func TestBuildRefusesMissingMandatoryFields(t *testing.T) {
	a := Activity{
		People:   []Person{{ID: 1}},
		Contacts: []Contact{{ID: 100, PersonID: 1, Starts: time.Date(2026, 10, 3, 10, 0, 0, 0, time.UTC)}},
	}
	_, err := Build(a, Config{TeamType: "A16", ConsultationMechanism: "99"}, month(t))
	var pe *ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a ProblemsError", err)
	}
	for _, want := range []string{"MHS000Header row 1: OrgIDProvider", "MHS001MPI LocalPatientId 1: PersonBirthDate", "MHS201CareContact CareContactId 100: ServiceRequestId",
		"MHS201CareContact CareContactId 100: AttendStatus", "ConsMechanismMH (a confirmed code"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems %q do not include %q", err.Error(), want)
		}
	}
}
