package store

import "time"

// stampTime reads a time in the store's own forms as dbTime's layouts read
// it, to the nanosecond, without time.Parse: a page of a caseload's
// contacts and measures read a hundred times and more, each tried against
// layout after layout. It reports false for any text it does not read
// exactly as those layouts would (FuzzStampTime), which dbTime then hands
// to them.
func stampTime(s string) (time.Time, bool) {
	p, ok := readStamp(s)
	if !ok || !p.inRange() {
		return time.Time{}, false
	}
	// The layouts read "T" only with a zone after it, and "Z" only after "T".
	zone := s[len(s)-1]
	switch {
	case s[10] == 'T' && zone != 'Z' && !hasOffset(s):
		return time.Time{}, false
	case s[10] == ' ' && zone == 'Z':
		return time.Time{}, false
	}
	ns, ok := fraction(s)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(p.y, time.Month(p.mo), p.d, p.h, p.mi, p.sec, ns, time.UTC).Add(-time.Duration(p.offset()) * time.Second), true
}

// hasOffset is whether s ends in "±hh:mm".
func hasOffset(s string) bool {
	n := len(s)
	return n >= 25 && (s[n-6] == '+' || s[n-6] == '-') && s[n-3] == ':'
}

// fraction is the nanoseconds of the fraction after the seconds, if any:
// one to nine digits, as the layouts' ".999999999" reads.
func fraction(s string) (int, bool) {
	if len(s) == 19 || s[19] != '.' {
		return 0, true
	}
	ns, n := 0, 0
	for i := 20; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		ns, n = ns*10+int(s[i]-'0'), n+1
	}
	if n < 1 || n > 9 {
		return 0, false
	}
	for range 9 - n {
		ns *= 10
	}
	return ns, true
}
