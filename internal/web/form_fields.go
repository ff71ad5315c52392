package web

import (
	"fmt"
	"html/template"
	"strconv"
)

// The text box, text area and select partials are drawn many times on
// every form page (a care plan has a box, an action row and an owner
// select for each area of need): as templates each drew its dozen values
// through reflective reads and escaper calls, and they were most of the
// care plan's CPU. fieldInput, fieldTextarea and fieldSelect write the
// same HTML in Go. The templates stay as they were, renamed
// field-*-template in partials_form.html: they define the markup, and
// draw a field whose values the Go does not handle (a value of a type
// other than text, HTML text, a number or a yes/no; HTML where an
// attribute goes; a text area whose text the language guide flags), so
// the page is the same whatever the field holds. The two are compared
// byte for byte by TestFormFieldsMatchTheirTemplates and
// FuzzFormFieldsMatchTheirTemplates. A page that draws many fields in Go
// (the care plan's areas of life and goals) sets a formField itself and
// writes it with the same input, textarea and selectField.

// fieldValue is one of a partial's values as the template reads it.
type fieldValue struct {
	s      string // as printed
	html   bool   // template.HTML: written as it is in text, not escaped
	truthy bool   // as {{if}} sees it
	str    bool   // a plain string (the only value the language guide checks)
}

// textValue is a plain string value.
func textValue(s string) fieldValue { return fieldValue{s: s, truthy: s != "", str: true} }

// htmlValue is an HTML value, written as it is in element text.
func htmlValue(h template.HTML) fieldValue {
	return fieldValue{s: string(h), html: true, truthy: h != ""}
}

// fieldArgs are a form partial's values (its dict), or nil when the
// partial was given something else.
type fieldArgs map[string]any

// get reads key; ok is false for a type the Go does not draw.
func (a fieldArgs) get(key string) (v fieldValue, ok bool) {
	switch x := a[key].(type) {
	case nil:
		return v, true
	case string:
		return textValue(x), true
	case template.HTML:
		return htmlValue(x), true
	case bool:
		return fieldValue{s: strconv.FormatBool(x), truthy: x}, true
	case int:
		return fieldValue{s: strconv.Itoa(x), truthy: x != 0}, true
	case int64:
		return fieldValue{s: strconv.FormatInt(x, 10), truthy: x != 0}, true
	}
	return v, false
}

// fieldReader reads a partial's values, remembering whether any was one
// the Go cannot draw exactly as the template would.
type fieldReader struct {
	args fieldArgs
	ok   bool
}

func newFieldReader(d any) *fieldReader {
	args, ok := d.(map[string]any)
	return &fieldReader{args: args, ok: ok}
}

// text is a value written as element text: HTML text as it is.
func (r *fieldReader) text(key string) fieldValue {
	v, ok := r.args.get(key)
	r.ok = r.ok && ok
	return v
}

// attr is a value written in a quoted attribute, where HTML text would be
// treated differently: the template draws that.
func (r *fieldReader) attr(key string) fieldValue {
	v := r.text(key)
	r.ok = r.ok && !v.html
	return v
}

// or is the template's {{or .A .B}}: the first value that is set, else
// the last.
func (r *fieldReader) or(keys ...string) fieldValue {
	var v fieldValue
	for _, k := range keys {
		if v = r.attr(k); v.truthy {
			return v
		}
	}
	return v
}

// formField is one control's values: read from a partial's dict
// (fieldInput, fieldTextarea, fieldSelect), or set in Go by a page that
// draws many fields itself (careplan_html.go). ID is the partial's
// {{or .ID .Name}}.
type formField struct {
	ID, Name, Label, Hint, Error, Small, Value fieldValue
	// A text box's.
	Class, Type, Autocomplete, Inputmode, Maxlength, Spellcheck fieldValue
	// A text area's.
	Rows, OwnWords, Plain fieldValue
	// A select's: the empty first choice, the choices and the chosen value
	// as printed.
	Blank   fieldValue
	Options any
	Chosen  string
}

// common reads what every field has.
func (r *fieldReader) common() formField {
	return formField{ID: r.or("ID", "Name"), Name: r.attr("Name"), Label: r.text("Label"), Hint: r.text("Hint"),
		Error: r.text("Error"), Small: r.text("Small")}
}

// writeText writes v as element text.
func (w *htmlWriter) writeText(v fieldValue) {
	if v.html {
		w.raw(v.s)
	} else {
		w.text(v.s)
	}
}

// fieldTop writes what every field begins with: the form group, the
// label, the hint and the error (field-hint-error).
func (w *htmlWriter) fieldTop(f *formField) {
	w.raw("\n<div class=\"nhsuk-form-group")
	if f.Error.truthy {
		w.raw(" nhsuk-form-group--error")
	}
	w.raw("\">\n  <label class=\"nhsuk-label")
	if f.Small.truthy {
		w.raw(" nhsuk-label--s")
	}
	w.raw(`" for="`)
	w.text(f.ID.s)
	w.raw(`">`)
	w.writeText(f.Label)
	w.raw("</label>\n  ")
	w.hintError(f)
	w.raw("\n  ")
}

// hintError is field-hint-error: the hint and the error, each when set.
func (w *htmlWriter) hintError(f *formField) {
	w.raw("\n  ")
	if f.Hint.truthy {
		w.raw(`<div class="nhsuk-hint" id="`)
		w.text(f.ID.s)
		w.raw(`-hint">`)
		w.writeText(f.Hint)
		w.raw(`</div>`)
	}
	w.raw("\n  ")
	if f.Error.truthy {
		w.raw(`<span class="nhsuk-error-message" id="`)
		w.text(f.ID.s)
		w.raw(`-error"><span class="nhsuk-u-visually-hidden">Error:</span> `)
		w.writeText(f.Error)
		w.raw(`</span>`)
	}
	w.raw("\n")
}

// controlStart opens the control itself, as
// <tag class="base[ extra][ base--error]" id="…" name="…", for the
// caller to add its own attributes.
func (w *htmlWriter) controlStart(f *formField, tag, base string, extra fieldValue) {
	w.raw("<" + tag + ` class="` + base)
	if extra.truthy {
		w.raw(" ")
		w.text(extra.s)
	}
	if f.Error.truthy {
		w.raw(" " + base + "--error")
	}
	w.raw(`" id="`)
	w.text(f.ID.s)
	w.raw(`" name="`)
	w.text(f.Name.s)
	w.raw(`"`)
}

// attrOr writes name="value", or the fallback when the value is not set
// ({{or .Key "fallback"}}).
func (w *htmlWriter) attrOr(name string, v fieldValue, fallback string) {
	w.raw(" " + name + `="`)
	if v.truthy {
		w.text(v.s)
	} else {
		w.raw(fallback)
	}
	w.raw(`"`)
}

// optionalAttr writes name="value" when the value is set ({{with}}).
func (w *htmlWriter) optionalAttr(name string, v fieldValue) {
	if v.truthy {
		w.raw(" " + name + `="`)
		w.text(v.s)
		w.raw(`"`)
	}
}

// describedBy is field-describedby: the hint's and error's ids.
func (w *htmlWriter) describedBy(f *formField) {
	hint, errs := f.Hint.truthy, f.Error.truthy
	if !hint && !errs {
		return
	}
	w.raw(` aria-describedby="`)
	if hint {
		w.text(f.ID.s)
		w.raw("-hint")
	}
	if hint && errs {
		w.raw(" ")
	}
	if errs {
		w.text(f.ID.s)
		w.raw("-error")
	}
	w.raw(`"`)
}

// fieldInput is field-input in Go, or "" when the template must draw it.
func fieldInput(d any) template.HTML {
	r := newFieldReader(d)
	f := r.common()
	f.Class, f.Type, f.Value = r.attr("Class"), r.attr("Type"), r.attr("Value")
	f.Autocomplete, f.Inputmode, f.Maxlength, f.Spellcheck = r.attr("Autocomplete"), r.attr("Inputmode"), r.attr("Maxlength"), r.attr("Spellcheck")
	if !r.ok {
		return ""
	}
	var w htmlWriter
	w.Grow(600)
	w.input(&f)
	return template.HTML(w.String())
}

// input writes field-input.
func (w *htmlWriter) input(f *formField) {
	w.fieldTop(f)
	w.controlStart(f, "input", "nhsuk-input", f.Class)
	w.attrOr("type", f.Type, "text")
	w.raw(` value="`)
	w.text(f.Value.s)
	w.raw(`"`)
	w.optionalAttr("autocomplete", f.Autocomplete)
	w.optionalAttr("inputmode", f.Inputmode)
	w.optionalAttr("maxlength", f.Maxlength)
	w.optionalAttr("spellcheck", f.Spellcheck)
	w.describedBy(f)
	w.raw(">\n</div>\n")
}

// fieldTextarea is field-textarea in Go, or "" when the template must
// draw it (as it does whenever the language guide flags the text, to
// show the flags under the box).
func fieldTextarea(d any) template.HTML {
	r := newFieldReader(d)
	f := r.common()
	f.Value, f.OwnWords, f.Plain = r.attr("Value"), r.text("OwnWords"), r.text("Plain")
	f.Rows, f.Maxlength, f.Spellcheck = r.attr("Rows"), r.attr("Maxlength"), r.attr("Spellcheck")
	if !r.ok || len(f.languageFlags()) > 0 {
		return ""
	}
	var w htmlWriter
	w.Grow(900 + len(f.Value.s))
	w.textarea(&f, nil)
	return template.HTML(w.String())
}

// languageFlags are what the language guide finds in a text area's text
// as it is drawn (none for a box it does not check).
func (f *formField) languageFlags() []flagView {
	if f.OwnWords.truthy || f.Plain.truthy || !f.Value.str {
		return nil
	}
	return languageCheckOf(f.Value.s).Flags
}

// textarea writes field-textarea, with flags (f.languageFlags) under the
// box.
func (w *htmlWriter) textarea(f *formField, flags []flagView) {
	check := !f.OwnWords.truthy && !f.Plain.truthy
	w.fieldTop(f)
	w.controlStart(f, "textarea", "nhsuk-textarea", fieldValue{})
	w.attrOr("rows", f.Rows, "3")
	w.optionalAttr("maxlength", f.Maxlength)
	w.optionalAttr("spellcheck", f.Spellcheck)
	w.describedBy(f)
	if check {
		w.raw(` hx-post="/language/check" hx-trigger="input changed delay:500ms" hx-sync="this:replace" hx-target="#`)
		w.text(f.ID.s)
		w.raw(`-language" hx-swap="innerHTML" hx-params="language_field,`)
		w.text(f.Name.s)
		w.raw(`" hx-vals='{"language_field": "`)
		w.text(f.Name.s)
		w.raw(`"}' data-language-check`)
	}
	w.raw(">")
	w.text(f.Value.s)
	w.raw("</textarea>\n  ")
	if check {
		w.raw(`<div class="tl-language-live" id="`)
		w.text(f.ID.s)
		w.raw(`-language" aria-live="polite">`)
		w.languageCheck(flags)
		w.raw(`</div>`)
	}
	w.raw("\n</div>\n")
}

// fieldSelect is field-select in Go, or "" when the template must draw it.
func fieldSelect(d any) (template.HTML, error) {
	r := newFieldReader(d)
	f := r.common()
	f.Blank = r.text("Blank")
	if !r.ok {
		return "", nil
	}
	f.Options, f.Chosen = r.args["Options"], fmt.Sprint(r.args["Value"])
	var w htmlWriter
	w.Grow(800)
	if err := w.selectField(&f); err != nil {
		return "", err
	}
	return template.HTML(w.String()), nil
}

// selectField writes field-select.
func (w *htmlWriter) selectField(f *formField) error {
	w.fieldTop(f)
	w.controlStart(f, "select", "nhsuk-select", fieldValue{})
	w.describedBy(f)
	w.raw(">\n    ")
	if f.Blank.truthy {
		w.raw(`<option value="">`)
		w.writeText(f.Blank)
		w.raw(`</option>`)
	}
	w.raw("\n    ")
	if err := w.options(f.Options, f.Chosen); err != nil {
		return err
	}
	w.raw("\n  </select>\n</div>\n")
	return nil
}
