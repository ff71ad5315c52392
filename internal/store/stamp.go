package store

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

// civilSeconds reads "YYYY-MM-DD hh:mm:ss" (or with "T"), an optional
// fraction, which is dropped as parseStamp drops it, and "", "Z" or
// "±hh:mm", as Unix seconds. It reports false for any other text and for
// any field out of its range, rather than normalising as time.Date would.
func civilSeconds(s string) (int64, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	mo, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	h, ok4 := digits(s[11:13])
	mi, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return 0, false // a point with no digits: not a form the store writes
		}
		rest = rest[i:]
	}
	offset := int64(0)
	switch {
	case rest == "" || rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := digits(rest[1:3])
		om, okm := digits(rest[4:6])
		if !okh || !okm || oh > 23 || om > 59 {
			return 0, false
		}
		offset = int64(oh*60+om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return 0, false
	}
	return daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+sec) - offset, true
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
