package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"throughline/internal/problem"
	"throughline/internal/web/form"
)

// A plan (the care plan, the crisis plan) is written by several people over
// time, each from a form drawn from one saved version. Saving from a form
// drawn from an older version would silently undo someone else's work, so
// a stale save is refused and the person sees both versions side by side,
// with nothing they typed lost; saving again from there replaces the newer
// version, which they have now seen.

// planSave is one save of a versioned plan; the record-specific parts are
// passed in.
type planSave struct {
	What    string // "care plan": named in the messages
	Version int    // the version the form was drawn from
	Invalid error  // what the form itself got wrong; nothing is saved then
	// Closed, when not nil, says why the plan cannot change at all (its
	// episode has ended); it is shown as it is, without a comparison.
	Closed error
	Save   func() (version int, err error) // saves what was typed
	Saved  func() (savedPlan, error)       // the plan as it is saved now
	Yours  func() []factRow                // what was typed, row by row as savedPlan.Rows
	Done   string                          // where a successful save goes
	// Render shows the plan's page again with the posted values.
	Render func(status int, values url.Values, err error, c *planConflict) error
}

// savedPlan is what the comparison needs of the saved version.
type savedPlan struct {
	Version int
	By      string
	At      time.Time
	Rows    []factRow
}

// planConflict is the saved version beside what was typed.
type planConflict struct {
	SavedBy string
	SavedAt time.Time
	Rows    []conflictRow // the rows that differ
	Saved   []factRow
}

// planConflictError is shown above the two versions. Its one message is
// its field's too, so that the error summary links it to the warning that
// explains the two versions, also when it is merged with the form's
// problems.
func planConflictError(what string) *problem.Error {
	msg := fmt.Sprintf("Someone else saved this %s while you were editing. Your changes have not been saved yet: compare the two versions below.", what)
	return &problem.Error{Code: problem.Conflict, Message: msg, Fields: map[string]string{"conflict": msg}}
}

// savePlan saves the plan if nobody else has saved it since the form was
// drawn, and goes to p.Done. Otherwise it shows the form again: 422 when
// it was only invalid, 409 with the saved version beside what was typed
// when it was stale, and 422 with both problems when it was both.
func (s *Server) savePlan(w http.ResponseWriter, r *http.Request, p planSave) error {
	invalid := p.Invalid
	if invalid == nil {
		version, err := p.Save()
		switch problem.Code(err) {
		case "":
			s.setFlash(w, fmt.Sprintf("The %s has been saved (version %d).", p.What, version))
			http.Redirect(w, r, p.Done, http.StatusSeeOther)
			return nil
		case problem.Invalid:
			invalid = err
		case problem.Conflict: // compared with the saved version below
		default:
			return err
		}
	}
	saved, err := p.Saved()
	if err != nil {
		return err
	}
	values := cloneValues(r.PostForm)
	if p.Closed != nil {
		return p.Render(http.StatusConflict, values, p.Closed, nil)
	}
	if p.Version == saved.Version {
		return p.Render(http.StatusUnprocessableEntity, values, invalid, nil)
	}
	c := &planConflict{SavedBy: saved.By, SavedAt: saved.At, Saved: saved.Rows}
	c.Rows = diffRows(c.Saved, p.Yours())
	values.Set(form.VersionField, strconv.Itoa(saved.Version))
	status, shown := http.StatusConflict, error(planConflictError(p.What))
	if invalid != nil {
		status, shown = http.StatusUnprocessableEntity, problem.Merge(shown, invalid)
	}
	return p.Render(status, values, shown, c)
}

// diffRows pairs two descriptions of a record and keeps the rows that differ.
func diffRows(saved, yours []factRow) []conflictRow {
	var out []conflictRow
	for i, row := range saved {
		if i < len(yours) && !slices.Equal(row.Values, yours[i].Values) {
			out = append(out, conflictRow{Label: row.Label, Saved: row.Values, Yours: yours[i].Values})
		}
	}
	return out
}
