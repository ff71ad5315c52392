package care

import (
	"fmt"
	"strings"
	"time"
)

// Identity is what the top of every page of a person's record shows so that
// nobody mistakes one person for another, after NHS patient banner guidance:
// legal name (family name first), preferred name, date of birth with age,
// and NHS number spaced 3 3 4.
type Identity struct {
	PersonID  int64
	Name      string // "FAMILY, Given"
	Preferred string // the name the person asks to be called, when it differs
	Pronouns  string
	Born      string // "17 May 1990", or Not recorded
	Age       string // "36", or "" when the date of birth is unknown
	NHSNumber string // "943 476 5919", or Not recorded
}

// IdentityOf words a person's identifiers for the banner on the day now.
func IdentityOf(p Person, now time.Time) Identity {
	id := Identity{
		PersonID:  p.ID,
		Name:      strings.ToUpper(p.FamilyName) + ", " + p.GivenName,
		Pronouns:  p.Pronouns,
		Born:      NotRecorded,
		NHSNumber: FormatNHSNumber(p.NHSNumber),
	}
	if pn := strings.TrimSpace(p.PreferredName); pn != "" && !strings.EqualFold(pn, p.GivenName) {
		id.Preferred = pn
	}
	if !p.DateOfBirth.IsZero() {
		id.Born = p.DateOfBirth.Format("2 Jan 2006")
		if a := p.AgeOn(now); a >= 0 {
			id.Age = fmt.Sprint(a)
		}
	}
	return id
}

// FormatNHSNumber spaces a valid NHS number 3 3 4 as the NHS writes it, so
// that it is read and compared in groups; anything else is shown as given.
func FormatNHSNumber(s string) string {
	n := NormaliseNHSNumber(s)
	if n == "" {
		return NotRecorded
	}
	if !ValidNHSNumber(n) {
		return s
	}
	return n[:3] + " " + n[3:6] + " " + n[6:]
}
