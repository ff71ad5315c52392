package web

import (
	"html/template"
	"io/fs"
	"strings"
	"testing"

	"throughline/internal/care"
	"throughline/internal/web/form"
)

// oldCarePlanDomains is the care plan form's areas of life as the template
// drew them before they were written in Go (carePlanDomains).
const oldCarePlanDomains = `  {{range $d.Form.Domains}}{{$dom := .}}
  <fieldset class="nhsuk-fieldset nhsuk-u-margin-bottom-5">
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{{.Label}}</legend>
    {{template "field-textarea" (dict "Name" (print "need-" .Code) "Label" (print "What the person needs: " .Label) "Error" .NeedError "Value" .Need "Rows" 2)}}
    {{range $i, $a := .Actions}}
    <div class="tl-action-row">
      {{template "field-input" (dict "Name" (print "action-" $dom.Code "-text") "ID" (print "action-" $dom.Code (or (and $i (print "-" $i)) "")) "Label" ($d.Label (print "Action " (add $i 1)) (print " for " $dom.Label)) "Value" $a.Text "Error" (or (and (eq $i 0) $dom.ActionError) ""))}}
      {{template "field-select" (dict "Name" (print "action-" $dom.Code "-owner") "ID" (printf "owner-%s-%d" $dom.Code $i) "Label" ($d.Label "Who will do it" (printf " (action %d, %s)" (add $i 1) $dom.Label)) "Blank" "Choose who" "Options" $owners "Value" $a.Owner)}}
    </div>
    {{end}}
  </fieldset>
  {{end}}
`

// TestCarePlanFieldsMatchTheTemplate: the care plan form's need boxes and
// action rows, drawn by carePlanDomains as careplan.html now draws them,
// are byte for byte what the template wrote: for needs and
// actions written and blank, errors on a need and on an area's actions,
// several rows, awkward text and a need the language guide flags.
func TestCarePlanFieldsMatchTheTemplate(t *testing.T) {
	page, err := fs.ReadFile(templateFiles, "templates/careplan.html")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(page), "  {{carePlanDomains $d.Form}}")
	end := strings.Index(string(page), "  <h2>Review and agreement</h2>")
	if start < 0 || end < start {
		t.Fatal("careplan.html no longer has the areas of life before the review: update this test")
	}
	draw := func(block string, v view) string {
		t.Helper()
		tpl := template.Must(template.Must(template.New("t").Funcs(funcs).ParseFS(templateFiles, "templates/partials*.html")).Parse(
			`{{define "domains"}}{{$d := .D}}{{$owners := $d.Form.Owners}}` + block + `{{end}}`))
		var b strings.Builder
		if err := tpl.ExecuteTemplate(&b, "domains", v); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	owners := form.Options("person", "The person", "staff:3", awkward+" (staff)", "agency:gp", "GP")
	var domains []domainForm
	for i, d := range care.LifeDomains {
		df := domainForm{Code: d.Code, Label: d.Label}
		switch i {
		case 0:
			df.Need, df.NeedError, df.ActionError = "Somewhere safe to live", "Say what the person needs", "Say who will do it"
			df.Actions = []actionRow{{"Ring the council", "person"}, {"Visit", "staff:3"}, {"Write", "nobody"}}
		case 1:
			df.Need, df.Label = awkward, awkward
			df.Actions = []actionRow{{awkward, awkward}}
		case 2:
			df.Need = "She was attention-seeking, staff said"
		}
		df.Actions = append(df.Actions, actionRow{})
		domains = append(domains, df)
	}
	v := view{D: carePlanData{Form: planForm{Domains: domains, Owners: owners}}}
	want := draw(oldCarePlanDomains, v)
	if got := draw(string(page)[start:end], v); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if !strings.Contains(want, "attention-seeking") || !strings.Contains(want, "action-"+care.LifeDomains[0].Code+"-2") {
		t.Error("the test's plan does not reach every kind of row")
	}
}
