package web

import (
	"fmt"
	"html/template"
)

// The crisis plan is a fifth of the record pages clinicians open, and its
// rows of contacts and of people it is shared with were most of its
// template's work: each box a dict, two printfs and a label built through
// reflective calls before the Go drew it. ContactFields and ShareFields
// draw the rows with the form partials' Go (formField), byte for byte as
// the template's ranges did (TestCrisisRowsMatchTheirTemplate).

// rowBox is one box of a row: its name, its visible label, and how it
// is drawn once its id, name and label are set.
type rowBox struct {
	name, label string
	draw        func(w *htmlWriter, f *formField) error
}

// fieldRows writes n rows of boxes as the template's range did.
func fieldRows(n int, rowWord string, labels rowLabels, boxes func(i int) []rowBox) (template.HTML, error) {
	var w htmlWriter
	w.Grow(n * 2600)
	for i := range n {
		row := fmt.Sprintf(" (%s %d)", rowWord, i+1)
		w.raw("\n    <div class=\"tl-contact-row\">")
		for _, b := range boxes(i) {
			f := formField{ID: textValue(fmt.Sprintf("%s-%d", b.name, i)), Name: textValue(b.name), Label: htmlValue(labels.Label(b.label, row))}
			w.raw("\n      ")
			if err := b.draw(&w, &f); err != nil {
				return "", err
			}
		}
		w.raw("\n    </div>\n    ")
	}
	return template.HTML(w.String()), nil
}

// textBox draws a text box of the given type ("": text) holding value.
func textBox(kind, value string) func(*htmlWriter, *formField) error {
	return func(w *htmlWriter, f *formField) error {
		f.Type, f.Value = textValue(kind), textValue(value)
		w.input(f)
		return nil
	}
}

// ContactFields is the plan's rows of people and services to contact.
func (d crisisData) ContactFields() (template.HTML, error) {
	return fieldRows(len(d.Contacts), "contact", d.rowLabels, func(i int) []rowBox {
		c := d.Contacts[i]
		return []rowBox{
			{"contact-name", "Name", textBox("", c.Name)},
			{"contact-role", "Role or service", textBox("", c.Role)},
			{"contact-phone", "Phone", textBox("", c.Phone)},
			{"contact-hours", "When available", textBox("", c.Hours)},
		}
	})
}

// ShareFields is the plan's rows of who it is shared with.
func (d crisisData) ShareFields() (template.HTML, error) {
	return fieldRows(len(d.Shares), "row", d.rowLabels, func(i int) []rowBox {
		s := d.Shares[i]
		consent := func(w *htmlWriter, f *formField) error {
			f.Blank, f.Options, f.Chosen = textValue("Choose"), d.Consents, s.Consented
			return w.selectField(f)
		}
		return []rowBox{
			{"share-recipient", "Shared with", textBox("", s.Recipient)},
			{"share-consented", "Consent", consent},
			{"share-on", "Date recorded", textBox("date", s.On)},
		}
	})
}
