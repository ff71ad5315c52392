package web

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"throughline/internal/auth"
)

// loginCSRFCookie carries a double-submit token for the sign-in form, which
// is used before there is a session to hold one.
const loginCSRFCookie = "tl_login_csrf"

type loginData struct {
	Next    string
	Expired bool
	Token   string
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginData{Next: r.URL.Query().Get("next"), Expired: r.URL.Query().Get("expired") == "1"}, nil, "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData, fe *formErrors, username string) {
	token := auth.NewToken()
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: token, Path: "/login", HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteStrictMode})
	d.Token = token
	d.Next = safeNext(d.Next)
	s.render(w, r, status, "login", view{Title: "Sign in", D: d, Errors: fe, Form: url.Values{"username": {username}}})
}

// safeNext allows only local paths as a post-sign-in destination.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.HasPrefix(next, "/login") {
		return "/"
	}
	return next
}

func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	ctx := r.Context()
	d := loginData{Next: r.PostFormValue("next")}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf_token"))) != 1 {
		s.renderLogin(w, r, http.StatusForbidden, d, &formErrors{Summary: []fieldError{{Message: "The sign-in form had expired. Please try again."}}}, "")
		return
	}
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	fe := &formErrors{Fields: map[string]string{}}
	if username == "" {
		fe.Fields["username"] = "Enter your username"
		fe.Summary = append(fe.Summary, fieldError{"username", "Enter your username"})
	}
	if password == "" {
		fe.Fields["password"] = "Enter your password"
		fe.Summary = append(fe.Summary, fieldError{"password", "Enter your password"})
	}
	if len(username) > 64 || len(password) > 256 {
		fe.Summary = append(fe.Summary, fieldError{"username", "Username or password is too long"})
	}
	if len(fe.Summary) > 0 {
		s.renderLogin(w, r, http.StatusUnprocessableEntity, d, fe, username)
		return
	}

	failures, err := s.db.LoginFailuresSince(ctx, username, s.db.Now().Add(-s.cfg.Throttle.Window))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	if wait := s.cfg.Throttle.RetryAfter(failures, s.db.Now()); wait > 0 {
		mins := int(wait.Minutes()) + 1
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.renderLogin(w, r, http.StatusTooManyRequests, d, &formErrors{Summary: []fieldError{{
			Message: fmt.Sprintf("There have been too many attempts to sign in as this user. Try again in %d minutes, or ask your system administrator to help.", mins)}}}, username)
		return
	}

	u, err := s.db.UserByUsername(ctx, username)
	hash := u.PasswordHash
	if err != nil || u.Disabled {
		hash = ""
	}
	if !auth.CheckPasswordOrDummy(hash, password) {
		if err := s.db.RecordLoginAttempt(ctx, username, remoteAddr(r), false); err != nil {
			s.log.Error("record login attempt", "err", err)
		}
		s.renderLogin(w, r, http.StatusUnauthorized, d, &formErrors{Summary: []fieldError{{"username", "The username or password is not right. Check them and try again."}}}, username)
		return
	}
	if err := s.db.RecordLoginAttempt(ctx, username, remoteAddr(r), true); err != nil {
		s.log.Error("record login attempt", "err", err)
	}

	// A new token on every sign-in; the old session (if any) is removed with it.
	var replacing string
	if old, err := r.Cookie(sessionCookie); err == nil && old.Value != "" {
		replacing = auth.HashToken(old.Value)
	}
	token := auth.NewToken()
	now := s.db.Now()
	ua := r.UserAgent()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	sess := auth.Session{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: auth.NewToken(), CreatedAt: now, LastSeenAt: now, UserAgent: ua}
	if err := s.db.CreateSession(ctx, sess, replacing); err != nil {
		s.renderProblem(w, r, err)
		return
	}
	if err := s.db.Audit(ctx, auth.Actor{User: u}, auth.ActionLogin, 0, "session"); err != nil {
		s.log.Error("audit login", "err", err)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode,
		MaxAge: int(s.cfg.Sessions.Absolute.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, Secure: s.cfg.CookieSecure})
	http.Redirect(w, r, safeNext(d.Next), http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if sess := currentSession(r); sess != nil {
		if err := s.db.DeleteSession(r.Context(), sess.TokenHash); err != nil {
			s.renderProblem(w, r, err)
			return
		}
		if err := s.db.Audit(r.Context(), actor(r), auth.ActionLogout, 0, "session"); err != nil {
			s.log.Error("audit logout", "err", err)
		}
	}
	s.clearSessionCookie(w)
	s.setFlash(w, "You have signed out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.db.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
