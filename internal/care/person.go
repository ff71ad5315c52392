package care

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"throughline/internal/problem"
)

// Person is someone who uses, or has been referred to, a service.
type Person struct {
	ID            int64
	NHSNumber     string // optional; validated when present
	GivenName     string
	FamilyName    string
	PreferredName string
	Pronouns      string
	DateOfBirth   time.Time // zero when unknown
	Locality      string    // area code from the directory
	Phone         string
	Email         string

	// CommunicationNeeds covers interpreters, reading support, sensory needs.
	CommunicationNeeds string
	// TraumaPreferences records what helps the person feel safe with us:
	// gender of worker, where to sit, what to avoid.
	TraumaPreferences string

	// Equality monitoring: optional, used only for equity reporting.
	Ethnicity string
	Gender    string
	Sexuality string

	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MaxTextLen bounds free-text fields so a pasted document cannot bloat a record.
const MaxTextLen = 4000

// DisplayName is the name the person asked to be called, with family name.
func (p Person) DisplayName() string {
	first := p.GivenName
	if p.PreferredName != "" {
		first = p.PreferredName
	}
	return strings.TrimSpace(first + " " + p.FamilyName)
}

// AgeOn returns the person's age in whole years on day, or -1 if unknown.
// Birthdays are compared by month and day, not day of the year, which a
// leap year shifts by one after February.
func (p Person) AgeOn(day time.Time) int {
	if p.DateOfBirth.IsZero() {
		return -1
	}
	y := day.Year() - p.DateOfBirth.Year()
	if day.Month() < p.DateOfBirth.Month() || (day.Month() == p.DateOfBirth.Month() && day.Day() < p.DateOfBirth.Day()) {
		y--
	}
	return y
}

// AgeBand groups an age for equity reporting without identifying anyone.
func AgeBand(age int) string {
	switch {
	case age < 0:
		return "unknown"
	case age < 18:
		return "under 18"
	case age < 25:
		return "18-24"
	case age < 35:
		return "25-34"
	case age < 45:
		return "35-44"
	case age < 55:
		return "45-54"
	case age < 65:
		return "55-64"
	default:
		return "65+"
	}
}

// Validate normalises the NHS number and checks every field, returning an
// Invalid problem listing all issues.
func (p *Person) Validate(now time.Time) error {
	var v problem.Validation
	p.GivenName = strings.TrimSpace(p.GivenName)
	p.FamilyName = strings.TrimSpace(p.FamilyName)
	p.NHSNumber = NormaliseNHSNumber(p.NHSNumber)
	if p.GivenName == "" {
		v.Add("given_name", "Enter a given name")
	}
	if p.FamilyName == "" {
		v.Add("family_name", "Enter a family name")
	}
	if p.NHSNumber != "" && !ValidNHSNumber(p.NHSNumber) {
		v.Add("nhs_number", "NHS number must be 10 digits with a valid check digit")
	}
	if !p.DateOfBirth.IsZero() {
		if p.DateOfBirth.After(now) {
			v.Add("date_of_birth", "Date of birth must be in the past")
		} else if now.Year()-p.DateOfBirth.Year() > 120 {
			v.Add("date_of_birth", "Date of birth is more than 120 years ago")
		}
	}
	for name, val := range map[string]string{
		"given_name": p.GivenName, "family_name": p.FamilyName, "preferred_name": p.PreferredName,
		"pronouns": p.Pronouns, "locality": p.Locality, "phone": p.Phone, "email": p.Email,
		"ethnicity": p.Ethnicity, "gender": p.Gender, "sexuality": p.Sexuality,
	} {
		if utf8.RuneCountInString(val) > 200 {
			v.Add(name, "Keep "+strings.ReplaceAll(name, "_", " ")+" under 200 characters")
		}
	}
	for name, val := range map[string]string{"communication_needs": p.CommunicationNeeds, "trauma_preferences": p.TraumaPreferences} {
		if utf8.RuneCountInString(val) > MaxTextLen {
			v.Add(name, "Keep "+strings.ReplaceAll(name, "_", " ")+" under 4000 characters")
		}
	}
	checkText(&v, []textField{
		{"nhs_number", p.NHSNumber, false}, {"given_name", p.GivenName, false}, {"family_name", p.FamilyName, false},
		{"preferred_name", p.PreferredName, false}, {"pronouns", p.Pronouns, false}, {"locality", p.Locality, false},
		{"phone", p.Phone, false}, {"email", p.Email, false}, {"ethnicity", p.Ethnicity, false}, {"gender", p.Gender, false},
		{"sexuality", p.Sexuality, false}, {"communication_needs", p.CommunicationNeeds, true},
		{"trauma_preferences", p.TraumaPreferences, true},
	})
	p.Email = strings.TrimSpace(p.Email)
	if p.Email != "" && !ValidEmail(p.Email) {
		v.Add("email", "Enter an email address in the correct format, like name@example.com")
	}
	return v.Err()
}

// ValidEmail reports whether s is one plain email address, with no display
// name, whose domain has a dot: an address someone could actually write to.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.Contains(domain, "..") && !strings.ContainsAny(domain, "[]")
}

// textField is one typed answer to check for characters nobody types.
type textField struct {
	name, value string
	multiline   bool // line breaks and tabs belong in it
}

// PlainText reports whether s is valid UTF-8 free of control characters (a
// NUL byte, an escape sequence) that nobody types but that can hide text,
// break exports or end a string early in other systems; multiline text may
// also hold line breaks and tabs.
func PlainText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// checkText adds a problem for each field holding a control character.
func checkText(v *problem.Validation, fields []textField) {
	for _, f := range fields {
		if !PlainText(f.value, f.multiline) {
			v.Add(f.name, "Retype the "+strings.ReplaceAll(f.name, "_", " ")+": it contains a hidden control character or broken text")
		}
	}
}
