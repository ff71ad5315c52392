package web

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// What happens once a sign-in's password is right: a deactivated account
// is told so; an account with two-factor sign-in goes to a second step
// that is not yet a session; everyone else gets a session, and the guard
// (accountGate) then holds them on the change-password or enrolment page
// when their account needs it.

// pendingCookie names the half-signed-in state between the password and
// the code. Only /login/code reads it.
const pendingCookie = "tl_pending"

const (
	// pendingLifetime is how long the code step waits after the password.
	pendingLifetime = 5 * time.Minute
	// pendingMaxFailures wrong codes end the attempt; the person starts
	// again with their password (and each failure counts toward the
	// sign-in throttle as well).
	pendingMaxFailures = 5
)

// finishPasswordStep decides what follows a correct password.
func (s *Server) finishPasswordStep(w http.ResponseWriter, r *http.Request, u auth.User, next string) error {
	ctx := r.Context()
	if u.Disabled {
		if err := s.db.Audit(ctx, auth.Actor{User: u, Reason: "account deactivated"}, auth.ActionLoginFail, 0, "session"); err != nil {
			s.log.Error("audit refused sign-in", "err", err)
		}
		s.renderLogin(w, r, http.StatusForbidden, loginData{Next: next}, &formErrors{Summary: []fieldError{{"username",
			"This account has been deactivated, so you cannot sign in. If you need it again, ask your system administrator."}}}, u.Username)
		return nil
	}
	if !u.TwoFactor {
		return s.startSession(w, r, u, next)
	}
	token := auth.NewToken()
	p := store.PendingSignIn{TokenHash: auth.HashToken(token), UserID: u.ID, CSRFToken: auth.NewToken(), Next: safeNext(next), CreatedAt: s.db.Now()}
	if err := s.db.CreatePendingSignIn(ctx, p); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: token, Path: "/login/code", HttpOnly: true, Secure: s.cfg.CookieSecure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(pendingLifetime.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, Secure: s.cfg.CookieSecure})
	return seeOther("/login/code")
}

// startSession signs u in: a new session token (replacing any old one in
// this browser), the success noted for the throttle and audited.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u auth.User, next string) error {
	ctx := r.Context()
	// Recorded and audited before the session exists: a session nobody
	// recorded is worse than a recorded sign-in whose session failed.
	signedIn := store.SignInAttempt{Username: u.Username, User: u, Address: remoteAddr(r), Succeeded: true}
	if err := s.db.RecordSignIn(ctx, signedIn, s.cfg.Throttle.Keep()); err != nil {
		return err
	}
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
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode,
		MaxAge: int(s.cfg.Sessions.Absolute.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, Secure: s.cfg.CookieSecure})
	return seeOther(safeNext(next))
}

// pendingSignIn reads the second-step cookie; a missing, unknown or
// stale one sends the person back to the password form.
func (s *Server) pendingSignIn(w http.ResponseWriter, r *http.Request) (store.PendingSignIn, error) {
	c, err := r.Cookie(pendingCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return store.PendingSignIn{}, seeOther("/login")
	}
	p, err := s.db.PendingSignInByToken(r.Context(), auth.HashToken(c.Value))
	if problem.Code(err) == problem.Unauthorized {
		s.clearPendingCookie(w)
		return p, seeOther("/login?expired=1")
	}
	if err != nil {
		return p, err
	}
	if s.db.Now().Sub(p.CreatedAt) > pendingLifetime {
		if err := s.db.DeletePendingSignIn(r.Context(), p.TokenHash); err != nil {
			return p, err
		}
		s.clearPendingCookie(w)
		return p, seeOther("/login?expired=1")
	}
	return p, nil
}

func (s *Server) clearPendingCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: "", Path: "/login/code", MaxAge: -1, HttpOnly: true, Secure: s.cfg.CookieSecure})
}

type loginCodeData struct{ Token string }

func (s *Server) renderLoginCode(w http.ResponseWriter, r *http.Request, status int, p store.PendingSignIn, fe *formErrors) {
	s.render(w, r, status, "login_code", view{Title: "Enter your security code", D: loginCodeData{Token: p.CSRFToken}, Errors: fe})
}

func (s *Server) handleLoginCodeForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pendingSignIn(w, r)
	if err != nil {
		return err
	}
	s.renderLoginCode(w, r, http.StatusOK, p, nil)
	return nil
}

// handleLoginCode checks the second step: a code from the authenticator
// app, or one of the person's recovery codes.
func (s *Server) handleLoginCode(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.pendingSignIn(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := form.Read(r.PostForm)
	if !sameToken(p.CSRFToken, f.Secret("csrf_token")) {
		return problem.Errorf(problem.Forbidden, "This form has expired or did not come from Throughline. Go back, reload the page and try again.")
	}
	u, err := s.db.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	wait, err := s.signInWait(ctx, u.Username, remoteAddr(r))
	if err != nil {
		return err
	}
	if wait > 0 {
		s.renderLoginCode(w, r, http.StatusTooManyRequests, p, throttled(w, wait))
		return nil
	}
	code := strings.TrimSpace(f.Text("code"))
	if code == "" {
		s.renderLoginCode(w, r, http.StatusUnprocessableEntity, p, &formErrors{Fields: map[string]string{"code": "Enter the code from your app"},
			Summary: []fieldError{{"code", "Enter the code from your app"}}})
		return nil
	}
	ok, err := s.checkSecondFactor(r, u, code)
	if err != nil {
		return err
	}
	if !ok {
		return s.secondFactorFailed(w, r, p, u)
	}
	if err := s.db.DeletePendingSignIn(ctx, p.TokenHash); err != nil {
		return err
	}
	s.clearPendingCookie(w)
	if u.Disabled { // deactivated between the two steps
		return s.finishPasswordStep(w, r, u, p.Next)
	}
	return s.startSession(w, r, u, p.Next)
}

// checkSecondFactor accepts a current TOTP code not used before, or an
// unused recovery code (told apart by their form: six digits or not).
func (s *Server) checkSecondFactor(r *http.Request, u auth.User, code string) (bool, error) {
	ctx := r.Context()
	digits := strings.ReplaceAll(code, " ", "")
	if len(digits) != auth.TOTPDigits || strings.Trim(digits, "0123456789") != "" {
		return s.db.UseRecoveryCode(ctx, u, auth.HashRecoveryCode(code))
	}
	st, err := s.db.TOTP(ctx, u.ID)
	if err != nil || !st.Enabled {
		return false, err
	}
	step, ok := auth.VerifyTOTP(st.Secret, digits, s.db.Now(), st.LastStep)
	if !ok {
		return false, nil
	}
	// The store refuses the step if another sign-in used it meanwhile.
	err = s.db.UseTOTPStep(ctx, u.ID, step)
	if problem.Code(err) == problem.Conflict {
		return false, nil
	}
	return err == nil, err
}

// secondFactorFailed counts a wrong code toward the throttle and the
// attempt's own limit, audits it, and asks again.
func (s *Server) secondFactorFailed(w http.ResponseWriter, r *http.Request, p store.PendingSignIn, u auth.User) error {
	ctx := r.Context()
	if err := s.db.RecordLoginAttempt(ctx, u.Username, remoteAddr(r), false); err != nil {
		s.log.Error("record login attempt", "err", err)
	}
	if err := s.db.Audit(ctx, auth.Actor{User: u}, auth.ActionTwoFactorFail, 0, "session"); err != nil {
		s.log.Error("audit two-factor failure", "err", err)
	}
	n, err := s.db.FailPendingSignIn(ctx, p.TokenHash)
	if err != nil {
		return err
	}
	if n >= pendingMaxFailures {
		if err := s.db.DeletePendingSignIn(ctx, p.TokenHash); err != nil {
			return err
		}
		s.clearPendingCookie(w)
		s.setFlash(w, "That code was not right too many times. Sign in again with your password.")
		return seeOther("/login")
	}
	msg := "The code is not right. Codes change every 30 seconds: enter the one your app shows now, or one of your recovery codes."
	s.renderLoginCode(w, r, http.StatusUnauthorized, p, &formErrors{Fields: map[string]string{"code": msg}, Summary: []fieldError{{"code", msg}}})
	return nil
}

// sameToken compares a form's token with the expected one in constant time.
func sameToken(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}
