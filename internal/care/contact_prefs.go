package care

import (
	"strings"
	"time"

	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// ContactTimes is when a person is happy to get texts and emails from us.
type ContactTimes string

const (
	ContactAnyTime        ContactTimes = "any"             // any day, 8am to 9pm
	ContactWeekdayDaytime ContactTimes = "weekday-daytime" // Monday to Friday, 9am to 5pm
	ContactEvenings       ContactTimes = "evenings"        // any day, 5pm to 9pm
)

// ContactTimesOptions lists the choices in the order forms show them.
var ContactTimesOptions = []ContactTimes{ContactAnyTime, ContactWeekdayDaytime, ContactEvenings}

// Label says the choice in words.
func (c ContactTimes) Label() string {
	switch c {
	case ContactWeekdayDaytime:
		return "Weekdays, 9am to 5pm"
	case ContactEvenings:
		return "Evenings, 5pm to 9pm, any day"
	}
	return "Any day, 8am to 9pm"
}

// window is the hours (UK time) a choice allows, and whether weekends count.
func (c ContactTimes) window() (from, to int, weekends bool) {
	switch c {
	case ContactWeekdayDaytime:
		return 9, 17, false
	case ContactEvenings:
		return 17, 21, true
	}
	// Even "any time" never means the middle of the night: a text at 3am
	// is not what anyone who ticked "any" meant.
	return 8, 21, true
}

// Allows reports whether t falls within the chosen times.
func (c ContactTimes) Allows(t time.Time) bool {
	from, to, weekends := c.window()
	l := uktime.In(t)
	if !weekends && (l.Weekday() == time.Saturday || l.Weekday() == time.Sunday) {
		return false
	}
	return l.Hour() >= from && l.Hour() < to
}

// NextAllowed is the earliest moment at or after t within the chosen times.
// Hours are counted in UK local time, so a clock change moves the window
// with the clocks, as the person would expect.
func (c ContactTimes) NextAllowed(t time.Time) time.Time {
	if c.Allows(t) {
		return t
	}
	from, _, _ := c.window()
	day := uktime.StartOfDay(t)
	for i := 0; i < 8; i++ {
		l := uktime.In(day)
		start := time.Date(l.Year(), l.Month(), l.Day()+i, from, 0, 0, 0, uktime.London)
		if start.After(t) && c.Allows(start) {
			return start.UTC()
		}
	}
	return t // unreachable: every choice allows some hour each week
}

// ContactPrefs is how a person wants to hear from us about appointments:
// where, by which channels, and when. Each change is a new version; older
// versions are kept as the history.
type ContactPrefs struct {
	PersonID  int64
	Mobile    string // normalised to 07xxx xxxxxx
	Email     string
	Text      bool // opted in to text messages
	EmailOK   bool // opted in to emails
	Times     ContactTimes
	Version   int
	ChangedAt time.Time
	ChangedBy string // who made this version: the person or a worker's name
}

// Wants reports whether the person opted in to a channel and gave somewhere
// to send it.
func (p ContactPrefs) Wants(channel Channel) bool {
	switch channel {
	case ChannelText:
		return p.Text && p.Mobile != ""
	case ChannelEmail:
		return p.EmailOK && p.Email != ""
	}
	return false
}

// Channel is how a message travels.
type Channel string

const (
	ChannelText  Channel = "sms"
	ChannelEmail Channel = "email"
)

// Channels is every channel, in the order messages are queued.
var Channels = []Channel{ChannelText, ChannelEmail}

// Label names the channel in words.
func (c Channel) Label() string {
	if c == ChannelEmail {
		return "Email"
	}
	return "Text message"
}

// Normalise tidies typed values and checks them, saying clearly what is
// wrong with each field.
func (p *ContactPrefs) Normalise() error {
	var v problem.Validation
	p.Email = strings.TrimSpace(p.Email)
	if p.Mobile = strings.TrimSpace(p.Mobile); p.Mobile != "" {
		m, ok := NormaliseUKMobile(p.Mobile)
		if !ok {
			v.Add("mobile", "Enter a UK mobile number, like 07700 900123")
		} else {
			p.Mobile = m
		}
	}
	if p.Email != "" {
		if len(p.Email) > 254 || !ValidEmail(p.Email) {
			v.Add("email", "Enter an email address in the right format, like name@example.com")
		}
	}
	if p.Text && p.Mobile == "" && v.Err() == nil {
		v.Add("mobile", "Enter a mobile number to get text messages, or untick text messages")
	}
	if p.EmailOK && p.Email == "" && v.Err() == nil {
		v.Add("email", "Enter an email address to get emails, or untick email")
	}
	if p.Times == "" {
		p.Times = ContactAnyTime
	}
	if !validTimes(p.Times) {
		v.Add("times", "Choose when we may contact you")
	}
	return v.Err()
}

func validTimes(t ContactTimes) bool {
	for _, x := range ContactTimesOptions {
		if x == t {
			return true
		}
	}
	return false
}

// NormaliseUKMobile accepts a UK mobile number typed in the usual ways
// (07700 900123, +44 7700 900123, 0044 7700-900123) and returns it as
// "07700 900123". Landlines and numbers of the wrong length are refused,
// because a text to them would never arrive.
func NormaliseUKMobile(s string) (string, bool) {
	var digits strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
			digits.WriteString("+")
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case strings.HasPrefix(d, "+44"):
		d = "0" + strings.TrimPrefix(strings.TrimPrefix(d, "+44"), "0")
	case strings.HasPrefix(d, "0044"):
		d = "0" + strings.TrimPrefix(strings.TrimPrefix(d, "0044"), "0")
	case strings.HasPrefix(d, "44") && len(d) == 12:
		d = "0" + d[2:]
	}
	if len(d) != 11 || !strings.HasPrefix(d, "07") || strings.HasPrefix(d, "070") || strings.HasPrefix(d, "076") && !strings.HasPrefix(d, "07624") {
		return "", false
	}
	return d[:5] + " " + d[5:], true
}
