package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFHIRClientAdd: a client is registered with a PEM key and scopes; a
// bad key, bad scopes or a second client with the same id are refused.
func TestFHIRClientAdd(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "t.db")
	if out, err := run(t, "", nil, "migrate", "--db", dsn); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	good, bad := filepath.Join(dir, "good.pem"), filepath.Join(dir, "bad.pem")
	os.WriteFile(good, []byte(newPublicKeyPEM(t)), 0o600)
	os.WriteFile(bad, []byte("not a key"), 0o600)
	add := func(id, key, scopes string) (string, error) {
		return run(t, "", nil, "fhir-client", "add", "--db", dsn, "--id", id, "--name", "North Trust EPR", "--key", key, "--scopes", scopes)
	}
	if out, err := add("north-epr", good, "system/*.rs"); err != nil || !strings.Contains(out, "Registered FHIR client north-epr") {
		t.Fatalf("add: %v %s", err, out)
	}
	for _, c := range []struct{ id, key, scopes, want string }{
		{"x", bad, "system/*.rs", "public key"},
		{"y", good, "user/*.rs", "scope"},
		{"north-epr", good, "system/*.rs", "already registered"},
	} {
		if _, err := add(c.id, c.key, c.scopes); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.id, err, c.want)
		}
	}
}

// newPublicKeyPEM is the public half of a fresh P-384 key, as PEM: a key
// a FHIR system client may register.
func newPublicKeyPEM(t *testing.T) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}
