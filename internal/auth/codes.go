package auth

import (
	"crypto/rand"
	"strings"
)

// Codes people copy by hand: recovery codes and temporary passwords.

// codeAlphabet leaves out letters and digits people confuse (0/o, 1/l/i).
const codeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// randomCode is groups of size random characters joined by dashes. Four
// groups of four carry about 79 bits, enough that a fast unsalted hash
// is a safe way to keep one (as with session tokens).
func randomCode(groups, size int) string {
	var b strings.Builder
	for g := range groups {
		if g > 0 {
			b.WriteByte('-')
		}
		for range size {
			b.WriteByte(codeAlphabet[randIndex(len(codeAlphabet))])
		}
	}
	return b.String()
}

// randIndex is a uniform random index below n (n ≤ 256), without modulo bias.
func randIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic("crypto/rand failed: " + err.Error()) // the OS is broken; nothing safe to do
		}
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}

// RecoveryCodeCount is how many single-use recovery codes enrolment gives.
const RecoveryCodeCount = 10

// NewRecoveryCodes returns RecoveryCodeCount random codes.
func NewRecoveryCodes() []string {
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		codes[i] = randomCode(4, 4)
	}
	return codes
}

// NormaliseRecoveryCode is the form a recovery code is hashed in, so that
// case, spaces and dashes do not matter when it is typed.
func NormaliseRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		case r == '-' || r == ' ' || r == '\t':
			return -1
		}
		return r
	}, code)
}

// HashRecoveryCode is what the store keeps for a recovery code.
func HashRecoveryCode(code string) string { return HashToken(NormaliseRecoveryCode(code)) }

// NewTemporaryPassword is what an administrator's reset gives: random,
// long enough for the password rule, and usable once only to choose a
// new password.
func NewTemporaryPassword() string { return randomCode(4, 4) }
