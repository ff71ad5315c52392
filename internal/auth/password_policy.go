package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"throughline/internal/problem"
)

// commonPasswordList is John the Ripper's password.lst (Openwall, 1996-2011,
// "assumed to be in the public domain" by its compiler), taken from Debian's
// john-data package: the passwords most often seen in real breaches.
//
//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is the deny list, lower case.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#!comment:") {
			continue
		}
		m[strings.ToLower(line)] = true
	}
	return m
})

// Password rule messages, written once.
const (
	msgCommonPassword = "This password is on a list of common passwords that are tried first when guessing. Choose a different one: three random words make a strong password."
	msgSimplePassword = "This password is a repeated character or a simple sequence, which is easy to guess. Choose a different one: three random words make a strong password."
	msgHasUsername    = "Password must not contain the username"
	msgHasName        = "Password must not contain the person's name"
)

// ValidateNewPassword is the password rule for every password being set
// for u (a new account, an administrator's reset, a person's own change),
// following NCSC guidance: a length minimum rather than symbol rules, and no
// password that guessers try first: a common one (even with digits or
// symbols added at either end, or letters swapped for look-alike digits), a
// repeated character or simple sequence, or one that contains the
// username or a part of the person's name.
func ValidateNewPassword(pw string, u User) error {
	if err := ValidatePassword(pw); err != nil {
		return err
	}
	lower := strings.ToLower(pw)
	if isSimplePattern(lower) {
		return problem.Errorf(problem.Invalid, msgSimplePassword)
	}
	if isCommonPassword(lower) {
		return problem.Errorf(problem.Invalid, msgCommonPassword)
	}
	if name := strings.ToLower(u.Username); len([]rune(name)) >= 3 && strings.Contains(lower, name) {
		return problem.Errorf(problem.Invalid, msgHasUsername)
	}
	for _, part := range nameParts(u.Username) {
		if strings.Contains(lower, part) {
			return problem.Errorf(problem.Invalid, msgHasUsername)
		}
	}
	for _, part := range nameParts(u.DisplayName) {
		if strings.Contains(lower, part) {
			return problem.Errorf(problem.Invalid, msgHasName)
		}
	}
	return nil
}

// isCommonPassword reports whether a lower-case password is on the deny
// list as it stands, without the digits and symbols people add at the ends
// to pass a length rule ("password1234"), repeated ("passwordpassword"), or
// with look-alike digits read as letters ("p@ssw0rd").
func isCommonPassword(lower string) bool {
	deny := commonPasswords()
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	for _, c := range []string{lower, core, repeatedUnit(core), unLeet(core), repeatedUnit(unLeet(core))} {
		if c != "" && deny[c] {
			return true
		}
	}
	return false
}

// repeatedUnit returns u when s is u repeated two or more times, else s.
func repeatedUnit(s string) string {
	for n := 1; n <= len(s)/2; n++ {
		if len(s)%n == 0 && strings.Repeat(s[:n], len(s)/n) == s {
			return s[:n]
		}
	}
	return s
}

var leet = strings.NewReplacer("@", "a", "4", "a", "3", "e", "1", "i", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t")

func unLeet(s string) string { return leet.Replace(s) }

// keyboardRows are runs of keys people walk along.
var keyboardRows = []string{"1234567890", "qwertyuiopasdfghjklzxcvbnm", "abcdefghijklmnopqrstuvwxyz"}

// isSimplePattern reports a short unit repeated ("aaaaaaaaaaaa",
// "abababababab") or a walk along a row of keys or the alphabet, forwards
// or backwards, wrapping round ("123456789012", "qwertyuiopqw").
func isSimplePattern(lower string) bool {
	if unit := repeatedUnit(lower); len(unit) <= 4 && unit != lower {
		return true
	}
	for _, row := range keyboardRows {
		loop := strings.Repeat(row, len(lower)/len(row)+2)
		if strings.Contains(loop, lower) || strings.Contains(reverse(loop), lower) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// nameParts are the lower-case runs of three or more letters in a name.
func nameParts(name string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(part)) >= 3 {
			out = append(out, part)
		}
	}
	return out
}
