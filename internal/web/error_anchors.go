package web

import "throughline/internal/problem"

// pointAt makes every link in the error summary go to a control that is on
// the page: a field named in ids links to that element id, and any other
// field keeps its message in the summary without a link (a link to nothing
// strands keyboard and screen reader users at the top of the page).
// Fields keeps the validation names, so the messages beside the controls
// still find their errors.
func (fe *formErrors) pointAt(ids map[string]string) {
	if fe == nil {
		return
	}
	for i, s := range fe.Summary {
		if s.Field != "" {
			fe.Summary[i].Field = ids[s.Field]
		}
	}
}

// idsNamed is the error summary's map for a form whose controls' ids are
// their field names.
func idsNamed(names ...string) map[string]string {
	ids := make(map[string]string, len(names))
	for _, n := range names {
		ids[n] = n
	}
	return ids
}

// prefixed renames an error's fields, so that several forms on one page
// can each show their own messages.
func prefixed(err error, prefix string, rename map[string]string) error {
	fields := problem.Fields(err)
	if len(fields) == 0 {
		return err
	}
	out := &problem.Error{Code: problem.Code(err), Message: problem.Message(err), Fields: map[string]string{}}
	for _, p := range problem.Problems(err) {
		if p.Field == "" {
			continue
		}
		f := p.Field
		if to, ok := rename[f]; ok {
			f = to
		}
		if _, seen := out.Fields[prefix+f]; seen {
			continue // two fields shown at one control: the first problem wins
		}
		out.Fields[prefix+f] = p.Message
		out.Order = append(out.Order, prefix+f)
	}
	return out
}

// onControls renames the domain's field problems to the names of the form
// controls that hold them (the domain says starts_at, the form's control is
// date), so the message shows beside the control and the error summary
// links to it. The order of the messages is kept; other errors pass as
// they are.
func onControls(err error, controls map[string]string) error {
	return prefixed(err, "", controls)
}

// linkedTo keeps the error summary's links to the controls named, so a
// problem with a field the page has no control for (a tampered hidden
// version) is listed without a link to nothing.
func linkedTo(err error, controls ...string) *formErrors {
	fe := errorsFrom(err)
	fe.pointAt(idsNamed(controls...))
	return fe
}
