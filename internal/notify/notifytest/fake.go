// Package notifytest is a fake GOV.UK Notify for tests: a loopback server
// that checks each request's JWT and body as Notify would, keeps what it
// accepted, and can be told to fail.
package notifytest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// ServiceID and Secret make up Key, the API key the fake accepts.
const (
	ServiceID = "26785a09-ab16-4eb0-8407-a37497a57506"
	Secret    = "3d844edf-8d35-48ac-975b-e847b4f122b0"
	Key       = "throughline_test-" + ServiceID + "-" + Secret
)

// Sent is a notification the fake accepted.
type Sent struct {
	ID              string
	Channel         string // "sms" or "email"
	To              string
	TemplateID      string
	Personalisation map[string]string
	Reference       string
}

// Fake is the server.
type Fake struct {
	*httptest.Server
	mu       sync.Mutex
	sent     []Sent
	failures []int    // statuses to answer the next posts with, in order
	Problems []string // requests refused for a bad token or body
	Now      func() time.Time
}

// New starts a fake Notify on loopback; close it with Close.
func New() *Fake {
	f := &Fake{Now: time.Now}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// FailNext makes the next posts fail with these statuses, one each.
func (f *Fake) FailNext(statuses ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, statuses...)
}

// Accept records a notification as if it had been sent earlier, for
// example by a process that crashed before it could note it.
func (f *Fake) Accept(s Sent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s.ID == "" {
		s.ID = fmt.Sprintf("fake-%d", len(f.sent)+1)
	}
	f.sent = append(f.sent, s)
}

// Sent lists what the fake accepted.
func (f *Fake) Sent() []Sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Sent(nil), f.sent...)
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	if msg := f.checkToken(r.Header.Get("Authorization")); msg != "" {
		f.refuse(w, http.StatusForbidden, "AuthError", msg)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v2/notifications":
		f.list(w, r.URL.Query().Get("reference"))
	case r.Method == http.MethodPost && (r.URL.Path == "/v2/notifications/sms" || r.URL.Path == "/v2/notifications/email"):
		f.post(w, r, strings.TrimPrefix(r.URL.Path, "/v2/notifications/"))
	default:
		f.refuse(w, http.StatusNotFound, "NotFound", "no such path "+r.URL.Path)
	}
}

func (f *Fake) post(w http.ResponseWriter, r *http.Request, channel string) {
	f.mu.Lock()
	if len(f.failures) > 0 {
		status := f.failures[0]
		f.failures = f.failures[1:]
		f.mu.Unlock()
		f.refuse(w, status, "BadRequestError", "told to fail")
		return
	}
	f.mu.Unlock()
	var body struct {
		PhoneNumber     string            `json:"phone_number"`
		EmailAddress    string            `json:"email_address"`
		TemplateID      string            `json:"template_id"`
		Personalisation map[string]string `json:"personalisation"`
		Reference       string            `json:"reference"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		f.refuse(w, http.StatusBadRequest, "ValidationError", "body: "+err.Error())
		return
	}
	to := body.PhoneNumber
	if channel == "email" {
		to = body.EmailAddress
		if body.PhoneNumber != "" {
			f.refuse(w, http.StatusBadRequest, "ValidationError", "phone_number on an email")
			return
		}
	} else if body.EmailAddress != "" {
		f.refuse(w, http.StatusBadRequest, "ValidationError", "email_address on a text")
		return
	}
	switch {
	case to == "":
		f.refuse(w, http.StatusBadRequest, "ValidationError", "recipient is required")
		return
	case body.TemplateID == "":
		f.refuse(w, http.StatusBadRequest, "ValidationError", "template_id is required")
		return
	}
	s := Sent{Channel: channel, To: to, TemplateID: body.TemplateID, Personalisation: body.Personalisation, Reference: body.Reference}
	f.Accept(s)
	sent := f.Sent()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"id":%q,"reference":%q}`, sent[len(sent)-1].ID, body.Reference)
}

func (f *Fake) list(w http.ResponseWriter, reference string) {
	type item struct {
		ID        string `json:"id"`
		Reference string `json:"reference"`
		Status    string `json:"status"`
	}
	out := struct {
		Notifications []item `json:"notifications"`
	}{Notifications: []item{}}
	for _, s := range f.Sent() {
		if reference == "" || s.Reference == reference {
			out.Notifications = append(out.Notifications, item{s.ID, s.Reference, "delivered"})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func (f *Fake) refuse(w http.ResponseWriter, status int, kind, msg string) {
	if status == http.StatusForbidden || kind == "ValidationError" {
		f.mu.Lock()
		f.Problems = append(f.Problems, msg)
		f.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"status_code":%d,"errors":[{"error":%q,"message":%q}]}`, status, kind, msg)
}

// checkToken checks a bearer JWT as Notify does: the header, an HS256
// signature with the secret, the service id as issuer and an issued-at
// time within 30 seconds. It returns what is wrong, or "".
func (f *Fake) checkToken(h string) string {
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return "no bearer token"
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return "token is not a JWT"
	}
	mac := hmac.New(sha256.New, []byte(Secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return "invalid token: signature"
	}
	var header struct{ Typ, Alg string }
	if b, err := base64.RawURLEncoding.DecodeString(parts[0]); err != nil || json.Unmarshal(b, &header) != nil || header.Typ != "JWT" || header.Alg != "HS256" {
		return "invalid token: header"
	}
	var claims struct {
		Iss string `json:"iss"`
		Iat *int64 `json:"iat"`
	}
	if b, err := base64.RawURLEncoding.DecodeString(parts[1]); err != nil || json.Unmarshal(b, &claims) != nil {
		return "invalid token: claims"
	}
	if claims.Iss != ServiceID {
		return "invalid token: iss"
	}
	if claims.Iat == nil {
		return "invalid token: no iat"
	}
	if d := f.Now().Sub(time.Unix(*claims.Iat, 0)); d > 30*time.Second || d < -30*time.Second {
		return "invalid token: iat out of window"
	}
	return ""
}
