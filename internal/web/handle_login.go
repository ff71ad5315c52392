package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// loginCSRFCookie carries a double-submit token for the sign-in form, which
// is used before there is a session to hold one.
const loginCSRFCookie = "tl_login_csrf"

type loginData struct {
	Next    string
	Expired bool
	Token   string
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	q := form.Read(r.URL.Query())
	if currentUser(r) != nil {
		http.Redirect(w, r, safeNext(q.Text("next")), http.StatusSeeOther)
		return nil
	}
	s.renderLogin(w, r, http.StatusOK, loginData{Next: q.Text("next"), Expired: q.Text("expired") == "1"}, nil, "")
	return nil
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData, fe *formErrors, username string) {
	token := auth.NewToken()
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: token, Path: "/login", HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteStrictMode})
	d.Token = token
	d.Next = safeNext(d.Next)
	s.render(w, r, status, "login", view{Title: "Sign in", D: d, Errors: fe, Form: url.Values{"username": {username}}})
}

// remoteAddr is the address a request came from, for throttling and the
// audit trail. Behind a proxy this is the proxy; no forwarded header is
// trusted, since anyone can send one.
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	// The sign-in route is public, so the guard has not read the form.
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := form.Read(r.PostForm)
	d := loginData{Next: f.Text("next")}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(f.Secret("csrf_token"))) != 1 {
		s.renderLogin(w, r, http.StatusForbidden, d, &formErrors{Summary: []fieldError{{Message: "The sign-in form had expired. Please try again."}}}, "")
		return nil
	}
	username := strings.ToLower(f.Required("username", "Enter your username"))
	password := f.Secret("password")
	if password == "" {
		f.Add("password", "Enter your password")
	}
	if len(username) > 64 {
		f.Add("username", "Username or password is too long")
	}
	if len(password) > 256 {
		f.Add("password", "Username or password is too long")
	}
	if err := f.Err(); err != nil {
		s.renderLogin(w, r, http.StatusUnprocessableEntity, d, errorsFrom(err), username)
		return nil
	}

	addr := remoteAddr(r)
	wait, err := s.signInWait(ctx, username, addr)
	if err != nil {
		return err
	}
	if wait > 0 {
		// Refused before the password is checked, and not counted, so a
		// guesser cannot lengthen the owner's wait by trying faster.
		s.renderLogin(w, r, http.StatusTooManyRequests, d, throttled(w, wait), username)
		return nil
	}

	u, err := s.db.UserByUsername(ctx, username)
	if err != nil && problem.Code(err) != problem.NotFound {
		return err
	}
	if err != nil {
		u = auth.User{}
	}
	hash := u.PasswordHash
	if err != nil {
		// An unknown user is checked against a dummy hash, so that it
		// takes as long and reads the same as a wrong password.
		// (accounts: a deactivated account is told so only once its
		// password is right, in finishPasswordStep.)
		hash = ""
	}
	if !auth.CheckPasswordOrDummy(hash, password) {
		failed := store.SignInAttempt{Username: username, User: u, Address: addr}
		if err := s.db.RecordSignIn(ctx, failed, s.cfg.Throttle.Keep()); err != nil {
			return err
		}
		s.renderLogin(w, r, http.StatusUnauthorized, d, &formErrors{Summary: []fieldError{{"username", "The username or password is not right. Check them and try again."}}}, username)
		return nil
	}
	// accounts: the password is right. What follows (refusal of a
	// deactivated account, the two-factor step, or a session) and the
	// success noted for the throttle live in handle_login_second.go.
	return s.finishPasswordStep(w, r, u, d.Next)
}

// signInWait is how long a sign-in step for username from addr must wait
// under the throttle; zero means go ahead.
func (s *Server) signInWait(ctx context.Context, username, addr string) (time.Duration, error) {
	failures, err := s.db.LoginFailures(ctx, username, addr, s.cfg.Throttle)
	if err != nil {
		return 0, err
	}
	return s.cfg.Throttle.RetryAfter(failures, s.db.Now()), nil
}

// throttled sets Retry-After and returns the plain-words message for a
// refused attempt, to render with status 429.
func throttled(w http.ResponseWriter, wait time.Duration) *formErrors {
	w.Header().Set("Retry-After", strconv.Itoa(auth.RetryAfterSeconds(wait)))
	return &formErrors{Summary: []fieldError{{Message: auth.ThrottleMessage(wait)}}}
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if sess := currentSession(r); sess != nil {
		if err := s.db.DeleteSession(r.Context(), sess.TokenHash); err != nil {
			return err
		}
		if err := s.db.Audit(r.Context(), actor(r), auth.ActionLogout, 0, "session"); err != nil {
			s.log.Error("audit logout", "err", err)
		}
	}
	s.clearSessionCookie(w)
	s.setFlash(w, "You have signed out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// handleHealth answers in plain text for load balancers and monitors, not
// with an error page.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.db.Ping(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}
