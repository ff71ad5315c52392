package mhsds

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Config is what the extract cannot learn from the record.
type Config struct {
	OrgCode string // ORGANISATION IDENTIFIER (CODE OF PROVIDER)
	// TeamType is SERVICE OR TEAM TYPE REFERRED TO FOR MENTAL HEALTH.
	TeamType string
	// ConsultationMechanism is written on every care contact, since
	// Throughline does not record how each contact took place.
	ConsultationMechanism string
	Created               time.Time
}

// Person is one row of MHS001MPI.
type Person struct {
	ID          int64
	NHSNumber   string
	DateOfBirth string // YYYY-MM-DD
	Gender      string
	Ethnicity   string
}

// Referral is one service request open during the month.
type Referral struct {
	ID         int64
	PersonID   int64
	TeamID     int64 // 0 before a team took the person on
	Received   time.Time
	Referrer   string // the kind of referrer: gp, self, ...
	Closed     time.Time
	Rejected   time.Time
	RejectNote string
}

// Contact is an appointment in the month.
type Contact struct {
	ID         int64
	PersonID   int64
	ReferralID int64 // 0: found from the person's referrals
	TeamID     int64
	Starts     time.Time
	Minutes    int
	Outcome    string
}

// Liaison is indirect activity: work with another agency about a person.
type Liaison struct {
	ID       int64
	PersonID int64
	TeamID   int64
	On       string // YYYY-MM-DD
}

// Score is a completed questionnaire's total.
type Score struct {
	ID        int64
	PersonID  int64
	MeasureID string
	Taken     time.Time
	Total     float64
}

// Activity is what the store found for the month.
type Activity struct {
	People    []Person
	Referrals []Referral
	Contacts  []Contact
	Liaison   []Liaison
	Scores    []Score
}

// Month is a reporting period: a calendar month.
type Month struct{ Start, End time.Time } // End is exclusive

// ParseMonth reads "2026-10" as October 2026 in UK time.
func ParseMonth(s string, loc *time.Location) (Month, error) {
	t, err := time.ParseInLocation("2006-01", s, loc)
	if err != nil {
		return Month{}, fmt.Errorf("--month must be a year and month such as 2026-10, not %q", s)
	}
	return Month{Start: t, End: t.AddDate(0, 1, 0)}, nil
}

// Problem is a mandatory field missing from a row.
type Problem struct {
	Table, Row, Field string
}

func (p Problem) String() string { return fmt.Sprintf("%s %s: %s is missing", p.Table, p.Row, p.Field) }

// ProblemsError lists every missing mandatory field.
type ProblemsError struct{ Problems []Problem }

func (e *ProblemsError) Error() string {
	s := fmt.Sprintf("the extract has %d missing mandatory fields and was not written:", len(e.Problems))
	for _, p := range e.Problems {
		s += "\n  " + p.String()
	}
	return s
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// serviceRequestFor is the referral a contact belongs to: its own, or
// the person's latest referral received by the day of the contact.
func serviceRequestFor(c Contact, byPerson map[int64][]Referral) int64 {
	if c.ReferralID != 0 {
		return c.ReferralID
	}
	var best int64
	var when time.Time
	for _, r := range byPerson[c.PersonID] {
		if !r.Received.After(c.Starts) && (best == 0 || r.Received.After(when)) {
			best, when = r.ID, r.Received
		}
	}
	return best
}

func sortedPeople(people []Person) []Person {
	out := append([]Person(nil), people...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
