package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Session is a signed-in browser. The store keeps only the token's hash, so
// a copy of the database cannot be used to sign in.
type Session struct {
	TokenHash  string
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	UserAgent  string
	// TwoFactorRequired is the service's "staff who see records must use
	// two-factor sign-in" setting, read with the session so the account
	// gate costs no statement of its own and a change applies at once.
	TwoFactorRequired bool
}

// SessionLimits are the idle and absolute session lifetimes.
type SessionLimits struct {
	Idle     time.Duration
	Absolute time.Duration
}

// DefaultSessionLimits suit shared clinical workstations.
var DefaultSessionLimits = SessionLimits{Idle: 30 * time.Minute, Absolute: 12 * time.Hour}

// Expired reports whether the session has passed either limit at now.
func (s Session) Expired(now time.Time, l SessionLimits) bool {
	return now.Sub(s.LastSeenAt) > l.Idle || now.Sub(s.CreatedAt) > l.Absolute
}

// NewToken returns 32 random bytes, URL-safe encoded.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the OS is broken; nothing safe to do
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the store keeps for a session token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
