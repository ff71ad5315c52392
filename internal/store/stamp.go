package store

import "strings"

// stampSeconds is parseStamp as Unix seconds, 0 for no time (an empty text
// or the zero time), as journey analysis keeps times. The form the store
// writes on SQLite, "2006-01-02 15:04:05[.999999999]-07:00" (the driver's
// _time_format=sqlite), and its "T" and "Z" variants, are read here by
// arithmetic alone: a million referrals carry three times each, and SQLite's
// own conversion to seconds cost more than the rest of their query. Anything
// else, including a date that does not exist, is left to parseStamp, so the
// answer is always parseStamp's (FuzzStampSeconds).
func stampSeconds(s string) (int64, error) {
	if sec, ok := civilSeconds(s); ok {
		if sec == zeroTimeUnix {
			return 0, nil
		}
		return sec, nil
	}
	at, err := parseStamp(s)
	if err != nil || at.IsZero() {
		return 0, err
	}
	return at.Unix(), nil
}

// zeroTimeUnix is time.Time{}.Unix(): 0001-01-01 00:00:00 UTC.
const zeroTimeUnix = -62135596800

// civilSeconds reads a time in the store's own form (readStamp) as Unix
// seconds. It reports false for any other text and for any field out of
// its range, rather than normalising as time.Date would.
func civilSeconds(s string) (int64, bool) {
	p, ok := readStamp(s)
	if !ok || !p.inRange() {
		return 0, false
	}
	return daysFromCivil(p.y, p.mo, p.d)*86400 + int64(p.h*3600+p.mi*60+p.sec) - p.offset(), true
}

// stampParts are the fields of a time as the store writes it on SQLite.
type stampParts struct {
	y, mo, d, h, mi, sec int
	// east is whether the offset oh:om is east of UTC ("+" or none).
	east   bool
	oh, om int
	// bare is a point with no digits after it, which parseStamp reads and
	// civilSeconds leaves to it: not a form the store writes.
	bare bool
}

// inRange is whether every field is in its range and the text is a form
// the store writes (not a bare point), as time.Parse would accept it
// without normalising.
func (p stampParts) inRange() bool {
	return !p.bare && p.mo >= 1 && p.mo <= 12 && p.d >= 1 && p.d <= daysIn(p.mo, p.y) && p.h <= 23 && p.mi <= 59 && p.sec <= 59 && p.oh <= 23 && p.om <= 59
}

// offset is the offset from UTC in seconds.
func (p stampParts) offset() int64 {
	o := int64(p.oh*60+p.om) * 60
	if !p.east {
		o = -o
	}
	return o
}

// readStamp reads "YYYY-MM-DD hh:mm:ss" (or with "T"), an optional
// fraction, which is dropped, and "", "Z" or "±hh:mm", without checking
// any field's range: the form the store writes on SQLite (the driver's
// _time_format=sqlite), read by parseStamp and, for journey analysis,
// civilSeconds. It reports false for any other text.
func readStamp(s string) (stampParts, bool) {
	var p stampParts
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return p, false
	}
	var ok [6]bool
	p.y, ok[0] = digits(s[0:4])
	p.mo, ok[1] = digits(s[5:7])
	p.d, ok[2] = digits(s[8:10])
	p.h, ok[3] = digits(s[11:13])
	p.mi, ok[4] = digits(s[14:16])
	p.sec, ok[5] = digits(s[17:19])
	if ok != [6]bool{true, true, true, true, true, true} {
		return p, false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		rest = strings.TrimLeft(rest[1:], "0123456789")
		p.bare = len(rest) == len(s)-20
	}
	p.east = true
	switch {
	case rest == "" || rest == "Z":
		return p, true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		var okh, okm bool
		p.oh, okh = digits(rest[1:3])
		p.om, okm = digits(rest[4:6])
		p.east = rest[0] == '+'
		return p, okh && okm
	}
	return p, false
}

// digits reads a fixed-width run of decimal digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar, as time.Date counts them: years are
// counted from March, so the leap day falls at the end of a year.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y is never negative here: four digits, less one
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
