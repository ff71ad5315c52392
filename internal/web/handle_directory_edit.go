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
	"throughline/internal/web/form"
)

// newServiceURL is the form that adds a service to the directory.
const newServiceURL = "/directory/new"

func newFormData() serviceFormData {
	return serviceFormData{New: true, Action: newServiceURL, Cancel: directoryURL}
}

func (s *Server) handleServiceNewForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderServiceForm(w, r, http.StatusOK, newFormData(), url.Values{"self_referral": {"no"}}, nil)
}

func (s *Server) handleServiceCreate(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	sv, err := parseServiceForm(f, f.Text("id"), true, directory.Service{})
	if err == nil {
		err = s.db.AddService(r.Context(), actor(r), &sv)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, sv.Name+" has been added to the directory.")
		http.Redirect(w, r, serviceURL(sv.ID), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		return s.renderServiceForm(w, r, statusFor(err), newFormData(), r.PostForm, serviceFormErrors(err))
	}
	return err
}

func editFormData(id string) serviceFormData {
	return serviceFormData{ServiceID: id, Action: serviceEditURL(id), Cancel: serviceURL(id)}
}

func (s *Server) handleServiceEditForm(w http.ResponseWriter, r *http.Request) error {
	sv, err := s.db.Service(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderServiceForm(w, r, http.StatusOK, editFormData(sv.ID), serviceForm(sv), nil)
}

// conflictError is the message shown when the service changed under the form.
var conflictError = &problem.Error{Code: problem.Conflict, Message: "Someone else changed this service while you were editing. Your changes have not been saved yet: compare the two versions below.",
	Fields: map[string]string{"conflict": "Someone else changed this service while you were editing"}}

func (s *Server) handleServiceEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	current, err := s.db.Service(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	// A missing or altered version counts as stale: the person then sees the
	// saved version beside their own rather than overwriting it unseen.
	f := form.Read(r.PostForm)
	version := f.Version()
	sv, invalid := parseServiceForm(f, current.ID, false, current)
	sv.Version = version
	if invalid == nil && version == current.Version {
		err := s.db.SaveService(ctx, actor(r), &sv)
		switch problem.Code(err) {
		case "":
			msg := "Changes to " + sv.Name + " have been saved."
			if sv.Version == version {
				msg = "Nothing had changed, so nothing was saved."
			}
			s.setFlash(w, msg)
			http.Redirect(w, r, serviceURL(sv.ID), http.StatusSeeOther)
			return nil
		case problem.Invalid:
			invalid = err
		case problem.Conflict:
		default:
			return err
		}
		// Someone saved between our read and our write: show their version.
		if current, err = s.db.Service(ctx, current.ID); err != nil {
			return err
		}
	}
	d, values := editFormData(current.ID), r.PostForm
	var stale error
	if current.Version != version {
		if d.Conflict, err = s.serviceConflict(ctx, current, sv, invalid); err != nil {
			return err
		}
		// Saving this form again now replaces the version the person has seen.
		values = cloneValues(values)
		values.Set(form.VersionField, strconv.Itoa(current.Version))
		stale = conflictError
	}
	status := http.StatusConflict
	if invalid != nil {
		status = http.StatusUnprocessableEntity
	}
	return s.renderServiceForm(w, r, status, d, values, serviceFormErrors(stale, invalid))
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
