package main

import (
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
)

func golden(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The pages in testdata are real pages served by the demo region.
const sessionToken = "R24ba4CkW41T5XwoVKkEQWU0elvSz41Hqv17aUs0hr0"

func TestCSRFToken(t *testing.T) {
	tests := []struct {
		page, want string
	}{
		{golden(t, "login.html"), "eKPZU1gIZ_R1AV9JTbC-IDyV8xVwDQGg1VyGBb2nwMk"},
		{golden(t, "home.html"), sessionToken},
		{golden(t, "care-plan.html"), sessionToken},
		{`<form method="post"><input name="csrf_token" value="a&amp;b" type="hidden"></form>`, "a&b"},
	}
	for _, tt := range tests {
		got, err := csrfToken(tt.page)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("csrfToken = %q, want %q", got, tt.want)
		}
	}
	for _, page := range []string{"", "<p>No forms</p>", `<form><input name="csrf_token" value=""></form>`} {
		if got, err := csrfToken(page); err == nil {
			t.Errorf("csrfToken(%q) = %q, want an error", page, got)
		}
	}
}

func TestCaseloadFromHomePage(t *testing.T) {
	got, err := caseload(golden(t, "home.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 20 {
		t.Fatalf("got %d people, want the 20 under Your caseload: %v", len(got), got)
	}
	if want := (Person{74, "Leanne Hall"}); got[0] != want {
		t.Errorf("first = %v, want %v", got[0], want)
	}
	if want := (Person{95, "Adam Green"}); got[19] != want {
		t.Errorf("last = %v, want %v", got[19], want)
	}
	for _, p := range got {
		// 448 is an open referral listed below the caseload; the tasks
		// above it link to /people/44/tasks/14, not to a record.
		if p.ID == 448 || p.ID == 2001 {
			t.Errorf("person %d is from another section of the page", p.ID)
		}
	}
}

func TestCaseloadRefusesPagesWithoutOne(t *testing.T) {
	for _, page := range []string{
		"",
		golden(t, "people.html"),
		`<h2>Your caseload</h2><p>No one yet.</p><h2>Open referrals</h2><a href="/people/3">Someone</a>`,
	} {
		if got, err := caseload(page); err == nil {
			t.Errorf("caseload = %v, want an error", got)
		}
	}
}

func TestGoalFormFromCarePlan(t *testing.T) {
	f, err := findForm(golden(t, "care-plan.html"), "POST", "/care-plan/goals")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Action, "/people/74/care-plan/goals"; got != want {
		t.Errorf("action = %q, want %q", got, want)
	}
	want := url.Values{"csrf_token": {sessionToken}, "episode": {"27"}, "goal_text": {""}, "own_words": {"yes"}, "goal_rating": {""}}
	if !reflect.DeepEqual(f.Values, want) {
		t.Errorf("values = %v, want %v", f.Values, want)
	}
	kinds := map[string]string{"csrf_token": "hidden", "episode": "hidden", "goal_text": "textarea", "own_words": "checkbox", "goal_rating": "select"}
	if !reflect.DeepEqual(f.Fields, kinds) {
		t.Errorf("fields = %v, want %v", f.Fields, kinds)
	}
}

func TestSearchAndSignInForms(t *testing.T) {
	search, err := findForm(golden(t, "people.html"), "GET", "/people")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := search.Fields, map[string]string{"q": "search"}; !reflect.DeepEqual(got, want) {
		t.Errorf("search fields = %v, want %v", got, want)
	}
	login, err := findForm(golden(t, "login.html"), "POST", "/login")
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"csrf_token": {"eKPZU1gIZ_R1AV9JTbC-IDyV8xVwDQGg1VyGBb2nwMk"}, "next": {"/"}, "username": {""}, "password": {""}}
	if !reflect.DeepEqual(login.Values, want) {
		t.Errorf("sign-in values = %v, want %v", login.Values, want)
	}
	if _, err := findForm(golden(t, "login.html"), "POST", "/nowhere"); err == nil {
		t.Error("findForm found a form that is not on the page")
	}
}

// The controls a browser submits, one case each.
func TestFormControls(t *testing.T) {
	tests := []struct {
		name, body string
		want       url.Values
	}{
		{"selected option", `<select name="s"><option value="a">A</option><option value="b" selected>B</option></select>`, url.Values{"s": {"b"}}},
		{"first option when none selected", `<select name="s"><option value="a">A</option><option value="b">B</option></select>`, url.Values{"s": {"a"}}},
		{"option without value", `<select name="s"><option>Plain text</option></select>`, url.Values{"s": {"Plain text"}}},
		{"unchecked box left out", `<input type="checkbox" name="c" value="yes">`, url.Values{}},
		{"checked box without value", `<input type="checkbox" name="c" checked>`, url.Values{"c": {"on"}}},
		{"checked radio", `<input type="radio" name="r" value="1"><input type="radio" name="r" value="2" checked>`, url.Values{"r": {"2"}}},
		{"textarea", "<textarea name=\"t\">\nFirst line &amp; more</textarea>", url.Values{"t": {"First line & more"}}},
		{"buttons not sent", `<input type="submit" name="go" value="Go"><input name="x" value='single quoted'>`, url.Values{"x": {"single quoted"}}},
		{"unnamed control", `<input value="v"><textarea>t</textarea>`, url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := forms(`<form method="post" action="/x">` + tt.body + `</form>`)
			if len(fs) != 1 {
				t.Fatalf("got %d forms, want 1", len(fs))
			}
			if got := fs[0].Values; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzForms(f *testing.F) {
	for _, name := range []string{"login.html", "people.html", "home.html"} {
		f.Add(golden(f, name))
	}
	f.Add(`<form><select name=a><option selected>x<option value=y></form>`)
	f.Fuzz(func(t *testing.T, page string) {
		for _, form := range forms(page) {
			for name := range form.Values {
				if form.Fields[name] == "" {
					t.Errorf("value %q sent for a field the form does not list", name)
				}
			}
		}
		if people, err := caseload(page); err == nil {
			for _, p := range people {
				if p.ID <= 0 || strings.Contains(p.Name, "<") {
					t.Errorf("caseload read %v", p)
				}
			}
		}
	})
}
