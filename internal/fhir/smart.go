package fhir

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
)

// SMART on FHIR Backend Services: a system client proves who it is with
// a JWT it signs with its private key (private_key_jwt), RS384 or ES384,
// and gets a short-lived access token for the scopes it was registered
// with.

// AssertionType is the only client_assertion_type accepted.
const AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// MaxAssertionLife is how far ahead an assertion's exp may be.
const MaxAssertionLife = 5 * time.Minute

// TokenLife is how long an access token lasts.
const TokenLife = 5 * time.Minute

// Assertion is a verified client assertion's claims.
type Assertion struct {
	Issuer, Subject, Audience, JTI string
	Expires                        time.Time
}

type jwtHeader struct {
	Alg string `json:"alg"`
	Typ string `json:"typ"`
	Kid string `json:"kid"`
}

type jwtClaims struct {
	Iss string          `json:"iss"`
	Sub string          `json:"sub"`
	Aud json.RawMessage `json:"aud"`
	Exp json.Number     `json:"exp"`
	JTI string          `json:"jti"`
}

// ErrAssertion is wrapped by every reason an assertion is refused.
var ErrAssertion = errors.New("client assertion refused")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrAssertion, fmt.Sprintf(format, args...))
}

// PeekIssuer reads an assertion's iss without verifying it, to find the
// client whose key will verify it.
func PeekIssuer(token string) (string, error) {
	_, claims, _, _, err := splitJWT(token)
	if err != nil {
		return "", err
	}
	return claims.Iss, nil
}

func splitJWT(token string) (jwtHeader, jwtClaims, []byte, []byte, error) {
	var h jwtHeader
	var c jwtClaims
	if len(token) > 8192 {
		return h, c, nil, nil, refuse("the assertion is too long")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return h, c, nil, nil, refuse("the assertion is not a signed JWT (three dot-separated parts)")
	}
	hb, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	cb, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return h, c, nil, nil, refuse("the assertion is not base64url")
	}
	if json.Unmarshal(hb, &h) != nil {
		return h, c, nil, nil, refuse("the assertion's header is not JSON")
	}
	d := json.NewDecoder(strings.NewReader(string(cb)))
	d.UseNumber()
	if d.Decode(&c) != nil {
		return h, c, nil, nil, refuse("the assertion's claims are not JSON")
	}
	return h, c, []byte(parts[0] + "." + parts[1]), sig, nil
}

// VerifyAssertion checks a client assertion: signed RS384 or ES384 by
// key, iss = sub = clientID, aud = tokenURL, exp in the future and at
// most MaxAssertionLife ahead, and a jti. Replay (a jti seen before) is
// the caller's check, against the store.
func VerifyAssertion(token string, key crypto.PublicKey, clientID, tokenURL string, now time.Time) (Assertion, error) {
	h, c, signed, sig, err := splitJWT(token)
	if err != nil {
		return Assertion{}, err
	}
	digest := sha512.Sum384(signed)
	switch h.Alg {
	case "RS384":
		k, ok := key.(*rsa.PublicKey)
		if !ok || rsa.VerifyPKCS1v15(k, crypto.SHA384, digest[:], sig) != nil {
			return Assertion{}, refuse("the signature does not match the client's registered key")
		}
	case "ES384":
		k, ok := key.(*ecdsa.PublicKey)
		if !ok || len(sig) != 96 {
			return Assertion{}, refuse("the signature does not match the client's registered key")
		}
		r, s := new(big.Int).SetBytes(sig[:48]), new(big.Int).SetBytes(sig[48:])
		if !ecdsa.Verify(k, digest[:], r, s) {
			return Assertion{}, refuse("the signature does not match the client's registered key")
		}
	default:
		return Assertion{}, refuse("alg %q is not accepted; sign with RS384 or ES384", h.Alg)
	}
	if c.Iss != clientID || c.Sub != clientID {
		return Assertion{}, refuse("iss and sub must both be the client_id")
	}
	if !audienceIs(c.Aud, tokenURL) {
		return Assertion{}, refuse("aud must be the token endpoint, %s", tokenURL)
	}
	exp, err := c.Exp.Int64()
	if err != nil {
		return Assertion{}, refuse("exp must be a number of seconds")
	}
	expires := time.Unix(exp, 0)
	if !expires.After(now) {
		return Assertion{}, refuse("the assertion has expired")
	}
	if expires.After(now.Add(MaxAssertionLife)) {
		return Assertion{}, refuse("exp must be no more than five minutes ahead")
	}
	if c.JTI == "" || len(c.JTI) > 255 {
		return Assertion{}, refuse("jti is required (at most 255 characters)")
	}
	return Assertion{Issuer: c.Iss, Subject: c.Sub, Audience: tokenURL, JTI: c.JTI, Expires: expires}, nil
}

func audienceIs(raw json.RawMessage, want string) bool {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one == want
	}
	var many []string
	return json.Unmarshal(raw, &many) == nil && slices.Contains(many, want)
}

// ParsePublicKey reads a client's public key as PEM (SubjectPublicKeyInfo)
// or as a JWK (RSA, or EC on P-384), or a JWK Set holding one key.
func ParsePublicKey(text string) (crypto.PublicKey, error) {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "-----BEGIN") {
		block, _ := pem.Decode([]byte(text))
		if block == nil {
			return nil, errors.New("the PEM key could not be read")
		}
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("the PEM key could not be read: %w", err)
		}
		return checkKey(k)
	}
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if json.Unmarshal([]byte(text), &set) == nil && len(set.Keys) > 0 {
		if len(set.Keys) > 1 {
			return nil, errors.New("give one key, not a set of several")
		}
		text = string(set.Keys[0])
	}
	var jwk struct {
		Kty, Crv, N, E, X, Y string
	}
	if err := json.Unmarshal([]byte(text), &jwk); err != nil {
		return nil, errors.New("the key is neither PEM nor JSON (JWK)")
	}
	b := func(s string) (*big.Int, error) {
		raw, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(raw) == 0 {
			return nil, errors.New("a JWK number is not base64url")
		}
		return new(big.Int).SetBytes(raw), nil
	}
	switch jwk.Kty {
	case "RSA":
		n, err := b(jwk.N)
		if err != nil {
			return nil, err
		}
		e, err := b(jwk.E)
		if err != nil || !e.IsInt64() || e.Int64() > 1<<31 {
			return nil, errors.New("the JWK exponent is not valid")
		}
		return checkKey(&rsa.PublicKey{N: n, E: int(e.Int64())})
	case "EC":
		if jwk.Crv != "P-384" {
			return nil, errors.New("EC keys must be on P-384 (ES384)")
		}
		x, err := b(jwk.X)
		if err != nil {
			return nil, err
		}
		y, err := b(jwk.Y)
		if err != nil {
			return nil, err
		}
		k := &ecdsa.PublicKey{Curve: elliptic.P384(), X: x, Y: y}
		return checkKey(k)
	}
	return nil, fmt.Errorf("key type %q is not accepted; use RSA or EC P-384", jwk.Kty)
}

func checkKey(k any) (crypto.PublicKey, error) {
	switch k := k.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return nil, errors.New("RSA keys must be at least 2048 bits")
		}
		return k, nil
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P384() {
			return nil, errors.New("EC keys must be on P-384 (ES384)")
		}
		//lint:ignore SA1019 the point must be checked and ECDH conversion needs crypto/ecdh; IsOnCurve is still correct for validation
		if !k.Curve.IsOnCurve(k.X, k.Y) {
			return nil, errors.New("the EC key's point is not on P-384")
		}
		return k, nil
	}
	return nil, errors.New("only RSA and EC P-384 keys are accepted")
}

// Scopes are a system client's granted scopes.
type Scopes []string

// ParseScopes reads space-separated SMART v1/v2 system scopes, refusing
// anything but system/<Type|*>.<rs|read>: this server only reads.
func ParseScopes(s string) (Scopes, error) {
	var out Scopes
	for _, sc := range strings.Fields(s) {
		typ, perm, ok := strings.Cut(strings.TrimPrefix(sc, "system/"), ".")
		if !strings.HasPrefix(sc, "system/") || !ok || typ == "" || (perm != "rs" && perm != "read" && perm != "r" && perm != "s") {
			return nil, fmt.Errorf("scope %q is not a system read scope (system/Patient.rs, system/*.rs, system/Observation.read)", sc)
		}
		out = append(out, sc)
	}
	if len(out) == 0 {
		return nil, errors.New("give at least one scope")
	}
	return out, nil
}

// Allows reports whether the scopes permit reading (search too when
// search is set) resources of typ.
func (s Scopes) Allows(typ string, search bool) bool {
	for _, sc := range s {
		t, perm, _ := strings.Cut(strings.TrimPrefix(sc, "system/"), ".")
		if t != typ && t != "*" {
			continue
		}
		if perm == "read" || perm == "rs" || (perm == "r" && !search) || (perm == "s" && search) {
			return true
		}
	}
	return false
}

// Narrow is the requested scopes that granted allows, or all granted when
// none are requested.
func (s Scopes) Narrow(requested string) (Scopes, error) {
	if strings.TrimSpace(requested) == "" {
		return s, nil
	}
	want, err := ParseScopes(requested)
	if err != nil {
		return nil, err
	}
	for _, w := range want {
		t, perm, _ := strings.Cut(strings.TrimPrefix(w, "system/"), ".")
		if (perm == "r" || perm == "rs" || perm == "read") && !s.Allows(t, false) || (perm == "s" || perm == "rs" || perm == "read") && !s.Allows(t, true) {
			return nil, fmt.Errorf("scope %q was not granted to this client", w)
		}
	}
	return want, nil
}
