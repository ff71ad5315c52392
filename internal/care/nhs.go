// Package care holds the pathway domain: people who use the service, their
// referrals and episodes of care. It is pure Go: no SQL, no HTTP.
package care

import "strings"

// nhsSeparators are what people type between an NHS number's digits. One
// replacer serves every call: each record page formats the person's NHS
// number, and building a replacer a call was most of the cost.
var nhsSeparators = strings.NewReplacer(" ", "", "-", "")

// NormaliseNHSNumber strips the spaces and dashes people type into NHS numbers.
func NormaliseNHSNumber(s string) string {
	return nhsSeparators.Replace(strings.TrimSpace(s))
}

// ValidNHSNumber reports whether s (already normalised) is ten digits whose
// last digit is the Modulus-11 check digit of the first nine (NHS Data
// Dictionary: weights 10..2, check = 11 - sum mod 11, 11 → 0, 10 invalid).
func ValidNHSNumber(s string) bool {
	if len(s) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 10; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		if i < 9 {
			sum += int(c-'0') * (10 - i)
		}
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	if check == 10 {
		return false
	}
	return int(s[9]-'0') == check
}

// NHSCheckDigit returns the check digit for nine digits and false when those
// nine digits cannot form a valid NHS number (check digit would be 10).
func NHSCheckDigit(nine string) (byte, bool) {
	if len(nine) != 9 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		if nine[i] < '0' || nine[i] > '9' {
			return 0, false
		}
		sum += int(nine[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	if check == 10 {
		return 0, false
	}
	return byte('0' + check), true
}
