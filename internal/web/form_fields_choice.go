package web

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"

	"throughline/internal/web/form"
)

// field-radios and field-checkboxes drawn in Go, as form_fields.go draws
// the text boxes and selects: an appointments page draws a checkbox for
// each of its team's staff and two rows of radios for outreach, and each
// choice was a dozen reflective reads, escaper calls and a printf in the
// template. The field-*-template definitions in partials_form.html stay
// the markup's definition and draw what the Go does not: options of any
// type but []form.Option, chosen values other than a []string, an id
// that is not text (radios print it with %s), HTML where an attribute
// goes. TestChoiceFieldsMatchTheirTemplates and
// FuzzChoiceFieldsMatchTheirTemplates compare the two byte for byte.

// choiceArgs reads what both kinds of choice share: the options, and the
// id when it must be text.
func choiceArgs(r *fieldReader, textID bool) ([]form.Option, formField) {
	options, ok := r.args["Options"].([]form.Option)
	if r.args["Options"] == nil {
		ok = true
	}
	r.ok = r.ok && ok
	if textID {
		_, idText := r.args["ID"].(string)
		_, nameText := r.args["Name"].(string)
		r.ok = r.ok && (idText || nameText) && (idText || r.args["ID"] == nil) && (nameText || r.args["Name"] == nil)
	}
	return options, r.common()
}

// fieldsetTop writes what both begin with: the form group, the fieldset
// (with the field's id when extraID), its legend, hint and error.
func (w *htmlWriter) fieldsetTop(r *fieldReader, f *formField, withID bool) {
	w.raw("\n<div class=\"nhsuk-form-group")
	if f.Error.truthy {
		w.raw(" nhsuk-form-group--error")
	}
	w.raw("\">\n  <fieldset class=\"nhsuk-fieldset\"")
	if withID {
		w.raw(` id="`)
		w.text(f.ID.s)
		w.raw(`"`)
	}
	w.describedBy(f)
	w.raw(">\n    <legend class=\"nhsuk-fieldset__legend")
	if f.Small.truthy {
		w.raw(" nhsuk-fieldset__legend--s")
	} else {
		w.raw(" nhsuk-fieldset__legend--m")
	}
	w.raw(`">`)
	w.writeText(r.text("Legend"))
	w.raw("</legend>\n    ")
	w.hintError(f)
}

// fieldsetEnd closes what fieldsetTop opened, after the choices' div.
func (w *htmlWriter) fieldsetEnd() { w.raw("\n    </div>\n  </fieldset>\n</div>\n") }

// fieldRadios is field-radios in Go, or "" when the template must draw it.
func fieldRadios(d any) template.HTML {
	r := newFieldReader(d)
	options, f := choiceArgs(r, true)
	byValue := r.text("IDByValue").truthy
	chosen := fmt.Sprint(r.args["Value"]) // {{print .Value}}
	var w htmlWriter
	w.Grow(500 + 400*len(options))
	w.fieldsetTop(r, &f, byValue)
	w.raw("\n    <div class=\"nhsuk-radios")
	if r.text("Inline").truthy {
		w.raw(" nhsuk-radios--inline")
	}
	w.raw("\">\n    \n    ")
	for i, o := range options {
		rid := f.ID.s
		if byValue {
			rid = f.ID.s + "-" + o.Value
		} else if i > 0 {
			rid = f.ID.s + "-" + strconv.Itoa(i)
		}
		if o.Divider != "" {
			w.raw(`<div class="nhsuk-radios__divider">`)
			w.text(o.Divider)
			w.raw(`</div>`)
		}
		w.raw("<div class=\"nhsuk-radios__item\">\n      <input class=\"nhsuk-radios__input\" id=\"")
		w.text(rid)
		w.raw(`" name="`)
		w.text(f.Name.s)
		w.raw(`" type="radio" value="`)
		w.text(o.Value)
		w.raw(`"`)
		if o.Value == chosen {
			w.raw(" checked")
		}
		if o.Hint != "" {
			w.raw(` aria-describedby="`)
			w.text(rid)
			w.raw(`-item-hint"`)
		}
		w.raw(">\n      <label class=\"nhsuk-label nhsuk-radios__label\" for=\"")
		w.text(rid)
		w.raw(`">`)
		w.text(o.Label)
		w.raw("</label>\n      ")
		if o.Hint != "" {
			w.raw(`<div class="nhsuk-hint nhsuk-radios__hint" id="`)
			w.text(rid)
			w.raw(`-item-hint">`)
			w.text(o.Hint)
			w.raw(`</div>`)
		}
		w.raw("\n    </div>")
	}
	w.fieldsetEnd()
	if !r.ok {
		return ""
	}
	return template.HTML(w.String())
}

// fieldCheckboxes is field-checkboxes in Go, or "" when the template must
// draw it.
func fieldCheckboxes(d any) template.HTML {
	r := newFieldReader(d)
	options, f := choiceArgs(r, false)
	values, ok := r.args["Values"].([]string)
	r.ok = r.ok && (ok || r.args["Values"] == nil)
	var w htmlWriter
	w.Grow(400 + 300*len(options))
	w.fieldsetTop(r, &f, false)
	w.raw("\n    <div class=\"nhsuk-checkboxes\">\n    \n    ")
	for i, o := range options {
		cid := f.ID.s
		if i > 0 {
			cid += "-" + strconv.Itoa(i)
		}
		w.raw("<div class=\"nhsuk-checkboxes__item\">\n      <input class=\"nhsuk-checkboxes__input\" id=\"")
		w.text(cid)
		w.raw(`" name="`)
		w.text(f.Name.s)
		w.raw(`" type="checkbox" value="`)
		w.text(o.Value)
		w.raw(`"`)
		if slices.Contains(values, o.Value) {
			w.raw(" checked")
		}
		w.raw(">\n      <label class=\"nhsuk-label nhsuk-checkboxes__label\" for=\"")
		w.text(cid)
		w.raw(`">`)
		w.text(o.Label)
		w.raw("</label>\n    </div>")
	}
	w.fieldsetEnd()
	if !r.ok {
		return ""
	}
	return template.HTML(w.String())
}
