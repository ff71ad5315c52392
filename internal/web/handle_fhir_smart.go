package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/fhir"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// SMART on FHIR Backend Services: a registered system client signs a JWT
// assertion with its private key and exchanges it at the token endpoint
// for a five-minute bearer token; the token then stands in for a session
// on FHIR routes, limited by the client's scopes and audited under the
// client's name.

const fhirClientKey ctxKey = 100

type fhirCaller struct {
	client store.FHIRClient
	scopes fhir.Scopes
}

// fhirClient is the system client calling, or nil for a session.
func fhirClient(r *http.Request) *fhirCaller {
	c, _ := r.Context().Value(fhirClientKey).(*fhirCaller)
	return c
}

func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func tokenURL(r *http.Request) string { return fhirBaseURL(r) + "/token" }

// handleSMARTConfiguration is the discovery document.
func (s *Server) handleSMARTConfiguration(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{
		"token_endpoint":                                   tokenURL(r),
		"grant_types_supported":                            []string{"client_credentials"},
		"token_endpoint_auth_methods_supported":            []string{"private_key_jwt"},
		"token_endpoint_auth_signing_alg_values_supported": []string{"RS384", "ES384"},
		"scopes_supported":                                 []string{"system/*.rs", "system/*.read", "system/Patient.rs", "system/Observation.rs"},
		"capabilities":                                     []string{"client-confidential-asymmetric"},
	})
	return nil
}

// oauthError answers the token endpoint's way (RFC 6749 section 5.2).
func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

// handleFHIRToken exchanges a signed client assertion for an access token.
func (s *Server) handleFHIRToken(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "The request body could not be read as a form.")
		return nil
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Only grant_type=client_credentials is supported.")
		return nil
	}
	if r.PostForm.Get("client_assertion_type") != fhir.AssertionType {
		oauthError(w, http.StatusBadRequest, "invalid_request", "client_assertion_type must be "+fhir.AssertionType)
		return nil
	}
	assertion := r.PostForm.Get("client_assertion")
	iss, err := fhir.PeekIssuer(assertion)
	if err != nil {
		oauthError(w, http.StatusUnauthorized, "invalid_client", err.Error())
		return nil
	}
	c, err := s.db.FHIRClientByID(r.Context(), iss)
	if err != nil {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "No registered, enabled client has that client_id.")
		return nil
	}
	key, err := fhir.ParsePublicKey(c.PublicKey)
	if err != nil {
		return err
	}
	a, err := fhir.VerifyAssertion(assertion, key, c.ClientID, tokenURL(r), s.db.Now())
	if err != nil {
		oauthError(w, http.StatusUnauthorized, "invalid_client", err.Error())
		return nil
	}
	if err := s.db.UseAssertion(r.Context(), c.ClientID, a.JTI, a.Expires); err != nil {
		if problem.Code(err) == problem.Unauthorized {
			oauthError(w, http.StatusUnauthorized, "invalid_client", problem.Message(err))
			return nil
		}
		return err
	}
	granted, err := fhir.ParseScopes(c.Scopes)
	if err != nil {
		return err
	}
	scopes, err := granted.Narrow(r.PostForm.Get("scope"))
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_scope", err.Error())
		return nil
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	if err := s.db.IssueFHIRToken(r.Context(), c, auth.HashToken(token), scopes, s.db.Now().Add(fhir.TokenLife)); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": token, "token_type": "bearer", "expires_in": int(fhir.TokenLife.Seconds()), "scope": strings.Join(scopes, " ")})
	return nil
}

// serveFHIRClient serves a FHIR route to a system client's bearer token:
// the token must be live and its scopes must cover the resource type
// asked for; reads are then audited under the client's name.
func (s *Server) serveFHIRClient(handle handlerFunc, w http.ResponseWriter, r *http.Request) error {
	c, scopes, err := s.db.FHIRToken(r.Context(), auth.HashToken(bearerToken(r)))
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		return err
	}
	rest := strings.TrimPrefix(r.URL.Path, fhirBase+"/")
	typ, more, _ := strings.Cut(rest, "/")
	if !strings.HasPrefix(typ, "$") && typ != "Group" && !scopes.Allows(typ, more == "") {
		return problem.Errorf(problem.Forbidden, "This client's scopes (%s) do not cover %s", strings.Join(scopes, " "), typ)
	}
	ctx := context.WithValue(r.Context(), fhirClientKey, &fhirCaller{client: c, scopes: scopes})
	ctx = context.WithValue(ctx, actorKey, store.FHIRClientActor(c))
	return handle(w, r.WithContext(ctx))
}

// errNotSystemClient refuses bulk export to a signed-in session.
var errNotSystemClient = problem.Errorf(problem.Forbidden, "Bulk export is for registered system clients with an access token (SMART Backend Services), not for signed-in users.")
