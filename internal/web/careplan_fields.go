package web

import (
	"fmt"
	"strconv"

	"throughline/internal/web/form"
)

// The care plan form draws a need box and an action row (a text box and
// an owner select) for every area of life. The template built each of
// those fields' values with a dict of prints, printfs, ors and ands, a
// dozen reflective calls a field; here they are built in Go, with the same
// values (TestCarePlanFieldsMatchTheTemplate).

// NeedField is the field-textarea values of the area's need.
func (d domainForm) NeedField() map[string]any {
	return map[string]any{"Name": "need-" + d.Code, "Label": "What the person needs: " + d.Label, "Error": d.NeedError, "Value": d.Need, "Rows": 2}
}

// actionFields are one action row: its text box and its owner select.
type actionFields struct{ Text, Owner map[string]any }

// ActionFields are the area's action rows as field-input and field-select
// values, the owner chosen from owners. The first row's text box carries
// the area's action error, and the id the error summary links to.
func (d domainForm) ActionFields(owners []form.Option) []actionFields {
	var labels rowLabels
	out := make([]actionFields, len(d.Actions))
	for i, a := range d.Actions {
		id, actionError := "action-"+d.Code, d.ActionError
		if i > 0 {
			id, actionError = id+"-"+strconv.Itoa(i), ""
		}
		out[i] = actionFields{
			Text: map[string]any{"Name": "action-" + d.Code + "-text", "ID": id, "Value": a.Text, "Error": actionError,
				"Label": labels.Label("Action "+strconv.Itoa(i+1), " for "+d.Label)},
			Owner: map[string]any{"Name": "action-" + d.Code + "-owner", "ID": fmt.Sprintf("owner-%s-%d", d.Code, i),
				"Label": labels.Label("Who will do it", fmt.Sprintf(" (action %d, %s)", i+1, d.Label)),
				"Blank": "Choose who", "Options": owners, "Value": a.Owner},
		}
	}
	return out
}
