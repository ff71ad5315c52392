package care

import (
	"strconv"
	"strings"
	"time"
)

// PeopleQuery is a search for a person as it was typed: an NHS number, or
// words of a name, perhaps with a date of birth in one of the ways people
// in the UK write one.
type PeopleQuery struct {
	NHSNumber   string    // ten digits, when the whole query is one
	DateOfBirth time.Time // midnight UTC of the date typed; zero when none
	Words       []string  // lower-cased name words, at most four
}

// maxQueryWords bounds the name words a search matches on.
const maxQueryWords = 4

// ParsePeopleQuery reads a search. A query that is all an NHS number is
// one; otherwise the first date of birth in it (one word such as
// 12/03/1990, or three such as 12 March 1990) is taken out and the rest
// are name words.
func ParsePeopleQuery(q string) PeopleQuery {
	var pq PeopleQuery
	if nhs := NormaliseNHSNumber(q); len(nhs) == 10 && strings.Trim(nhs, "0123456789") == "" {
		pq.NHSNumber = nhs
		return pq
	}
	words := strings.Fields(q)
	for i := 0; i < len(words); i++ {
		if pq.DateOfBirth.IsZero() && i+3 <= len(words) {
			if t, ok := ParseUKDate(strings.Join(words[i:i+3], " ")); ok {
				pq.DateOfBirth = t
				i += 2
				continue
			}
		}
		if pq.DateOfBirth.IsZero() {
			if t, ok := ParseUKDate(words[i]); ok {
				pq.DateOfBirth = t
				continue
			}
		}
		if len(pq.Words) < maxQueryWords {
			pq.Words = append(pq.Words, strings.ToLower(words[i]))
		}
	}
	return pq
}

// ParseUKDate reads a date written day first, as in the UK: 12/03/1990,
// 12-03-1990, 12.3.1990, 12 March 1990, 12 Mar 1990 (12th too), or the
// ISO 1990-03-12. The year has four digits, so that 12/03/90 is never
// guessed into a century; a date that does not exist (30/02/1990) is no
// date. The result is midnight UTC, as dates of birth are stored.
func ParseUKDate(s string) (time.Time, bool) {
	fields := strings.Fields(strings.ReplaceAll(s, ",", " "))
	switch len(fields) {
	case 1:
		return numericDate(fields[0])
	case 3:
		day, ok := dayNumber(fields[0])
		month := monthNamed(fields[1])
		year, yok := yearNumber(fields[2])
		if !ok || month == 0 || !yok {
			return time.Time{}, false
		}
		return realDate(year, month, day)
	}
	return time.Time{}, false
}

// numericDate reads d/m/yyyy with one separator of / - or . used twice,
// or yyyy-mm-dd.
func numericDate(s string) (time.Time, bool) {
	i := strings.IndexAny(s, "/-.")
	if i < 0 {
		return time.Time{}, false
	}
	parts := strings.Split(s, s[i:i+1])
	if len(parts) != 3 {
		return time.Time{}, false
	}
	if len(parts[0]) == 4 && s[i] == '-' { // ISO 8601
		parts[0], parts[2] = parts[2], parts[0]
		if len(parts[0]) != 2 || len(parts[1]) != 2 {
			return time.Time{}, false
		}
	}
	day, dok := smallNumber(parts[0])
	month, mok := smallNumber(parts[1])
	year, yok := yearNumber(parts[2])
	if !dok || !mok || !yok || month < 1 || month > 12 {
		return time.Time{}, false
	}
	return realDate(year, time.Month(month), day)
}

// dayNumber reads a day of the month, with an ordinal ending if written.
func dayNumber(s string) (int, bool) {
	s = strings.ToLower(s)
	for _, end := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(s, end); ok {
			s = t
			break
		}
	}
	return smallNumber(s)
}

// smallNumber reads one or two digits.
func smallNumber(s string) (int, bool) {
	if len(s) < 1 || len(s) > 2 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// yearNumber reads a four-digit year.
func yearNumber(s string) (int, bool) {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1000
}

// monthNamed is the month a name or its first three letters (or "Sept")
// stands for, in any case, with a full stop allowed after a short form; 0
// for none.
func monthNamed(s string) time.Month {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || s == name[:3] || (m == time.September && s == "sept") {
			return m
		}
	}
	return 0
}

// realDate is the date if it exists: time.Date would turn 30 February
// into March.
func realDate(year int, month time.Month, day int) (time.Time, bool) {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if day < 1 || t.Day() != day || t.Month() != month {
		return time.Time{}, false
	}
	return t, true
}

// NHSNumberSpaced is the NHS number as it is written and read aloud, in
// groups of 3, 3 and 4 digits (FormatNHSNumber); empty when none is
// recorded, so that a page words that in its own way.
func (p Person) NHSNumberSpaced() string {
	if p.NHSNumber == "" {
		return ""
	}
	return FormatNHSNumber(p.NHSNumber)
}
