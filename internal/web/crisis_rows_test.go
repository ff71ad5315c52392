package web

import (
	"strings"
	"testing"

	"throughline/internal/web/form"
)

// oldCrisisRows is the crisis plan's two row ranges as the template had
// them, before crisis_rows.go: what the Go must write.
const oldCrisisRows = `{{define "old-crisis-rows"}}{{$d := .}}{{range $i, $c := $d.Contacts}}{{$row := printf " (contact %d)" (add $i 1)}}
    <div class="tl-contact-row">
      {{template "field-input" (dict "Name" "contact-name" "ID" (printf "contact-name-%d" $i) "Label" ($d.Label "Name" $row) "Value" $c.Name)}}
      {{template "field-input" (dict "Name" "contact-role" "ID" (printf "contact-role-%d" $i) "Label" ($d.Label "Role or service" $row) "Value" $c.Role)}}
      {{template "field-input" (dict "Name" "contact-phone" "ID" (printf "contact-phone-%d" $i) "Label" ($d.Label "Phone" $row) "Value" $c.Phone)}}
      {{template "field-input" (dict "Name" "contact-hours" "ID" (printf "contact-hours-%d" $i) "Label" ($d.Label "When available" $row) "Value" $c.Hours)}}
    </div>
    {{end}}{{range $i, $s := $d.Shares}}{{$row := printf " (row %d)" (add $i 1)}}
    <div class="tl-contact-row">
      {{template "field-input" (dict "Name" "share-recipient" "ID" (printf "share-recipient-%d" $i) "Label" ($d.Label "Shared with" $row) "Value" $s.Recipient)}}
      {{template "field-select" (dict "Name" "share-consented" "ID" (printf "share-consented-%d" $i) "Label" ($d.Label "Consent" $row) "Options" $d.Consents "Blank" "Choose" "Value" $s.Consented)}}
      {{template "field-input" (dict "Name" "share-on" "ID" (printf "share-on-%d" $i) "Label" ($d.Label "Date recorded" $row) "Type" "date" "Value" $s.On)}}
    </div>
    {{end}}{{end}}`

// TestCrisisRowsMatchTheirTemplate: the crisis plan's rows of contacts
// and of people it is shared with, drawn in Go, are what the template's
// ranges drew, for saved rows, awkward text, each consent and none, and
// no rows at all.
func TestCrisisRowsMatchTheirTemplate(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	page, err := pages["crisisplan"].t.Clone()
	if err != nil {
		t.Fatal(err)
	}
	old, err := page.New("old").Parse(oldCrisisRows)
	if err != nil {
		t.Fatal(err)
	}
	consents := form.Options("yes", "Yes, consents", "no", "No, does not consent")
	for _, d := range []crisisData{
		{Consents: consents},
		{Contacts: []contactRow{{}, {}}, Shares: []shareRow{{}}, Consents: consents},
		{Contacts: []contactRow{{"Samaritans", "Listening line", "116 123", "Any time"}, {awkward, awkward, awkward, awkward}, {}},
			Shares: []shareRow{{"GP", "yes", "2026-11-03"}, {awkward, "no", awkward}, {"Sister", awkward, ""}, {}}, Consents: consents},
	} {
		var want strings.Builder
		if err := old.ExecuteTemplate(&want, "old-crisis-rows", d); err != nil {
			t.Fatal(err)
		}
		contacts, err := d.ContactFields()
		if err != nil {
			t.Fatal(err)
		}
		shares, err := d.ShareFields()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(contacts) + string(shares); got != want.String() {
			t.Errorf("%d contacts, %d shares:\ngot  %q\nwant %q", len(d.Contacts), len(d.Shares), got, want.String())
		}
	}
}
