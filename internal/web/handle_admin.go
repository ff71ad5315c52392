package web

import (
	"net/http"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/problem"
)

type usersData struct {
	Users       []auth.User
	Teams       []directory.Team
	Roles       []auth.Role
	Professions []string
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	users, err := s.db.Users(r.Context())
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	teams, err := s.db.Teams(r.Context())
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	v := view{Title: "Users", D: usersData{Users: users, Teams: teams, Roles: auth.Roles, Professions: auth.Professions}, Errors: errorsFrom(formErr)}
	if formErr != nil {
		v.Form = r.PostForm
		v.Form.Del("password")
	}
	s.render(w, r, status, "users", v)
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	s.usersPage(w, r, http.StatusOK, nil)
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	u := auth.User{
		Username:     r.PostFormValue("username"),
		DisplayName:  r.PostFormValue("display_name"),
		Role:         auth.Role(r.PostFormValue("role")),
		Profession:   r.PostFormValue("profession"),
		Organization: strings.TrimSpace(r.PostFormValue("organization")),
	}
	var v problem.Validation
	if pid := strings.TrimSpace(r.PostFormValue("person_id")); pid != "" {
		n, err := strconv.ParseInt(pid, 10, 64)
		if err != nil || n <= 0 {
			v.Add("person_id", "Person id must be a whole number")
		} else if _, err := s.db.PersonNoAudit(r.Context(), n); err != nil {
			v.Add("person_id", "No person has that id")
		} else {
			u.PersonID = n
		}
	}
	for _, t := range r.PostForm["team"] {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			v.Add("team", "Choose teams from the list")
			break
		}
		u.TeamIDs = append(u.TeamIDs, n)
	}
	password := r.PostFormValue("password")
	if err := auth.ValidatePassword(password); err != nil {
		v.Add("password", problem.Message(err))
	}
	if err := v.Err(); err != nil {
		s.usersPage(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err := u.Validate(); err != nil {
		s.usersPage(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	hash, err := auth.HashPassword(password, s.cfg.Argon2)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	u.PasswordHash = hash
	if err := s.db.CreateUser(r.Context(), &u); err != nil {
		if c := problem.Code(err); c == problem.Invalid || c == problem.Conflict {
			s.usersPage(w, r, statusFor(err), err)
			return
		}
		s.renderProblem(w, r, err)
		return
	}
	s.setFlash(w, "User "+u.Username+" added.")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}
