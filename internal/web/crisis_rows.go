package web

import (
	"fmt"
	"html/template"
)

// The crisis plan is a fifth of the record pages clinicians open, and its
// rows of contacts and of people it is shared with were most of its
// template's work: each box a dict, two printfs and a label built through
// reflective calls before the Go drew it. ContactFields and ShareFields
// draw the rows in Go with the same field partials' Go, byte for byte as
// the template's ranges (TestCrisisRowsMatchTheirTemplate).

// rowField is one box of a row: its name, its visible label, and the
// rest of its values.
type rowField struct {
	name, label string
	draw        func(any) (template.HTML, error)
	values      []any
}

// fieldRows writes each row's boxes, as the template's range did.
func fieldRows(n int, rowWord string, labels rowLabels, fields func(i int) []rowField) (template.HTML, error) {
	var w htmlWriter
	w.Grow(n * 2600)
	for i := range n {
		row := fmt.Sprintf(" (%s %d)", rowWord, i+1)
		w.raw("\n    <div class=\"tl-contact-row\">")
		for _, f := range fields(i) {
			args := dict(append([]any{"Name", f.name, "ID", fmt.Sprintf("%s-%d", f.name, i), "Label", labels.Label(f.label, row)}, f.values...)...)
			html, err := f.draw(args)
			if err != nil {
				return "", err
			}
			if html == "" {
				return "", fmt.Errorf("the %s box of %s %d could not be drawn", f.name, rowWord, i+1)
			}
			w.raw("\n      ")
			w.raw(string(html))
		}
		w.raw("\n    </div>\n    ")
	}
	return template.HTML(w.String()), nil
}

func drawInput(d any) (template.HTML, error) { return fieldInput(d), nil }

// ContactFields is the plan's rows of people and services to contact.
func (d crisisData) ContactFields() (template.HTML, error) {
	return fieldRows(len(d.Contacts), "contact", d.rowLabels, func(i int) []rowField {
		c := d.Contacts[i]
		return []rowField{
			{"contact-name", "Name", drawInput, []any{"Value", c.Name}},
			{"contact-role", "Role or service", drawInput, []any{"Value", c.Role}},
			{"contact-phone", "Phone", drawInput, []any{"Value", c.Phone}},
			{"contact-hours", "When available", drawInput, []any{"Value", c.Hours}},
		}
	})
}

// ShareFields is the plan's rows of who it is shared with.
func (d crisisData) ShareFields() (template.HTML, error) {
	return fieldRows(len(d.Shares), "row", d.rowLabels, func(i int) []rowField {
		s := d.Shares[i]
		return []rowField{
			{"share-recipient", "Shared with", drawInput, []any{"Value", s.Recipient}},
			{"share-consented", "Consent", fieldSelect, []any{"Options", d.Consents, "Blank", "Choose", "Value", s.Consented}},
			{"share-on", "Date recorded", drawInput, []any{"Type", "date", "Value", s.On}},
		}
	})
}
