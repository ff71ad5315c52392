package web

import (
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/web/form"
)

// usersPerPage bounds the account list.
const usersPerPage = 50

type usersData struct {
	Users             []auth.User
	TeamNames         map[int64]string
	Page, Pages       int
	Total             int
	TwoFactorRequired bool
	Teams             []form.Option
	Roles             []form.Option
	Professions       []form.Option
}

// Teams lists an account's team names for the table.
func (d usersData) TeamsOf(u auth.User) string {
	var names []string
	for _, id := range u.TeamIDs {
		names = append(names, d.TeamNames[id])
	}
	return strings.Join(names, ", ")
}

// accountChoices fills the role, profession and team choices the add and
// edit forms share.
func (s *Server) accountChoices(r *http.Request, d *usersData) error {
	teams, err := s.db.Teams(r.Context())
	if err != nil {
		return err
	}
	d.TeamNames = map[int64]string{}
	for _, t := range teams {
		d.TeamNames[t.ID] = t.Name
		d.Teams = append(d.Teams, form.Option{Value: fmt.Sprint(t.ID), Label: t.Name})
	}
	for _, role := range auth.Roles {
		d.Roles = append(d.Roles, form.Option{Value: string(role), Label: role.Label()})
	}
	for _, p := range auth.Professions {
		d.Professions = append(d.Professions, form.Option{Value: p, Label: p})
	}
	return nil
}

// usersPage shows one page of accounts and the form to add one; after a
// refused form it keeps what was typed, except the password.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, status int, formErr error) error {
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			return problem.Errorf(problem.NotFound, "There is no page %q of users.", p)
		}
		page = n
	}
	list, err := s.db.ListUsers(r.Context(), (page-1)*usersPerPage, usersPerPage)
	if err != nil {
		return err
	}
	d := usersData{Users: list.Users, Page: page, Total: list.Total, Pages: max(1, (list.Total+usersPerPage-1)/usersPerPage)}
	if d.TwoFactorRequired, err = s.db.TwoFactorRequired(r.Context()); err != nil {
		return err
	}
	if err := s.accountChoices(r, &d); err != nil {
		return err
	}
	v := view{Title: "Users", D: d, Errors: errorsFrom(formErr)}
	if formErr != nil {
		v.Form = maps.Clone(r.PostForm)
		v.Form.Del("password")
	}
	s.render(w, r, status, "users", v)
	return nil
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error {
	return s.usersPage(w, r, http.StatusOK, nil)
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	u := auth.User{
		Username:     f.Text("username"),
		DisplayName:  f.Text("display_name"),
		Role:         auth.Role(f.Text("role")),
		Profession:   f.Text("profession"),
		Organization: f.Text("organization"),
		TeamIDs:      f.IDs("team", "Choose teams from the list"),
	}
	if id := f.ID("person_id", "Person id must be a whole number"); id != 0 {
		_, err := s.db.PersonNoAudit(r.Context(), id)
		switch problem.Code(err) {
		case "":
			u.PersonID = id
		case problem.NotFound:
			f.Add("person_id", "No person has that id")
		default:
			return err
		}
	}
	password := f.Secret("password")
	if err := auth.ValidateNewPassword(password, u); err != nil {
		f.Add("password", problem.Message(err))
	}
	if err := f.With(u.Validate()); err != nil {
		return s.usersPage(w, r, http.StatusUnprocessableEntity, err)
	}
	hash, err := auth.HashPassword(password, s.cfg.Argon2)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := s.db.CreateUserAs(r.Context(), actor(r), &u); err != nil {
		if c := problem.Code(err); c == problem.Invalid || c == problem.Conflict {
			return s.usersPage(w, r, statusFor(err), err)
		}
		return err
	}
	s.setFlash(w, "User "+u.Username+" added.")
	return seeOther(userURL(u.ID))
}

// handleTwoFactorSetting turns "require two-factor sign-in for staff who
// see records" on or off.
func (s *Server) handleTwoFactorSetting(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	var on bool
	switch f.Text("required") {
	case "on":
		on = true
	case "off":
	default:
		return problem.Errorf(problem.Invalid, "Choose whether two-factor sign-in is required")
	}
	if err := s.db.SetTwoFactorRequired(r.Context(), actor(r), on); err != nil {
		return err
	}
	if on {
		s.setFlash(w, "Two-factor sign-in is now required for staff who see records. Anyone not set up will be asked to set it up when they next use Throughline.")
	} else {
		s.setFlash(w, "Two-factor sign-in is no longer required. People who have set it up still use it.")
	}
	return seeOther("/admin/users")
}

func userURL(id int64) string { return fmt.Sprintf("/admin/users/%d", id) }
