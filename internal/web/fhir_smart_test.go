package web

import (
	"bufio"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/fhir/fhirtest"
	"throughline/internal/store"
)

type testClient struct {
	id     string
	ec     *ecdsa.PrivateKey
	rsa    *rsa.PrivateKey
	scopes string
}

// registerClient registers a system client with a fresh P-384 key (PEM),
// or an RSA key given as a JWK when useRSA is set.
func registerClient(t *testing.T, f *fixture, id, scopes string, useRSA bool) testClient {
	t.Helper()
	c, public := newClientKey(t, id, scopes, useRSA)
	cl := store.FHIRClient{ClientID: id, Name: "Test " + id, PublicKey: public, Scopes: scopes}
	if err := f.db.CreateFHIRClient(context.Background(), auth.System, &cl); err != nil {
		t.Fatal(err)
	}
	return c
}

// newClientKey makes a client's fresh key pair: P-384 with its public key
// as PEM, or RSA with its public key as a JWK when useRSA is set.
func newClientKey(t *testing.T, id, scopes string, useRSA bool) (testClient, string) {
	t.Helper()
	c := testClient{id: id, scopes: scopes}
	var public string
	if useRSA {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		c.rsa = k
		b64 := base64.RawURLEncoding.EncodeToString
		public = fmt.Sprintf(`{"kty":"RSA","n":"%s","e":"%s"}`, b64(k.N.Bytes()), b64(big.NewInt(int64(k.E)).Bytes()))
	} else {
		k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		c.ec = k
		der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		public = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	}
	return c, public
}

// assertion signs claims with the client's key (or with signer, if given).
func (c testClient) assertion(t *testing.T, claims map[string]any, signer *ecdsa.PrivateKey) string {
	t.Helper()
	alg := "ES384"
	if c.rsa != nil && signer == nil {
		alg = "RS384"
	}
	b64 := base64.RawURLEncoding.EncodeToString
	h, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT"})
	body, _ := json.Marshal(claims)
	signed := b64(h) + "." + b64(body)
	digest := sha512.Sum384([]byte(signed))
	var sig []byte
	if alg == "RS384" {
		s, err := rsa.SignPKCS1v15(rand.Reader, c.rsa, crypto.SHA384, digest[:])
		if err != nil {
			t.Fatal(err)
		}
		sig = s
	} else {
		k := c.ec
		if signer != nil {
			k = signer
		}
		r, s, err := ecdsa.Sign(rand.Reader, k, digest[:])
		if err != nil {
			t.Fatal(err)
		}
		sig = make([]byte, 96)
		r.FillBytes(sig[:48])
		s.FillBytes(sig[48:])
	}
	return signed + "." + b64(sig)
}

func (c testClient) claims(f *fixture) map[string]any {
	return map[string]any{"iss": c.id, "sub": c.id, "aud": f.ts.URL + fhirBase + "/token", "exp": time.Now().Add(4 * time.Minute).Unix(), "jti": auth.NewToken()}
}

func requestToken(t *testing.T, f *fixture, assertion, scope string) (int, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {assertion}}
	if scope != "" {
		form.Set("scope", scope)
	}
	res, body := f.do(t, "POST", fhirBase+"/token", "", form)
	var out map[string]any
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("token answer is not JSON: %s", body)
	}
	return res.StatusCode, out
}

func (c testClient) token(t *testing.T, f *fixture) string {
	t.Helper()
	status, out := requestToken(t, f, c.assertion(t, c.claims(f), nil), "")
	if status != 200 {
		t.Fatalf("token for %s: %d %v", c.id, status, out)
	}
	return out["access_token"].(string)
}

func bearerGet(t *testing.T, f *fixture, method, path, token string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return send(t, req)
}

// TestFHIRSystemClientAssertions: a registered client gets a five-minute
// token for a valid private_key_jwt assertion (ES384 with a PEM key,
// RS384 with a JWK) and nothing for a wrong key, an expired or too-long
// assertion, a replayed jti, a wrong audience, iss differing from sub, an
// unsigned alg, or scopes beyond its grant.
func TestFHIRSystemClientAssertions(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ec := registerClient(t, f, "trust-epr", "system/*.rs", false)
		rs := registerClient(t, f, "analytics", "system/Patient.rs", true)
		other, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		status, out := requestToken(t, f, ec.assertion(t, ec.claims(f), nil), "")
		if status != 200 || out["token_type"] != "bearer" || out["expires_in"] != float64(300) || out["scope"] != "system/*.rs" {
			t.Fatalf("valid ES384 assertion: %d %v", status, out)
		}
		if status, out := requestToken(t, f, rs.assertion(t, rs.claims(f), nil), ""); status != 200 {
			t.Fatalf("valid RS384 assertion: %d %v", status, out)
		}
		replayed := ec.claims(f)
		with := func(k string, v any) map[string]any {
			c := ec.claims(f)
			c[k] = v
			return c
		}
		if status, _ := requestToken(t, f, ec.assertion(t, replayed, nil), ""); status != 200 {
			t.Fatal("first use of a jti refused")
		}
		for _, c := range []struct {
			name      string
			assertion string
			scope     string
			want, why string
		}{
			{"wrong key", ec.assertion(t, ec.claims(f), other), "", "invalid_client", "signature"},
			{"expired", ec.assertion(t, with("exp", time.Now().Add(-time.Minute).Unix()), nil), "", "invalid_client", "expired"},
			{"exp too far ahead", ec.assertion(t, with("exp", time.Now().Add(time.Hour).Unix()), nil), "", "invalid_client", "five minutes"},
			{"replayed jti", ec.assertion(t, replayed, nil), "", "invalid_client", "jti"},
			{"wrong aud", ec.assertion(t, with("aud", "https://elsewhere.example/token"), nil), "", "invalid_client", "aud"},
			{"sub is not the client", ec.assertion(t, with("sub", "someone"), nil), "", "invalid_client", "sub"},
			{"unknown client", ec.assertion(t, with("iss", "nobody"), nil), "", "invalid_client", "client_id"},
			{"alg none", strings.Join(append([]string{base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`))}, strings.Split(ec.assertion(t, ec.claims(f), nil), ".")[1:]...), "."), "", "invalid_client", "alg"},
			{"not a JWT", "not.a.jwt", "", "invalid_client", "base64"},
			{"scope beyond the grant", rs.assertion(t, rs.claims(f), nil), "system/Observation.rs", "invalid_scope", "not granted"},
		} {
			status, out := requestToken(t, f, c.assertion, c.scope)
			if desc, _ := out["error_description"].(string); status == 200 || out["error"] != c.want || !strings.Contains(desc, c.why) {
				t.Errorf("%s: %d %v, want error %s saying %q", c.name, status, out, c.want, c.why)
			}
		}
	})
}

// TestFHIRSystemClientAccess: a token reads across people within its
// scopes, is refused outside them and once expired, and every read is
// audited under the client's name.
func TestFHIRSystemClientAccess(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		recordFHIRMeasures(t, f)
		ec := registerClient(t, f, "trust-epr", "system/*.rs", false)
		narrow := registerClient(t, f, "analytics", "system/Patient.rs", false)
		tok, ntok := ec.token(t, f), narrow.token(t, f)
		res, body := bearerGet(t, f, "GET", fhirBase+"/Patient?_count=10", tok, nil)
		fhirtest.Check(t, []byte(body))
		var b fhirBundle
		json.Unmarshal([]byte(body), &b)
		if res.StatusCode != 200 || b.Total != 2 {
			t.Fatalf("system client Patient search: %d total %d, want every person (2)", res.StatusCode, b.Total)
		}
		if res, body := bearerGet(t, f, "GET", fmt.Sprintf("%s/Observation?patient=%d", fhirBase, f.stranger.ID), tok, nil); res.StatusCode != 200 {
			t.Errorf("system client reads anyone's observations: %d %s", res.StatusCode, body)
		}
		if res, body := bearerGet(t, f, "GET", fmt.Sprintf("%s/Observation?patient=%d", fhirBase, f.person.ID), ntok, nil); res.StatusCode != 403 {
			t.Errorf("Patient-only client read Observation: %d %s", res.StatusCode, body)
		}
		if res, _ := bearerGet(t, f, "GET", fmt.Sprintf("%s/Patient/%d", fhirBase, f.person.ID), ntok, nil); res.StatusCode != 200 {
			t.Errorf("Patient-only client read a Patient: %d", res.StatusCode)
		}
		if res, body := bearerGet(t, f, "GET", fhirBase+"/Patient", "made-up-token", nil); res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("unknown token: %d %s", res.StatusCode, body)
		}
		evs, err := f.db.AuditEvents(context.Background(), store.AuditFilter{PersonID: f.person.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			found = found || strings.HasPrefix(e.Username, "fhir-client:trust-epr")
		}
		if !found {
			t.Error("no audit event under the client's name")
		}
		f.db.Now = func() time.Time { return time.Now().Add(6 * time.Minute) }
		if res, _ := bearerGet(t, f, "GET", fhirBase+"/Patient", tok, nil); res.StatusCode != 401 {
			t.Errorf("token after five minutes: %d, want 401", res.StatusCode)
		}
	})
}

// TestFHIRBulkExportEndToEnd: kick-off, polling, a worker claiming the
// job once, the manifest, the ndjson files (valid FHIR), Group export to
// one team, _type and _since, cancelling, and refusals for sessions,
// another client and missing scopes.
func TestFHIRBulkExportEndToEnd(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		recordFHIRMeasures(t, f)
		ec := registerClient(t, f, "trust-epr", "system/*.rs", false)
		other := registerClient(t, f, "other", "system/*.rs", false)
		narrow := registerClient(t, f, "analytics", "system/Patient.rs", false)
		tok := ec.token(t, f)
		async := map[string]string{"Prefer": "respond-async", "Accept": "application/fhir+json"}

		if res, _ := bearerGet(t, f, "GET", fhirBase+"/$export", tok, nil); res.StatusCode != 400 {
			t.Errorf("kick-off without Prefer: %d, want 400", res.StatusCode)
		}
		if res, _ := bearerGet(t, f, "GET", fhirBase+"/$export", narrow.token(t, f), async); res.StatusCode != 403 {
			t.Errorf("kick-off beyond the client's scopes: %d, want 403", res.StatusCode)
		}
		session, _ := f.session(t, f.users[auth.SystemAdmin])
		if res, _ := f.do(t, "GET", fhirBase+"/$export", session, nil); res.StatusCode != 403 {
			t.Errorf("kick-off by a signed-in administrator: %d, want 403", res.StatusCode)
		}

		kick := func(path string) string {
			t.Helper()
			res, body := bearerGet(t, f, "GET", fhirBase+path, tok, async)
			loc := res.Header.Get("Content-Location")
			if res.StatusCode != 202 || loc == "" {
				t.Fatalf("kick-off %s: %d %s", path, res.StatusCode, body)
			}
			return strings.TrimPrefix(loc, f.ts.URL)
		}
		status := kick("/$export")
		res, _ := bearerGet(t, f, "GET", status, tok, nil)
		if res.StatusCode != 202 || res.Header.Get("X-Progress") == "" {
			t.Fatalf("status before the worker ran: %d (X-Progress %q)", res.StatusCode, res.Header.Get("X-Progress"))
		}
		if res, _ := bearerGet(t, f, "GET", status, other.token(t, f), nil); res.StatusCode != 404 {
			t.Errorf("another client polled the job: %d, want 404", res.StatusCode)
		}
		if ran, err := f.srv.RunOneFHIRExport(ctx, "test-a"); err != nil || !ran {
			t.Fatalf("worker: ran %v, %v", ran, err)
		}
		if ran, err := f.srv.RunOneFHIRExport(ctx, "test-b"); err != nil || ran {
			t.Fatalf("a second worker ran the claimed job again: %v, %v", ran, err)
		}
		manifest := func(status string) map[string]int {
			t.Helper()
			res, body := bearerGet(t, f, "GET", status, tok, nil)
			var m struct {
				TransactionTime     string
				Request             string
				RequiresAccessToken bool
				Output              []struct{ Type, URL string }
				Error               []any
			}
			if err := json.Unmarshal([]byte(body), &m); res.StatusCode != 200 || err != nil || !m.RequiresAccessToken || m.TransactionTime == "" || m.Error == nil || !strings.Contains(m.Request, "$export") {
				t.Fatalf("manifest: %d %s", res.StatusCode, body)
			}
			counts := map[string]int{}
			for _, o := range m.Output {
				if res, _ := bearerGet(t, f, "GET", strings.TrimPrefix(o.URL, f.ts.URL), "", nil); res.StatusCode != 401 {
					t.Errorf("file without a token: %d", res.StatusCode)
				}
				res, body := bearerGet(t, f, "GET", strings.TrimPrefix(o.URL, f.ts.URL), tok, nil)
				if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/fhir+ndjson" {
					t.Fatalf("file %s: %d %s", o.URL, res.StatusCode, res.Header.Get("Content-Type"))
				}
				sc := bufio.NewScanner(strings.NewReader(body))
				sc.Buffer(make([]byte, 1<<20), 1<<24)
				for sc.Scan() {
					fhirtest.Check(t, sc.Bytes())
					counts[o.Type]++
				}
			}
			return counts
		}
		all := manifest(status)
		if all["Patient"] != 2 || all["Observation"] != 4 || all["QuestionnaireResponse"] != 4 || all["Questionnaire"] == 0 {
			t.Errorf("whole export counts: %v", all)
		}

		team := kick(fmt.Sprintf("/Group/%d/$export?_type=Patient,Observation", f.users[auth.Clinician].TeamIDs[0]))
		future := kick("/$export?_type=Observation&_since=" + url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339)))
		for range 2 {
			if _, err := f.srv.RunOneFHIRExport(ctx, "test-a"); err != nil {
				t.Fatal(err)
			}
		}
		if got := manifest(team); got["Patient"] != 1 || got["Observation"] != 4 || len(got) != 2 {
			t.Errorf("team export counts: %v, want the team's one person", got)
		}
		if got := manifest(future); len(got) != 0 {
			t.Errorf("_since in the future exported %v", got)
		}
		if res, _ := bearerGet(t, f, "GET", fhirBase+"/Group/999999/$export", tok, async); res.StatusCode != 404 {
			t.Errorf("unknown group: %d", res.StatusCode)
		}
		if res, _ := bearerGet(t, f, "GET", fhirBase+"/$export?_type=Flag", tok, async); res.StatusCode != 400 {
			t.Errorf("unknown _type: %d", res.StatusCode)
		}

		if res, _ := bearerGet(t, f, "DELETE", status, tok, nil); res.StatusCode != 202 {
			t.Fatalf("cancel: %d", res.StatusCode)
		}
		if res, _ := bearerGet(t, f, "GET", status, tok, nil); res.StatusCode != 404 {
			t.Errorf("status after cancel: %d, want 404", res.StatusCode)
		}
	})
}
