package auth

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"
)

// rfc6238Key is the SHA-1 seed of RFC 6238 Appendix B.
var rfc6238Key = []byte("12345678901234567890")

func TestHOTPRFC6238Vectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		unix int64
		want string // 8 digits, as printed in the RFC
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	}
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(rfc6238Key)
	for _, tt := range tests {
		at := time.Unix(tt.unix, 0)
		if got := hotp(rfc6238Key, uint64(TOTPStep(at)), 8); got != tt.want {
			t.Errorf("8-digit code at %d = %s, want %s", tt.unix, got, tt.want)
		}
		got, err := TOTPCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		if want := tt.want[2:]; got != want {
			t.Errorf("6-digit code at %d = %s, want %s", tt.unix, got, want)
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	t.Parallel()
	secret := NewTOTPSecret()
	now := time.Unix(1_800_000_000, 0)
	step := TOTPStep(now)
	code := func(at time.Time) string {
		c, err := TOTPCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		lastUsed int64
		wantOK   bool
		wantStep int64
	}{
		{"now", code(now), 0, true, step},
		{"with a space", code(now)[:3] + " " + code(now)[3:], 0, true, step},
		{"one step early", code(now.Add(-TOTPPeriod)), 0, true, step - 1},
		{"one step late", code(now.Add(TOTPPeriod)), 0, true, step + 1},
		{"two steps old", code(now.Add(-2 * TOTPPeriod)), 0, false, 0},
		{"replayed", code(now), step, false, 0},
		{"older than the last used", code(now.Add(-TOTPPeriod)), step, false, 0},
		{"too short", "12345", 0, false, 0},
		{"not digits", "abcdef", 0, false, 0},
		{"empty", "", 0, false, 0},
	}
	for _, tt := range tests {
		gotStep, gotOK := VerifyTOTP(secret, tt.code, now, tt.lastUsed)
		if gotOK != tt.wantOK || gotStep != tt.wantStep {
			t.Errorf("%s: got (%d, %v), want (%d, %v)", tt.name, gotStep, gotOK, tt.wantStep, tt.wantOK)
		}
	}
	if _, ok := VerifyTOTP("not base32!", "123456", now, 0); ok {
		t.Error("a malformed secret must never verify")
	}
}

func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	codes := NewRecoveryCodes()
	if got, want := len(codes), RecoveryCodeCount; got != want {
		t.Fatalf("got %d codes, want %d", got, want)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 19 || strings.Count(c, "-") != 3 {
			t.Errorf("code %q is not four groups of four", c)
		}
		n := NormaliseRecoveryCode(c)
		if seen[n] {
			t.Errorf("code %q repeated", c)
		}
		seen[n] = true
		if got := NormaliseRecoveryCode(" " + strings.ToUpper(strings.ReplaceAll(c, "-", " ")) + " "); got != n {
			t.Errorf("typed %q normalises to %q, want %q", c, got, n)
		}
		if HashRecoveryCode(strings.ToUpper(c)) != HashRecoveryCode(c) {
			t.Errorf("hash of %q depends on case", c)
		}
	}
}

func TestTemporaryPasswordMeetsRule(t *testing.T) {
	t.Parallel()
	a, b := NewTemporaryPassword(), NewTemporaryPassword()
	if a == b {
		t.Errorf("two temporary passwords are the same: %s", a)
	}
	if err := ValidatePassword(a); err != nil {
		t.Errorf("temporary password %q fails the password rule: %v", a, err)
	}
}

func TestTOTPURI(t *testing.T) {
	t.Parallel()
	got := TOTPURI("Throughline", "sam.lee", "ABC")
	want := "otpauth://totp/Throughline:sam.lee?algorithm=SHA1&digits=6&issuer=Throughline&period=30&secret=ABC"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func FuzzVerifyTOTP(f *testing.F) {
	f.Add("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "287082", int64(59))
	f.Add("not base32", "", int64(0))
	f.Fuzz(func(t *testing.T, secret, code string, unix int64) {
		step, ok := VerifyTOTP(secret, code, time.Unix(unix%1e11, 0), 0)
		if ok && step <= 0 {
			t.Errorf("verified at step %d", step)
		}
	})
}
