package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Key is a Notify API key split into the parts that sign requests.
type Key struct {
	ServiceID string
	Secret    string
}

// ParseKey reads an API key as Notify issues it: "name-serviceid-secret",
// where the service id and the secret are UUIDs (36 characters each) at
// the end, so the name itself may contain dashes.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if len(s) < 74 {
		return Key{}, errors.New("the Notify API key is too short: it should end with the service id and the secret key, two 36-character ids")
	}
	k := Key{ServiceID: s[len(s)-73 : len(s)-37], Secret: s[len(s)-36:]}
	if s[len(s)-37] != '-' || !isUUID(k.ServiceID) || !isUUID(k.Secret) {
		return Key{}, errors.New("the Notify API key is not in Notify's format (name-serviceid-secret)")
	}
	return k, nil
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"HS256"}`))

// Token is the bearer token Notify expects: a JWT signed with HS256 using
// the secret, claiming the service id as issuer and the time it was made
// (Notify refuses tokens more than 30 seconds old, so one is made per
// request).
func (k Key) Token(now time.Time) string {
	// The service id is a checked UUID, so it needs no escaping.
	claims := fmt.Sprintf(`{"iss":%q,"iat":%d}`, k.ServiceID, now.Unix())
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString([]byte(claims))
	mac := hmac.New(sha256.New, []byte(k.Secret))
	mac.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
