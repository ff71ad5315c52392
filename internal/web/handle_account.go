package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"

	"github.com/skip2/go-qrcode"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/web/form"
)

// A person's own account: changing their password and setting up
// two-factor sign-in. Both pages are also where accountGate holds someone
// whose account needs one of them before anything else.

const (
	passwordPath  = "/account/password"
	twoFactorPath = "/account/two-factor"
)

// accountGate returns a redirect (or, for a form or the API, a refusal)
// while the signed-in account must change its password or enrol in
// two-factor sign-in, unless the request is for that page or sign-out.
func (s *Server) accountGate(r *http.Request, u *auth.User) error {
	path := r.URL.Path
	if path == "/logout" {
		return nil
	}
	if u.MustChangePassword {
		if path == passwordPath {
			return nil
		}
		return gateRefusal(r, passwordPath, "Choose a new password before you continue.")
	}
	if u.TwoFactor || !u.Role.SeesRecords() || path == twoFactorPath {
		return nil
	}
	// The session read carries the setting (a signed-in user always has a
	// session: loadSession sets both).
	if sess := currentSession(r); sess == nil || !sess.TwoFactorRequired {
		return nil
	}
	return gateRefusal(r, twoFactorPath, "Set up two-factor sign-in before you continue.")
}

func gateRefusal(r *http.Request, to, message string) error {
	if r.Method == http.MethodGet && !isAPI(r) {
		return seeOther(to)
	}
	return problem.Errorf(problem.Forbidden, "%s", message)
}

type passwordData struct{ Forced bool }

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	s.render(w, r, status, "account_password", view{Title: "Change your password",
		D: passwordData{Forced: currentUser(r).MustChangePassword}, Errors: errorsFrom(formErr)})
}

func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) error {
	s.renderPassword(w, r, http.StatusOK, nil)
	return nil
}

// handlePasswordChange sets the person's own password. It needs the
// current one (the temporary one after a reset), and the new one passes
// the one password rule.
func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := form.Read(r.PostForm)
	current, next, again := f.Secret("current_password"), f.Secret("new_password"), f.Secret("confirm_password")
	if current == "" {
		f.Add("current_password", "Enter your current password")
	} else if !auth.CheckPassword(u.PasswordHash, current) {
		f.Add("current_password", "Your current password is not right")
	}
	if err := auth.ValidateNewPassword(next, *u); err != nil {
		f.Add("new_password", problem.Message(err))
	} else if next == current {
		f.Add("new_password", "Choose a new password, different from your current one")
	} else if next != again {
		f.Add("confirm_password", "The two new passwords are not the same")
	}
	if err := f.Err(); err != nil {
		s.renderPassword(w, r, http.StatusUnprocessableEntity, err)
		return nil
	}
	hash, err := auth.HashPassword(next, s.cfg.Argon2)
	if err != nil {
		return err
	}
	if err := s.db.ChangePassword(r.Context(), *u, hash, currentSession(r).TokenHash); err != nil {
		return err
	}
	s.setFlash(w, "Your password has been changed. Any other sessions of yours have been signed out.")
	return seeOther("/")
}

type twoFactorData struct {
	Enabled  bool
	Required bool         // held here by the administrator's setting
	Secret   string       // grouped in fours for typing
	QR       template.URL // PNG data URI of the otpauth:// address
	Codes    []string     // recovery codes, shown once after enrolment
}

// handleTwoFactorForm shows the QR code and secret to set up an app. An
// unconfirmed secret is kept, so reloading the page shows the same one.
func (s *Server) handleTwoFactorForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderTwoFactor(w, r, http.StatusOK, nil)
}

func (s *Server) renderTwoFactor(w http.ResponseWriter, r *http.Request, status int, formErr error) error {
	ctx := r.Context()
	u := currentUser(r)
	st, err := s.db.TOTP(ctx, u.ID)
	if err != nil {
		return err
	}
	d := twoFactorData{Enabled: st.Enabled}
	if !st.Enabled {
		if d.Required, err = s.db.TwoFactorRequired(ctx); err != nil {
			return err
		}
		d.Required = d.Required && u.Role.SeesRecords()
		if st.Secret == "" {
			if st.Secret, err = s.db.StartTOTPEnrolment(ctx, u.ID, auth.NewTOTPSecret()); err != nil {
				return err
			}
		}
		png, err := qrcode.Encode(auth.TOTPURI("Throughline", u.Username, st.Secret), qrcode.Medium, 240)
		if err != nil {
			return err
		}
		d.Secret = groupsOfFour(st.Secret)
		d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	s.render(w, r, status, "account_two_factor", view{Title: "Two-factor sign-in", D: d, Errors: errorsFrom(formErr)})
	return nil
}

// handleTwoFactorEnrol switches two-factor on once the person has typed a
// code from the new secret, and shows their recovery codes once.
func (s *Server) handleTwoFactorEnrol(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := currentUser(r)
	f := form.Read(r.PostForm)
	code := f.Required("code", "Enter the 6-digit code your app shows")
	st, err := s.db.TOTP(ctx, u.ID)
	if err != nil {
		return err
	}
	if st.Enabled {
		return problem.Errorf(problem.Conflict, "Two-factor sign-in is already on for your account.")
	}
	step, ok := auth.VerifyTOTP(st.Secret, code, s.db.Now(), 0)
	if code != "" && !ok {
		f.Add("code", "The code is not right. Check the app was set up with this page's code, then enter the code it shows now.")
	}
	if err := f.Err(); err != nil {
		return s.renderTwoFactor(w, r, http.StatusUnprocessableEntity, err)
	}
	codes := auth.NewRecoveryCodes()
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	if err := s.db.EnableTOTP(ctx, *u, step, hashes); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account_two_factor", view{Title: "Two-factor sign-in is on", D: twoFactorData{Enabled: true, Codes: codes}})
	return nil
}

// groupsOfFour spaces a base32 secret so it can be read and typed.
func groupsOfFour(s string) string {
	var parts []string
	for len(s) > 4 {
		parts, s = append(parts, s[:4]), s[4:]
	}
	return strings.Join(append(parts, s), " ")
}
