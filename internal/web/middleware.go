package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
	actorKey
	expiredKey
)

const sessionCookie = "tl_session"

// touchEvery is how stale a session's last-seen time may get before a
// request writes it again.
const touchEvery = time.Minute

// currentUser is the signed-in user, or nil.
func currentUser(r *http.Request) *auth.User {
	u, _ := r.Context().Value(userKey).(*auth.User)
	return u
}

func currentSession(r *http.Request) *auth.Session {
	s, _ := r.Context().Value(sessionKey).(*auth.Session)
	return s
}

// actor is who is acting on this request and under which relationship; the
// guard sets the relationship for person-record routes.
func actor(r *http.Request) auth.Actor {
	if a, ok := r.Context().Value(actorKey).(auth.Actor); ok {
		return a
	}
	if u := currentUser(r); u != nil {
		return auth.Actor{User: *u}
	}
	return auth.Actor{}
}

// securityHeaders sets headers on every response. The CSP allows no inline
// script or style: all behaviour lives in /static files.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "+
			"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a logged 500 page with no details shown.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(v))
				s.renderError(w, r, http.StatusInternalServerError, "Something went wrong on our side. The problem has been logged; please try again.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses cross-site state-changing requests using the browser's
// Sec-Fetch-Site and Origin headers, before any token is even looked at.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "This form was sent from another site, so it has been refused.")
	}))
	return cop.Handler(next)
}

// limitBody bounds every request body so a huge upload cannot exhaust memory.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBodyBytes {
			s.renderError(w, r, http.StatusRequestEntityTooLarge, "What you sent is too large. Shorten it and try again.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// loadSession attaches the signed-in user, ending sessions past their
// limits. The guard calls it once the route is known, so that on a page
// of a person's record the guard's read can go with the session's
// (readSession).
func (s *Server) loadSession(w http.ResponseWriter, r *http.Request, policy auth.Policy) *http.Request {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 || strings.HasPrefix(r.URL.Path, "/static/") {
		return r
	}
	ctx := r.Context()
	hash := auth.HashToken(c.Value)
	sess, u, guarded, err := s.readSession(r, hash, policy)
	if err != nil {
		if problem.Code(err) != problem.Unauthorized {
			s.log.Error("load session", "err", err)
		}
		s.clearSessionCookie(w)
		return r.WithContext(context.WithValue(ctx, expiredKey, true))
	}
	now := s.db.Now()
	if sess.Expired(now, s.cfg.Sessions) {
		s.db.DeleteSession(ctx, hash)
		s.clearSessionCookie(w)
		return r.WithContext(context.WithValue(ctx, expiredKey, true))
	}
	if u.Disabled {
		s.db.DeleteSession(ctx, hash)
		s.clearSessionCookie(w)
		return r
	}
	// Activity is recorded at most once a minute, so a busy reader does
	// not take the single writer on every request; the idle limit is
	// measured in tens of minutes, so it loses nothing that matters.
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.db.TouchSession(ctx, hash, now); err != nil {
			s.log.Error("touch session", "err", err)
		}
	}
	ctx = context.WithValue(ctx, sessionKey, &sess)
	ctx = context.WithValue(ctx, userKey, &u)
	if guarded != nil {
		ctx = context.WithValue(ctx, guardReadKey{}, *guarded)
	}
	return r.WithContext(ctx)
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// guard enforces a route's policy: sign-in, role, CSRF token, and for a
// person's record a relationship or break-glass grant. It renders whatever
// error the policy check or the handler returns, once.
func (s *Server) guard(rt route) http.Handler {
	if !rt.policy.Declared() {
		panic("route " + rt.pattern + " has no access policy")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.loadSession(w, r, rt.policy)
		if rt.policy.Public {
			if err := s.serveRoute(rt.policy, rt.handle, w, r); err != nil {
				s.renderProblem(w, r, err)
			}
			return
		}
		g, r := s.newAuditGate(w, r)
		if rt.policy.PersonRecord && r.Method == http.MethodGet && !s.unauditedReads.Load() {
			g.expected = s.db.ExpectAudit()
		}
		defer g.close()
		if err := s.serveRoute(rt.policy, rt.handle, g, r); err != nil {
			s.renderProblem(g, r, err)
		}
	})
}

func (s *Server) serveRoute(policy auth.Policy, handle handlerFunc, w http.ResponseWriter, r *http.Request) error {
	if policy.Public {
		return handle(w, r)
	}
	// fhir: a SMART system client's bearer token stands in for a session on FHIR routes.
	if isFHIR(r) && bearerToken(r) != "" {
		return s.serveFHIRClient(handle, w, r)
	}
	u := currentUser(r)
	if u == nil {
		if r.Method == http.MethodGet && !isAPI(r) {
			q := url.Values{"next": {r.URL.RequestURI()}}
			if r.Context().Value(expiredKey) != nil {
				q.Set("expired", "1")
			}
			return seeOther("/login?" + q.Encode())
		}
		return problem.Errorf(problem.Unauthorized, "Please sign in to continue. If you were signed in, your session may have ended.")
	}
	// accounts: an account that must change its password or enrol in
	// two-factor sign-in reaches only those pages (and sign-out).
	if err := s.accountGate(r, u); err != nil {
		return err
	}
	if !policy.Allows(u.Role) {
		return problem.Errorf(problem.Forbidden, "Your role (%s) does not give access to this page.", u.Role.Label())
	}
	// carers: only while the person's consent stands (carer_gate.go).
	r, err := s.carerGate(r, *u, policy)
	if err != nil {
		return err
	}
	if unsafeMethod(r.Method) {
		if err := parseForm(r); err != nil {
			return err
		}
		if !s.validCSRF(r) {
			return problem.Errorf(problem.Forbidden, "This form has expired or did not come from Throughline. Go back, reload the page and try again.")
		}
	}
	if policy.PersonRecord {
		a, p, crisis, err := s.personActor(r, *u)
		if err != nil {
			return err
		}
		r = r.WithContext(context.WithValue(r.Context(), actorKey, a))
		r = s.withBanner(r, p, crisis)
	}
	return handle(w, r)
}

func (s *Server) validCSRF(r *http.Request) bool {
	sess := currentSession(r)
	if sess == nil {
		return false
	}
	token := r.Header.Get("X-CSRF-Token")
	if token == "" {
		token = r.PostFormValue("csrf_token")
	}
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRFToken)) == 1
}

// personActor decides the relationship with the person in the {id} path
// segment. With none, staff who may break glass are sent to that form;
// everyone else is refused.
// It returns the person too, for the identity banner.
func (s *Server) personActor(r *http.Request, u auth.User) (auth.Actor, care.Person, care.CrisisPlanState, error) {
	id, err := pathID(r)
	if err != nil {
		return auth.Actor{}, care.Person{}, care.CrisisPlanState{}, err
	}
	p, links, crisis, err := s.recordGuard(r, u, id)
	if err != nil {
		return auth.Actor{}, p, crisis, err
	}
	rel := auth.PersonAccess(u, links)
	if rel == auth.RelNone {
		if auth.CanBreakGlass(u) && r.Method == http.MethodGet && !isAPI(r) {
			return auth.Actor{}, p, crisis, seeOther(fmt.Sprintf("/people/%d/break-glass?next=%s", id, url.QueryEscape(r.URL.RequestURI())))
		}
		return auth.Actor{}, p, crisis, problem.Errorf(problem.Forbidden, "You do not have a care relationship with this person, so their record is not available to you.")
	}
	return auth.Actor{User: u, Relationship: rel}, p, crisis, nil
}

// pathID reads the {id} path segment as a positive integer.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, problem.Errorf(problem.NotFound, "That address does not name a record. Check the link and try again.")
	}
	return id, nil
}

// statusFor maps a problem code to an HTTP status, in one place.
func statusFor(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	switch problem.Code(err) {
	case problem.Invalid:
		return http.StatusUnprocessableEntity
	case problem.NotFound:
		return http.StatusNotFound
	case problem.Conflict:
		return http.StatusConflict
	case problem.Forbidden:
		return http.StatusForbidden
	case problem.Unauthorized:
		return http.StatusUnauthorized
	case problem.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}
