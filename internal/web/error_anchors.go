package web

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
