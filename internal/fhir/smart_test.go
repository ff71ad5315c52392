package fhir

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"
	"time"
)

func TestParsePublicKey(t *testing.T) {
	ec384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	ec256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	pemOf := func(k any) string {
		der, err := x509.MarshalPKIXPublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	}
	tests := []struct {
		name, key string
		ok        bool
	}{
		{"P-384 PEM", pemOf(&ec384.PublicKey), true},
		{"P-256 PEM", pemOf(&ec256.PublicKey), false},
		{"1024-bit RSA", pemOf(&small.PublicKey), false},
		{"EC JWK off the curve", `{"kty":"EC","crv":"P-384","x":"AQ","y":"AQ"}`, false},
		{"EC JWK on P-256", `{"kty":"EC","crv":"P-256","x":"AQ","y":"AQ"}`, false},
		{"oct JWK", `{"kty":"oct","k":"c2VjcmV0"}`, false},
		{"two keys", `{"keys":[{"kty":"RSA"},{"kty":"RSA"}]}`, false},
		{"not a key", "hello", false},
		{"bad PEM", "-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----", false},
	}
	for _, tt := range tests {
		_, err := ParsePublicKey(tt.key)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestVerifyAssertionRefusesGarbage(t *testing.T) {
	ec384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	for _, tok := range []string{"", "a.b", "a.b.c.d", "e30.e30.", "eyJhbGciOiJFUzM4NCJ9.e30.AAAA"} {
		if _, err := VerifyAssertion(tok, &ec384.PublicKey, "c", "https://x/token", time.Now()); !errors.Is(err, ErrAssertion) {
			t.Errorf("%q: err = %v, want a refusal", tok, err)
		}
	}
}

func FuzzParsePublicKey(f *testing.F) {
	f.Add(`{"kty":"EC","crv":"P-384","x":"AQ","y":"AQ"}`)
	f.Add(`{"kty":"RSA","n":"AQ","e":"AQAB"}`)
	f.Add("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----")
	f.Fuzz(func(t *testing.T, s string) {
		ParsePublicKey(s) // must not panic
	})
}

func FuzzVerifyAssertion(f *testing.F) {
	ec384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	f.Add("eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJjIn0.AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := VerifyAssertion(s, &ec384.PublicKey, "c", "https://x/token", time.Now()); err == nil {
			t.Errorf("%q verified without the private key", s)
		}
		PeekIssuer(s)
	})
}
