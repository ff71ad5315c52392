package web

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"

	"throughline/internal/web/form"
)

// selectOptions writes a select's choices, the one matching value marked
// selected, for the field-select partial. The template did this with a
// range, an eq and two escaped fields per choice, each a reflective call:
// a care plan (a rating for each goal, an owner for each action) ran
// thousands a page, and template execution was most of its CPU. The HTML
// is the same byte for byte (TestSelectOptionsMatchTheTemplate).
func selectOptions(options any, value any) (template.HTML, error) {
	var w htmlWriter
	if err := w.options(options, fmt.Sprint(value)); err != nil {
		return "", err
	}
	return template.HTML(w.String()), nil
}

// options writes a select's choices, the one whose value is chosen
// marked selected.
func (w *htmlWriter) options(options any, chosen string) error {
	write := func(val, label string, rawLabel bool) {
		w.raw(`<option value="`)
		w.text(val)
		w.raw(`"`)
		if val == chosen {
			w.raw(" selected")
		}
		w.raw(">")
		if rawLabel {
			w.raw(label)
		} else {
			w.text(label)
		}
		w.raw("</option>")
	}
	switch opts := options.(type) {
	case []form.Option:
		for _, o := range opts {
			write(o.Value, o.Label, false)
		}
		return nil
	case preparedOptions:
		for _, o := range opts {
			w.raw(o.start)
			if o.value == chosen {
				w.raw(" selected")
			}
			w.raw(o.end)
		}
		return nil
	}
	// Any other list of things with a Value and a Label, as the template
	// took them.
	list := reflect.ValueOf(options)
	if !list.IsValid() {
		return nil
	}
	if list.Kind() != reflect.Slice && list.Kind() != reflect.Array {
		return fmt.Errorf("select options: %T is not a list", options)
	}
	for i := range list.Len() {
		val, err := member(list.Index(i), "Value")
		if err != nil {
			return err
		}
		label, err := member(list.Index(i), "Label")
		if err != nil {
			return err
		}
		s, ok := val.(string)
		if !ok {
			return fmt.Errorf("select options: a choice's Value is %T, not a string", val)
		}
		if h, ok := label.(template.HTML); ok {
			write(s, string(h), true)
		} else {
			write(s, fmt.Sprint(label), false)
		}
	}
	return nil
}

// preparedOptions are a list of choices escaped once, for a page that
// offers the same choices in many selects (a care plan's action owners,
// its goals' ratings).
type preparedOptions []preparedOption

// preparedOption is one choice's markup either side of where " selected"
// goes.
type preparedOption struct{ value, start, end string }

func prepareOptions(opts []form.Option) preparedOptions {
	// One string holds every choice's markup; each part is a slice of it.
	var w htmlWriter
	w.Grow(len(opts) * 48)
	ends := make([]int, 0, 2*len(opts))
	for _, o := range opts {
		w.raw(`<option value="`)
		w.text(o.Value)
		w.raw(`"`)
		ends = append(ends, w.Len())
		w.raw(">")
		w.text(o.Label)
		w.raw("</option>")
		ends = append(ends, w.Len())
	}
	all, from := w.String(), 0
	out := make(preparedOptions, len(opts))
	for i, o := range opts {
		out[i] = preparedOption{value: o.Value, start: all[from:ends[2*i]], end: all[ends[2*i]:ends[2*i+1]]}
		from = ends[2*i+1]
	}
	return out
}

// member is x's field or niladic method name, as {{.Name}} reads it.
func member(x reflect.Value, name string) (any, error) {
	for x.Kind() == reflect.Pointer || x.Kind() == reflect.Interface {
		if m := x.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
			return m.Call(nil)[0].Interface(), nil
		}
		x = x.Elem()
	}
	if m := x.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
		return m.Call(nil)[0].Interface(), nil
	}
	if x.Kind() == reflect.Struct {
		if f := x.FieldByName(name); f.IsValid() {
			return f.Interface(), nil
		}
	}
	return nil, fmt.Errorf("select options: a %s choice has no %s", x.Type(), name)
}

// htmlEscaper escapes as html/template does text and quoted attribute
// values, so the choices read exactly as they did from the template.
var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)
