package web

import (
	"html/template"
	"testing"

	"throughline/internal/web/form"
)

func init() {
	formFieldGo["field-radios"] = func(d any) (template.HTML, error) { return fieldRadios(d), nil }
	formFieldGo["field-checkboxes"] = func(d any) (template.HTML, error) { return fieldCheckboxes(d), nil }
}

// awkwardChoices has a plain choice, awkward text, a hint, a divider and
// an empty value.
var awkwardChoices = []form.Option{
	{Value: "phone", Label: "Phone"},
	{Value: awkward, Label: awkward, Hint: awkward},
	{Value: "none", Label: "None of these", Hint: "Say why below", Divider: "or"},
	{Value: "", Label: "No value"},
}

// TestChoiceFieldsMatchTheirTemplates: field-radios and field-checkboxes
// write the same HTML from Go as their templates, for every key they
// take, set and unset, awkward text, HTML legends, hints and errors, ids
// by position and by value, the chosen value or values; and the Go draws
// every such field itself, handing the template only what it cannot draw
// the same (options or chosen values of other types, an id that is not
// text where radios print it with %s, HTML in an attribute).
func TestChoiceFieldsMatchTheirTemplates(t *testing.T) {
	base := func(kv ...any) map[string]any {
		return dict(append([]any{"Name", "method", "Legend", "How you tried", "Options", awkwardChoices}, kv...)...)
	}
	inGo := map[string][]map[string]any{
		"field-radios": {
			base(),
			base("Value", "phone", "Inline", true, "Small", true, "IDByValue", true),
			base("Value", awkward, "ID", "how", "Hint", "Choose one", "Error", "Choose how"),
			base("Value", "", "Error", awkward),
			base("Legend", template.HTML("<b>How</b>"), "Hint", template.HTML("<i>hint</i>"), "Error", template.HTML("<em>error</em>")),
			base("ID", awkward, "IDByValue", true, "Value", 7),
			base("ID", "", "Name", "", "Options", nil),
			base("Options", []form.Option{}, "Inline", false, "IDByValue", false),
			base("Value", template.HTML("phone")),
		},
		"field-checkboxes": {
			base(),
			base("Values", []string{"phone", awkward}, "Small", true, "Hint", "Tick all that apply"),
			base("Values", []string{}, "ID", "staff", "Error", "Choose someone"),
			base("Values", []string(nil), "ID", 12, "Legend", awkward, "Error", awkward, "Hint", awkward),
			base("Legend", template.HTML("<b>Who</b>"), "Error", template.HTML("<em>error</em>")),
			base("ID", "", "Name", "", "Options", nil),
			base("Name", int64(3)),
		},
	}
	handedOn := map[string][]map[string]any{
		"field-radios": {
			base("ID", 12),
			base("Name", template.HTML("<b>name</b>")),
			dict("Legend", "No name or id", "Options", awkwardChoices),
			base("Options", []string{"not", "options"}),
		},
		"field-checkboxes": {
			base("ID", template.HTML("staff<1>")),
			base("Values", []any{"phone"}),
		},
	}
	for partial, fields := range inGo {
		t.Run(partial, func(t *testing.T) {
			for _, d := range fields {
				if !sameField(t, partial, d) {
					t.Errorf("%s %v: drawn by the template, want drawn in Go", partial, d)
				}
			}
			for _, d := range handedOn[partial] {
				if sameFieldOrBothFail(t, partial, d) {
					t.Errorf("%s %v: drawn in Go, want drawn by the template", partial, d)
				}
			}
		})
	}
}

// sameFieldOrBothFail is sameField for a field the template may refuse
// to draw (options that are not a list of choices): then the Go must
// have handed it on too, so the page fails as it did.
func sameFieldOrBothFail(t *testing.T, partial string, d map[string]any) (drawnInGo bool) {
	t.Helper()
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	var discard htmlWriter
	if pages["careplan"].t.ExecuteTemplate(&discard, partial+"-template", d) != nil {
		html, err := formFieldGo[partial](d)
		if err != nil {
			t.Fatal(err)
		}
		return html != ""
	}
	return sameField(t, partial, d)
}

// FuzzChoiceFieldsMatchTheirTemplates: any text in any key of the radios
// and checkboxes is drawn the same by the Go and the template.
func FuzzChoiceFieldsMatchTheirTemplates(f *testing.F) {
	f.Add("method", "", "How", "", "", "phone", "Phone", "", "")
	f.Add("n", "id-1", awkward, "a hint", "an error", awkward, awkward, awkward, "or")
	f.Add("", "", "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, name, id, legend, hint, errs, value, label, optionHint, divider string) {
		options := []form.Option{{Value: value, Label: label, Hint: optionHint, Divider: divider}, {Value: name, Label: legend}, {Value: "x", Label: "X"}}
		for _, byValue := range []bool{false, true} {
			d := dict("Name", name, "ID", id, "Legend", legend, "Hint", hint, "Error", errs, "Value", value, "Values", []string{value},
				"Options", options, "IDByValue", byValue, "Inline", byValue, "Small", !byValue)
			for _, partial := range []string{"field-radios", "field-checkboxes"} {
				if !sameField(t, partial, d) {
					t.Errorf("%s %v: drawn by the template, want drawn in Go", partial, d)
				}
			}
		}
	})
}
