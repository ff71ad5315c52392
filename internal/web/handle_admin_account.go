package web

import (
	"fmt"
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// One account, as the system administrator manages it: role and teams,
// a password reset, deactivation and reactivation, and a two-factor
// reset. Every change is audited by the store with the administrator as
// the actor.

type accountData struct {
	usersData
	Account           auth.User
	TemporaryPassword string // shown once, straight after a reset
	Self              bool   // the administrator's own account
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, status int, d accountData, formErr error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if d.Account, err = s.db.UserByID(r.Context(), id); err != nil {
		return err
	}
	if err := s.accountChoices(r, &d.usersData); err != nil {
		return err
	}
	d.Self = d.Account.ID == currentUser(r).ID
	v := view{Title: d.Account.DisplayName, D: d, Errors: errorsFrom(formErr)}
	if formErr != nil {
		v.Form = r.PostForm
	}
	s.render(w, r, status, "user", v)
	return nil
}

func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) error {
	return s.accountPage(w, r, http.StatusOK, accountData{}, nil)
}

// notOwnAccount stops an administrator locking themselves out; another
// administrator (or the command line) can make the change.
func notOwnAccount(r *http.Request, id int64, what string) error {
	if currentUser(r).ID == id {
		return problem.Errorf(problem.Forbidden, "You cannot %s your own account. Ask another system administrator.", what)
	}
	return nil
}

func (s *Server) handleUserAccess(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := notOwnAccount(r, id, "change the role of"); err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	c := store.AccountAccess{
		Version:    f.Version(),
		Role:       auth.Role(f.Text("role")),
		Profession: f.Text("profession"),
		TeamIDs:    f.IDs("team", "Choose teams from the list"),
	}
	err = f.With(s.db.SetAccountAccess(r.Context(), actor(r), id, c))
	if c := problem.Code(err); c == problem.Invalid || c == problem.Conflict {
		return s.accountPage(w, r, statusFor(err), accountData{}, err)
	}
	if err != nil {
		return err
	}
	s.setFlash(w, "Role and teams saved.")
	return seeOther(userURL(id))
}

// handleUserPasswordReset sets a temporary password and shows it once.
// The person must choose a new one when they sign in with it.
func (s *Server) handleUserPasswordReset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	temporary := auth.NewTemporaryPassword()
	hash, err := auth.HashPassword(temporary, s.cfg.Argon2)
	if err != nil {
		return err
	}
	if err := s.db.ResetPassword(r.Context(), actor(r), id, hash); err != nil {
		return err
	}
	return s.accountPage(w, r, http.StatusOK, accountData{TemporaryPassword: temporary}, nil)
}

func (s *Server) handleUserDeactivate(w http.ResponseWriter, r *http.Request) error {
	return s.setUserActive(w, r, false)
}

func (s *Server) handleUserReactivate(w http.ResponseWriter, r *http.Request) error {
	return s.setUserActive(w, r, true)
}

func (s *Server) setUserActive(w http.ResponseWriter, r *http.Request, active bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := notOwnAccount(r, id, "deactivate"); err != nil {
		return err
	}
	if err := s.db.SetAccountActive(r.Context(), actor(r), id, active); err != nil {
		return err
	}
	if active {
		s.setFlash(w, "Account reactivated. The person can sign in again.")
	} else {
		s.setFlash(w, "Account deactivated. Every session of this account has been ended.")
	}
	return seeOther(userURL(id))
}

func (s *Server) handleUserTwoFactorReset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.db.ResetTwoFactor(r.Context(), actor(r), id); err != nil {
		return err
	}
	s.setFlash(w, "Two-factor sign-in removed. The person can set it up again from their account; where it is required they will be asked to when they next sign in.")
	return seeOther(userURL(id))
}

// TeamValues are the account's teams as the checkboxes' values.
func (d accountData) TeamValues() []string {
	out := make([]string, len(d.Account.TeamIDs))
	for i, id := range d.Account.TeamIDs {
		out[i] = fmt.Sprint(id)
	}
	return out
}
