package care

import (
	"testing"
	"time"
)

func TestIdentityOf(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		p    Person
		want Identity
	}{
		{"full", Person{ID: 7, GivenName: "Samira", FamilyName: "Okafor", PreferredName: "Sam", Pronouns: "she/her", NHSNumber: "9434765919", DateOfBirth: time.Date(1990, 3, 12, 0, 0, 0, 0, time.UTC)},
			Identity{PersonID: 7, Name: "OKAFOR, Samira", Preferred: "Sam", Pronouns: "she/her", Born: "12 Mar 1990", Age: "36", NHSNumber: "943 476 5919"}},
		{"preferred same as given", Person{GivenName: "Alex", FamilyName: "Brown", PreferredName: "alex"},
			Identity{Name: "BROWN, Alex", Born: NotRecorded, NHSNumber: NotRecorded}},
		{"birthday tomorrow", Person{GivenName: "J", FamilyName: "K", DateOfBirth: time.Date(2000, 11, 30, 0, 0, 0, 0, time.UTC)},
			Identity{Name: "K, J", Born: "30 Nov 2000", Age: "25", NHSNumber: NotRecorded}},
	} {
		if got := IdentityOf(c.p, now); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestFormatNHSNumber(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"9434765919", "943 476 5919"},
		{"943 476 5919", "943 476 5919"},
		{"943-476-5919", "943 476 5919"},
		{"", NotRecorded},
		{"1234567890", "1234567890"}, // not a valid number: shown as typed
	} {
		if got := FormatNHSNumber(c.in); got != c.want {
			t.Errorf("FormatNHSNumber(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCrisisPlanReviewDue(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		s    CrisisPlanState
		want bool
	}{
		{"no plan", CrisisPlanState{}, true},
		{"reviewed last month", CrisisPlanState{Exists: true, Reviewed: now.AddDate(0, -1, 0)}, false},
		{"exactly six months", CrisisPlanState{Exists: true, Reviewed: now.AddDate(0, -6, 0)}, false},
		{"seven months", CrisisPlanState{Exists: true, Reviewed: now.AddDate(0, -7, 0)}, true},
	} {
		if got := c.s.ReviewDue(now); got != c.want {
			t.Errorf("%s: ReviewDue = %v, want %v", c.name, got, c.want)
		}
	}
}
