package web

import (
	"html/template"
	"strings"
	"testing"

	"throughline/internal/web/form"
)

// formFieldGo is each form partial's Go, for checking that it drew the
// field itself rather than handing it to the template.
var formFieldGo = map[string]func(any) (template.HTML, error){
	"field-input":    func(d any) (template.HTML, error) { return fieldInput(d), nil },
	"field-textarea": func(d any) (template.HTML, error) { return fieldTextarea(d), nil },
	"field-select":   fieldSelect,
}

// sameField fails t unless partial (drawn in Go where it can be) writes
// what its template writes for d, and reports whether the Go drew it.
func sameField(t testing.TB, partial string, d map[string]any) (drawnInGo bool) {
	t.Helper()
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	page := pages["careplan"].t
	var got, want strings.Builder
	if err := page.ExecuteTemplate(&want, partial+"-template", d); err != nil {
		t.Fatal(err)
	}
	if err := page.ExecuteTemplate(&got, partial, d); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("%s %v:\ngot  %q\nwant %q", partial, d, got.String(), want.String())
	}
	html, err := formFieldGo[partial](d)
	if err != nil {
		t.Fatal(err)
	}
	return html != ""
}

// TestFormFieldsMatchTheirTemplates: field-input, field-textarea and
// field-select write the same HTML from Go as their templates, for every
// key they take, set and unset, awkward text, HTML labels, numbers and
// yes/no values; and the Go draws every such field itself, handing the
// template only what it cannot draw the same (HTML in an attribute, a
// value of another type, a text the language guide flags).
func TestFormFieldsMatchTheirTemplates(t *testing.T) {
	label := template.HTML(`Rating now<span class="nhsuk-u-visually-hidden"> for “a goal”</span>`)
	base := func(kv ...any) map[string]any {
		return dict(append([]any{"Name", "goal_text", "Label", "The goal"}, kv...)...)
	}
	inGo := []map[string]any{
		base(),
		base("ID", "goal-1", "Hint", "In their words", "Error", "Enter the goal", "Value", "To go to my sister's", "Small", true),
		base("Hint", "Only a hint"),
		base("Error", "Only an error", "Value", awkward),
		base("ID", awkward, "Label", awkward, "Hint", awkward, "Error", awkward, "Value", awkward),
		base("Label", label, "Hint", template.HTML("<b>bold</b> hint"), "Error", template.HTML("<i>HTML</i> error")),
		base("Type", "date", "Class", "nhsuk-input--width-10", "Autocomplete", "off", "Inputmode", "numeric", "Maxlength", 10, "Spellcheck", "false"),
		base("Maxlength", 0, "Rows", 0, "Small", false, "Value", 42),
		base("Rows", 6, "OwnWords", true),
		base("Rows", int64(2), "Plain", true, "Value", "plain text"),
		base("ID", "", "Name", "no-id", "Type", ""),
		dict("Label", "No name at all"),
		base("Blank", "Choose one", "Options", form.Options("1", "One", "2", "Two & more"), "Value", "2"),
		base("Blank", template.HTML("<em>Choose</em>"), "Options", form.Options("a", "A"), "Value", 7),
	}
	handedOn := []map[string]any{
		base("Value", template.HTML("<b>HTML</b> where an attribute goes")),
		base("ID", template.HTML("goal<1>")),
		base("Maxlength", 3.5),
		base("Value", []string{"a list"}),
	}
	for _, partial := range []string{"field-input", "field-textarea", "field-select"} {
		t.Run(partial, func(t *testing.T) {
			for _, d := range inGo {
				if !sameField(t, partial, d) {
					t.Errorf("%s %v: drawn by the template, want drawn in Go", partial, d)
				}
			}
			for _, d := range handedOn {
				sameField(t, partial, d)
			}
		})
	}
	// A text the language guide flags is drawn by the template, with the
	// flags under the box; a box it does not check is still drawn in Go.
	flagged := base("Value", "She was attention-seeking again")
	if sameField(t, "field-textarea", flagged) {
		t.Error("a flagged text area was drawn in Go, want the template to draw its flags")
	}
	flagged["OwnWords"] = true
	if !sameField(t, "field-textarea", flagged) {
		t.Error("a text area in the person's own words was drawn by the template, want drawn in Go")
	}
}

// FuzzFormFieldsMatchTheirTemplates: whatever text a field's values hold,
// the Go and the template write the same HTML.
func FuzzFormFieldsMatchTheirTemplates(f *testing.F) {
	f.Add("goal_text", "", "The goal", "", "", "", "")
	f.Add("n", "id-1", awkward, "a hint", "an error", awkward, "nhsuk-input--width-10")
	f.Add("", "", "", "", "", "attention-seeking", "")
	f.Fuzz(func(t *testing.T, name, id, label, hint, errs, value, class string) {
		d := dict("Name", name, "ID", id, "Label", label, "Hint", hint, "Error", errs, "Value", value, "Class", class,
			"Options", form.Options("1", label, value, hint), "Blank", hint)
		for _, partial := range []string{"field-input", "field-textarea", "field-select"} {
			sameField(t, partial, d)
		}
	})
}
