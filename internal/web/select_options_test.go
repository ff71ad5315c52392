package web

import (
	"html/template"
	"strings"
	"testing"

	"throughline/internal/web/form"
)

// labelled is a choice whose label is a method, as some pages' are.
type labelled struct{ Value, name string }

func (l labelled) Label() string { return "The " + l.name }

// TestSelectOptionsMatchTheTemplate: the choices selectOptions writes are
// byte for byte what field-select's range wrote, for plain and awkward
// text, a chosen value, none, a value of another type, and choices that
// are not form.Options.
func TestSelectOptionsMatchTheTemplate(t *testing.T) {
	old := template.Must(template.New("old").Parse(
		`{{$v := print .Value}}{{range .Options}}<option value="{{.Value}}"{{if eq .Value $v}} selected{{end}}>{{.Label}}</option>{{end}}`))
	now := template.Must(template.New("new").Funcs(template.FuncMap{"selectOptions": selectOptions}).Parse(`{{selectOptions .Options .Value}}`))
	awkward := form.Options("a&b", `Tom's "best" <plan>`, "1+1", "x\x00y", "", "Blank value")
	for _, tc := range []struct {
		name string
		data map[string]any
	}{
		{"chosen", map[string]any{"Options": form.Options("1", "One", "2", "Two"), "Value": "2"}},
		{"none chosen", map[string]any{"Options": form.Options("1", "One", "2", "Two"), "Value": ""}},
		{"no value given", map[string]any{"Options": form.Options("1", "One")}},
		{"an int value", map[string]any{"Options": form.Options("7", "Seven", "8", "Eight"), "Value": 7}},
		{"awkward text", map[string]any{"Options": awkward, "Value": "a&b"}},
		{"empty value chosen", map[string]any{"Options": awkward, "Value": ""}},
		{"no options", map[string]any{"Value": "1"}},
		{"label methods", map[string]any{"Options": []labelled{{"a", "first & best"}, {"b", "second"}}, "Value": "b"}},
		{"pointers", map[string]any{"Options": []*labelled{{"a", "first"}, {"b", "<second>"}}, "Value": "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got strings.Builder
			if err := old.Execute(&want, tc.data); err != nil {
				t.Fatal(err)
			}
			if err := now.Execute(&got, tc.data); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("got  %s\nwant %s", got.String(), want.String())
			}
		})
	}
}

// TestSelectOptionsRefuseWhatIsNotAList: choices of the wrong shape are a
// clear error (the page shows its error page), not an empty select.
func TestSelectOptionsRefuseWhatIsNotAList(t *testing.T) {
	for _, bad := range []any{"1,2,3", []int{1, 2}, []struct{ Value int }{{1}}} {
		if _, err := selectOptions(bad, ""); err == nil {
			t.Errorf("selectOptions(%#v) gave no error", bad)
		}
	}
}
