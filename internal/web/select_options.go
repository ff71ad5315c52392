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
	v := fmt.Sprint(value)
	var b strings.Builder
	write := func(val, label string, rawLabel bool) {
		b.WriteString(`<option value="`)
		b.WriteString(htmlEscaper.Replace(val))
		b.WriteByte('"')
		if val == v {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		if rawLabel {
			b.WriteString(label)
		} else {
			b.WriteString(htmlEscaper.Replace(label))
		}
		b.WriteString("</option>")
	}
	if opts, ok := options.([]form.Option); ok {
		for _, o := range opts {
			write(o.Value, o.Label, false)
		}
		return template.HTML(b.String()), nil
	}
	// Any other list of things with a Value and a Label, as the template
	// took them.
	list := reflect.ValueOf(options)
	if !list.IsValid() {
		return "", nil
	}
	if list.Kind() != reflect.Slice && list.Kind() != reflect.Array {
		return "", fmt.Errorf("select options: %T is not a list", options)
	}
	for i := range list.Len() {
		val, err := member(list.Index(i), "Value")
		if err != nil {
			return "", err
		}
		label, err := member(list.Index(i), "Label")
		if err != nil {
			return "", err
		}
		s, ok := val.(string)
		if !ok {
			return "", fmt.Errorf("select options: a choice's Value is %T, not a string", val)
		}
		if h, ok := label.(template.HTML); ok {
			write(s, string(h), true)
		} else {
			write(s, fmt.Sprint(label), false)
		}
	}
	return template.HTML(b.String()), nil
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
