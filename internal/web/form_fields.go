package web

import (
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
// FuzzFormFieldsMatchTheirTemplates.

// fieldValue is one of a partial's values as the template reads it.
type fieldValue struct {
	s      string // as printed
	html   bool   // template.HTML: written as it is in text, not escaped
	truthy bool   // as {{if}} sees it
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
		return fieldValue{s: x, truthy: x != ""}, true
	case template.HTML:
		return fieldValue{s: string(x), html: true, truthy: x != ""}, true
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
func (w *htmlWriter) fieldTop(r *fieldReader, id fieldValue) {
	errs, hint := r.text("Error"), r.text("Hint")
	w.raw("\n<div class=\"nhsuk-form-group")
	if errs.truthy {
		w.raw(" nhsuk-form-group--error")
	}
	w.raw("\">\n  <label class=\"nhsuk-label")
	if r.text("Small").truthy {
		w.raw(" nhsuk-label--s")
	}
	w.raw(`" for="`)
	w.text(id.s)
	w.raw(`">`)
	w.writeText(r.text("Label"))
	w.raw("</label>\n  ")
	w.hintError(hint, errs, id)
	w.raw("\n  ")
}

// hintError is field-hint-error: the hint and the error, each when set.
func (w *htmlWriter) hintError(hint, errs, id fieldValue) {
	w.raw("\n  ")
	if hint.truthy {
		w.raw(`<div class="nhsuk-hint" id="`)
		w.text(id.s)
		w.raw(`-hint">`)
		w.writeText(hint)
		w.raw(`</div>`)
	}
	w.raw("\n  ")
	if errs.truthy {
		w.raw(`<span class="nhsuk-error-message" id="`)
		w.text(id.s)
		w.raw(`-error"><span class="nhsuk-u-visually-hidden">Error:</span> `)
		w.writeText(errs)
		w.raw(`</span>`)
	}
	w.raw("\n")
}

// controlStart opens the control itself, as
// <tag class="base[ extra][ base--error]" id="…" name="…", for the
// caller to add its own attributes.
func (w *htmlWriter) controlStart(r *fieldReader, id fieldValue, tag, base string, extra fieldValue) {
	w.raw("<" + tag + ` class="` + base)
	if extra.truthy {
		w.raw(" ")
		w.text(extra.s)
	}
	if r.text("Error").truthy {
		w.raw(" " + base + "--error")
	}
	w.raw(`" id="`)
	w.text(id.s)
	w.raw(`" name="`)
	w.text(r.attr("Name").s)
	w.raw(`"`)
}

// attrOr writes name="value", or the fallback when the value is not set
// ({{or .Key "fallback"}}).
func (w *htmlWriter) attrOr(r *fieldReader, name, key, fallback string) {
	w.raw(" " + name + `="`)
	if v := r.attr(key); v.truthy {
		w.text(v.s)
	} else {
		w.raw(fallback)
	}
	w.raw(`"`)
}

// optionalAttr writes name="value" when the value is set ({{with}}).
func (w *htmlWriter) optionalAttr(r *fieldReader, name, key string) {
	if v := r.attr(key); v.truthy {
		w.raw(" " + name + `="`)
		w.text(v.s)
		w.raw(`"`)
	}
}

// describedBy is field-describedby: the hint's and error's ids.
func (w *htmlWriter) describedBy(r *fieldReader, id fieldValue) {
	hint, errs := r.text("Hint").truthy, r.text("Error").truthy
	if !hint && !errs {
		return
	}
	w.raw(` aria-describedby="`)
	if hint {
		w.text(id.s)
		w.raw("-hint")
	}
	if hint && errs {
		w.raw(" ")
	}
	if errs {
		w.text(id.s)
		w.raw("-error")
	}
	w.raw(`"`)
}

// fieldInput is field-input in Go, or "" when the template must draw it.
func fieldInput(d any) template.HTML {
	r := newFieldReader(d)
	var w htmlWriter
	w.Grow(600)
	id := r.or("ID", "Name")
	w.fieldTop(r, id)
	w.controlStart(r, id, "input", "nhsuk-input", r.attr("Class"))
	w.attrOr(r, "type", "Type", "text")
	w.raw(` value="`)
	w.text(r.attr("Value").s)
	w.raw(`"`)
	w.optionalAttr(r, "autocomplete", "Autocomplete")
	w.optionalAttr(r, "inputmode", "Inputmode")
	w.optionalAttr(r, "maxlength", "Maxlength")
	w.optionalAttr(r, "spellcheck", "Spellcheck")
	w.describedBy(r, id)
	w.raw(">\n</div>\n")
	if !r.ok {
		return ""
	}
	return template.HTML(w.String())
}

// fieldTextarea is field-textarea in Go, or "" when the template must
// draw it (as it does whenever the language guide flags the text, to
// show the flags under the box).
func fieldTextarea(d any) template.HTML {
	r := newFieldReader(d)
	var w htmlWriter
	value := r.attr("Value")
	w.Grow(900 + len(value.s))
	id := r.or("ID", "Name")
	name := r.attr("Name")
	check := !r.text("OwnWords").truthy && !r.text("Plain").truthy
	w.fieldTop(r, id)
	w.controlStart(r, id, "textarea", "nhsuk-textarea", fieldValue{})
	w.attrOr(r, "rows", "Rows", "3")
	w.optionalAttr(r, "maxlength", "Maxlength")
	w.optionalAttr(r, "spellcheck", "Spellcheck")
	w.describedBy(r, id)
	if check {
		w.raw(` hx-post="/language/check" hx-trigger="input changed delay:500ms" hx-sync="this:replace" hx-target="#`)
		w.text(id.s)
		w.raw(`-language" hx-swap="innerHTML" hx-params="language_field,`)
		w.text(name.s)
		w.raw(`" hx-vals='{"language_field": "`)
		w.text(name.s)
		w.raw(`"}' data-language-check`)
	}
	w.raw(">")
	w.text(value.s)
	w.raw("</textarea>\n  ")
	if check {
		if len(languageCheckOf(r.args["Value"]).Flags) > 0 {
			return ""
		}
		w.raw(`<div class="tl-language-live" id="`)
		w.text(id.s)
		w.raw(`-language" aria-live="polite"></div>`)
	}
	w.raw("\n</div>\n")
	if !r.ok {
		return ""
	}
	return template.HTML(w.String())
}

// fieldSelect is field-select in Go, or "" when the template must draw it.
func fieldSelect(d any) (template.HTML, error) {
	r := newFieldReader(d)
	var w htmlWriter
	w.Grow(800)
	id := r.or("ID", "Name")
	w.fieldTop(r, id)
	w.controlStart(r, id, "select", "nhsuk-select", fieldValue{})
	w.describedBy(r, id)
	w.raw(">\n    ")
	if blank := r.text("Blank"); blank.truthy {
		w.raw(`<option value="">`)
		w.writeText(blank)
		w.raw(`</option>`)
	}
	w.raw("\n    ")
	if !r.ok {
		return "", nil
	}
	options, err := selectOptions(r.args["Options"], r.args["Value"])
	if err != nil {
		return "", err
	}
	w.raw(string(options))
	w.raw("\n  </select>\n</div>\n")
	return template.HTML(w.String()), nil
}
