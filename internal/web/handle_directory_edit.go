package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"throughline/internal/directory"
	"throughline/internal/problem"
)

func (s *Server) handleServiceNewForm(w http.ResponseWriter, r *http.Request) {
	d := serviceFormData{New: true, Action: "/directory/new", Cancel: "/directory"}
	s.renderServiceForm(w, r, http.StatusOK, d, url.Values{"self_referral": {"no"}}, nil)
}

func (s *Server) handleServiceCreate(w http.ResponseWriter, r *http.Request) {
	d := serviceFormData{New: true, Action: "/directory/new", Cancel: "/directory"}
	sv, err := parseServiceForm(r.PostForm, r.PostForm.Get("id"), true, directory.Service{})
	if err == nil {
		err = s.db.AddService(r.Context(), actor(r), &sv)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderServiceForm(w, r, statusFor(err), d, r.PostForm, serviceFormErrors(err))
		return
	}
	s.setFlash(w, sv.Name+" has been added to the directory.")
	http.Redirect(w, r, "/directory/"+url.PathEscape(sv.ID), http.StatusSeeOther)
}

func editFormData(id string) serviceFormData {
	return serviceFormData{ServiceID: id, Action: "/directory/" + url.PathEscape(id) + "/edit", Cancel: "/directory/" + url.PathEscape(id)}
}

func (s *Server) handleServiceEditForm(w http.ResponseWriter, r *http.Request) {
	sv, err := s.db.Service(r.Context(), r.PathValue("id"))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.renderServiceForm(w, r, http.StatusOK, editFormData(sv.ID), serviceForm(sv), nil)
}

// conflictError is the message shown when the service changed under the form.
var conflictError = &problem.Error{Code: problem.Conflict, Message: "Someone else changed this service while you were editing. Your changes have not been saved yet: compare the two versions below.",
	Fields: map[string]string{"conflict": "Someone else changed this service while you were editing"}}

func (s *Server) handleServiceEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	current, err := s.db.Service(ctx, r.PathValue("id"))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	// A missing or altered version counts as stale: the person then sees the
	// saved version beside their own rather than overwriting it unseen.
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	sv, invalid := parseServiceForm(r.PostForm, current.ID, false, current)
	sv.Version = version
	if invalid == nil && version == current.Version {
		err := s.db.SaveService(ctx, actor(r), &sv)
		switch {
		case err == nil:
			msg := "Changes to " + sv.Name + " have been saved."
			if sv.Version == version {
				msg = "Nothing had changed, so nothing was saved."
			}
			s.setFlash(w, msg)
			http.Redirect(w, r, "/directory/"+url.PathEscape(sv.ID), http.StatusSeeOther)
			return
		case problem.Code(err) == problem.Invalid:
			invalid = err
		case problem.Code(err) != problem.Conflict:
			s.renderProblem(w, r, err)
			return
		}
		// Someone saved between our read and our write: show their version.
		if current, err = s.db.Service(ctx, current.ID); err != nil {
			s.renderProblem(w, r, err)
			return
		}
	}
	d, form := editFormData(current.ID), r.PostForm
	var stale error
	if current.Version != version {
		if d.Conflict, err = s.serviceConflict(ctx, current, sv, invalid); err != nil {
			s.renderProblem(w, r, err)
			return
		}
		// Saving this form again now replaces the version the person has seen.
		form = cloneValues(form)
		form.Set("version", strconv.Itoa(current.Version))
		stale = conflictError
	}
	status := http.StatusConflict
	if invalid != nil {
		status = http.StatusUnprocessableEntity
	}
	s.renderServiceForm(w, r, status, d, form, serviceFormErrors(stale, invalid))
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// serviceConflict compares the saved service with the typed one, field by
// field, and says who saved it last.
// A field that could not be read shows its problem, since the typed service
// holds no value for it; the typed text itself is still in the form.
func (s *Server) serviceConflict(ctx context.Context, saved, typed directory.Service, invalid error) (*serviceConflict, error) {
	locs, err := s.db.Localities(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, l := range locs {
		names[l.Code] = l.Name
	}
	history, err := s.db.ServiceHistory(ctx, saved.ID)
	if err != nil {
		return nil, fmt.Errorf("service conflict: %w", err)
	}
	c := &serviceConflict{Saved: serviceAllRows(saved, names)}
	if len(history) > 0 {
		c.SavedBy, c.SavedAt = historyEntries(history[:1])[0].Username, history[0].At
	}
	yours := serviceAllRows(typed, names)
	fieldErrs := problem.Fields(invalid)
	for i, row := range c.Saved {
		mine := yours[i].Values
		for _, f := range row.Fields {
			if msg, bad := fieldErrs[f]; bad {
				mine = []string{"Not valid yet: " + msg}
			}
		}
		if !slices.Equal(row.Values, mine) {
			c.Rows = append(c.Rows, conflictRow{Label: row.Label, Saved: row.Values, Yours: mine})
		}
	}
	return c, nil
}
