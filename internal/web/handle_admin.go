package web

import (
	"fmt"
	"maps"
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/web/form"
)

type usersData struct {
	Users       []auth.User
	Teams       []form.Option
	Roles       []form.Option
	Professions []form.Option
}

// usersPage shows the accounts and the form to add one; after a refused
// form it keeps what was typed, except the password.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, status int, formErr error) error {
	users, err := s.db.Users(r.Context())
	if err != nil {
		return err
	}
	teams, err := s.db.Teams(r.Context())
	if err != nil {
		return err
	}
	d := usersData{Users: users}
	for _, t := range teams {
		d.Teams = append(d.Teams, form.Option{Value: fmt.Sprint(t.ID), Label: t.Name})
	}
	for _, role := range auth.Roles {
		d.Roles = append(d.Roles, form.Option{Value: string(role), Label: role.Label()})
	}
	for _, p := range auth.Professions {
		d.Professions = append(d.Professions, form.Option{Value: p, Label: p})
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
	if err := auth.ValidatePassword(password); err != nil {
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
	if err := s.db.CreateUser(r.Context(), &u); err != nil {
		if c := problem.Code(err); c == problem.Invalid || c == problem.Conflict {
			return s.usersPage(w, r, statusFor(err), err)
		}
		return err
	}
	s.setFlash(w, "User "+u.Username+" added.")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}
