package web

import (
	"html/template"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/language"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// oldGoalRows is the goals' table rows as careplan.html drew them before
// they were written in Go (carePlanGoalRows, carePlanClosedRows), with the
// goal-status-form and own-goal-rating partials they called.
const oldGoalRows = `{{define "active"}}{{$d := .D}}{{$p := $d.Person}}{{$e := $d.Episode}}{{$csrf := .CSRF}}{{$errs := dict}}{{if .Errors}}{{$errs = .Errors.Fields}}{{end}}  {{range $d.Goals}}<tr>
    <td>{{template "language-flags" (languageFlags $.User .Text .OwnWords)}}“{{.Text}}”{{if .OwnWords}} <strong class="nhsuk-tag nhsuk-tag--green">Own words</strong>{{else}} <strong class="nhsuk-tag nhsuk-tag--grey">Staff wording</strong>{{end}}</td>
    <td>{{if .Points}}<svg class="tl-trend" viewBox="-2 -2 104 34" width="104" height="34" role="img" aria-label="Ratings {{.Trend}}"><polyline fill="none" stroke="#005eb8" stroke-width="2" points="{{.Points}}"/></svg> <span class="tl-muted">{{.Trend}}</span>{{else}}Not rated yet{{end}}</td>
    <td class="tl-num">{{.Latest}}</td>
    {{if $d.CanEdit}}<td class="tl-no-print">{{$rf := printf "rate-%d-rating" .ID}}
      <form method="post" action="/people/{{$p.ID}}/care-plan/goals/{{.ID}}/rating" novalidate>
        <input type="hidden" name="csrf_token" value="{{$csrf}}">
        {{template "field-select" (dict "Name" "rating" "ID" $rf "Label" ($d.Label "Rating now" (printf " for “%s”" .Text)) "Options" $d.Ratings "Blank" "Choose a rating" "Error" (fieldErr $.Errors $rf))}}
        <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">Record<span class="nhsuk-u-visually-hidden"> rating for “{{.Text}}”</span></button>
      </form>
      {{template "goal-status-form" (dict "Goal" . "Person" $p.ID "CSRF" $csrf "Errs" $errs)}}</td>{{end}}
    {{if and $d.Talk.Self $e.Active}}<td class="tl-no-print">{{template "own-goal-rating" (dict "Goal" . "Person" $p.ID "CSRF" $csrf "Ratings" $d.Ratings)}}</td>{{end}}
  </tr>{{else}}<tr><td colspan="4">{{if $d.Closed}}No goals being worked on now.{{else}}No goals yet.{{end}}</td></tr>{{end}}
{{end}}

{{define "closed"}}{{$d := .D}}{{$p := $d.Person}}{{$csrf := .CSRF}}{{$errs := dict}}{{if .Errors}}{{$errs = .Errors.Fields}}{{end}}  {{range $d.Closed}}<tr>
    <td>{{template "language-flags" (languageFlags $.User .Text .OwnWords)}}“{{.Text}}”</td>
    <td><strong class="nhsuk-tag {{if eq .Status "achieved"}}nhsuk-tag--green{{else}}nhsuk-tag--grey{{end}}">{{.StatusLabel}}</strong>{{if not .StatusChangedAt.IsZero}} <span class="tl-muted">on {{date .StatusChangedAt}}{{if .StatusChangedBy}} by {{.StatusChangedBy}}{{end}}</span>{{end}}</td>
    <td class="tl-num">{{if .Latest}}{{.Latest}}{{else}}Not rated{{end}}</td>
    {{if $d.CanEdit}}<td class="tl-no-print">{{template "goal-status-form" (dict "Goal" . "Person" $p.ID "CSRF" $csrf "Errs" $errs)}}</td>{{end}}
  </tr>{{end}}
{{end}}

{{define "goal-status-form"}}{{$g := .Goal}}{{$id := printf "goal-%d-status" $g.ID}}{{$fe := index .Errs $id}}
<form method="post" action="/people/{{.Person}}/care-plan/goals/{{$g.ID}}/status" novalidate class="tl-goal-status">
  <input type="hidden" name="csrf_token" value="{{.CSRF}}"><input type="hidden" name="version" value="{{$g.Version}}">
  <div class="nhsuk-form-group{{if $fe}} nhsuk-form-group--error{{end}} nhsuk-u-margin-bottom-0">
    {{if $fe}}<span class="nhsuk-error-message" id="{{$id}}-error"><span class="nhsuk-u-visually-hidden">Error:</span> {{$fe}}</span>{{end}}
    {{if eq $g.Status "active"}}
    <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" name="status" value="achieved" id="{{$id}}"{{if $fe}} aria-describedby="{{$id}}-error"{{end}}>Mark achieved<span class="nhsuk-u-visually-hidden">: “{{$g.Text}}”</span></button>
    <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" name="status" value="set-aside">Set aside<span class="nhsuk-u-visually-hidden">: “{{$g.Text}}”</span></button>
    {{else}}
    <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" name="status" value="active" id="{{$id}}"{{if $fe}} aria-describedby="{{$id}}-error"{{end}}>Reopen<span class="nhsuk-u-visually-hidden">: “{{$g.Text}}”</span></button>
    {{end}}
  </div>
</form>
{{end}}

{{define "own-goal-rating"}}{{$g := .Goal}}
<form method="post" action="/people/{{.Person}}/care-plan/goals/{{$g.ID}}/my-rating" novalidate class="tl-own-rating">
  <input type="hidden" name="csrf_token" value="{{.CSRF}}">
  {{template "field-select" (dict "Name" "rating" "ID" (printf "my-rating-%d" $g.ID) "Label" (printf "How close do you feel to “%s” now?" $g.Text) "Hint" "0 is not at all, 10 is you have reached it" "Options" .Ratings "Blank" "Choose a number")}}
  <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit">Save my rating<span class="nhsuk-u-visually-hidden"> for “{{$g.Text}}”</span></button>
</form>
{{end}}

{{define "new-active"}}  {{carePlanGoalRows .}}
{{end}}
{{define "new-closed"}}  {{carePlanClosedRows .}}
{{end}}`

// TestCarePlanGoalRowsMatchTheTemplate: the goals' rows written in Go are
// byte for byte what the template wrote, for staff who can and cannot
// change the plan and for the person themselves; goals in the person's
// words and not, rated and never rated, with awkward text and text the
// language guide flags; errors on a rating and on a status; achieved and
// set-aside goals with and without who changed them; and no goals.
func TestCarePlanGoalRowsMatchTheTemplate(t *testing.T) {
	tpl := template.Must(template.Must(template.New("t").Funcs(funcs).ParseFS(templateFiles, "templates/partials*.html")).Parse(oldGoalRows))
	at := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC) // the night the clocks go forward
	rate := func(ns ...int) []care.GoalRating {
		var out []care.GoalRating
		for _, n := range ns {
			out = append(out, care.GoalRating{Rating: n})
		}
		return out
	}
	goals := goalViews([]care.Goal{
		{ID: 1, Text: "To go to my sister's for Sunday lunch", OwnWords: true, Status: care.GoalActive, Version: 3, Ratings: rate(2, 5, 7)},
		{ID: 2, Text: "She was attention-seeking and manipulative", Status: care.GoalActive, Version: 1},
		{ID: 3, Text: awkward, Status: care.GoalActive, Version: 12, Ratings: rate(10)},
	}, 0)
	closed := goalViews([]care.Goal{
		{ID: 4, Text: "To sleep through", OwnWords: true, Status: care.GoalAchieved, Version: 2, StatusChangedAt: at, StatusChangedBy: "Dr Amara O'Kafor", Ratings: rate(9)},
		{ID: 5, Text: awkward + " attention-seeking", Status: care.GoalSetAside, Version: 4, StatusChangedAt: at},
		{ID: 6, Text: "Back to work", Status: care.GoalAchieved, Version: 1},
	}, 0)
	staff := &auth.User{ID: 9, Role: auth.Clinician}
	errs := &formErrors{Fields: map[string]string{"goal-2-status": "Someone else changed this goal <first>", "rate-3-rating": "Rate the goal from 0 to 10",
		"goal-4-status": "It changed & was reopened"}}
	page := func(edit, self bool, user *auth.User, errs *formErrors, active, closedGoals []goalView) view {
		d := carePlanData{Person: care.Person{ID: 77}, Episode: store.EpisodeRow{}, Goals: active, Closed: closedGoals, CanEdit: edit,
			Ratings: goalRatings, Talk: planTalk{Self: self}}
		return view{User: user, CSRF: `tok'en"&<+>`, Errors: errs, D: d}
	}
	ended := page(false, true, &auth.User{Role: auth.ServiceUser}, nil, goals, closed)
	ended.D = func() carePlanData { d := ended.D.(carePlanData); d.Episode.EndedAt = at; return d }()
	for _, tc := range []struct {
		name string
		v    view
	}{
		{"staff who can change the plan", page(true, false, staff, nil, goals, closed)},
		{"after refused forms", page(true, false, staff, errs, goals, closed)},
		{"staff who can only read it", page(false, false, &auth.User{Role: auth.Admin}, errs, goals, closed)},
		{"the person themselves", page(false, true, &auth.User{Role: auth.ServiceUser}, nil, goals, closed)},
		{"the person, after their episode ended", ended},
		{"only closed goals", page(true, false, staff, nil, nil, closed)},
		{"no goals at all", page(true, false, staff, nil, nil, nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, part := range []string{"active", "closed"} {
				if got, want := drawBoth(t, tpl, "new-"+part, part, tc.v); got != want {
					t.Errorf("%s rows:\ngot  %q\nwant %q", part, got, want)
				}
			}
		})
	}
	// The cases reach every kind of row.
	var all strings.Builder
	if err := tpl.ExecuteTemplate(&all, "active", page(true, false, staff, errs, goals, closed)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Language guide", "nhsuk-error-message", "Own words", "Staff wording", "Not rated yet", "<svg"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the test's goals never draw %q", want)
		}
	}
}

// TestLanguagePartialsMatchTheirTemplates: the language guide's flags
// written in Go (under a text box, above saved text) are what the
// language-check and language-flags partials write, for no flag, one and
// several, with awkward text.
func TestLanguagePartialsMatchTheirTemplates(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	page := pages["careplan"].t
	one := []flagView{{Phrase: "attention-seeking", Flag: language.Flag{Why: "It blames the person", Suggestion: "seeking connection"}}}
	several := append(one, flagView{Phrase: awkward, Flag: language.Flag{Why: awkward, Suggestion: awkward}})
	for _, flags := range [][]flagView{nil, one, several} {
		var want strings.Builder
		if err := page.ExecuteTemplate(&want, "language-check", languageCheck{Flags: flags}); err != nil {
			t.Fatal(err)
		}
		var got htmlWriter
		got.languageCheck(flags)
		if got.String() != want.String() {
			t.Errorf("language-check, %d flags:\ngot  %q\nwant %q", len(flags), got.String(), want.String())
		}
		want.Reset()
		if err := page.ExecuteTemplate(&want, "language-flags", savedTextFlags{Flags: flags}); err != nil {
			t.Fatal(err)
		}
		got.Reset()
		got.languageFlags(flags)
		if got.String() != want.String() {
			t.Errorf("language-flags, %d flags:\ngot  %q\nwant %q", len(flags), got.String(), want.String())
		}
	}
}

// TestPreparedOptionsMatchTheirChoices: choices escaped once write what
// the same choices write each time, chosen or not.
func TestPreparedOptionsMatchTheirChoices(t *testing.T) {
	opts := form.Options("a&b", `Tom's "best" <plan>`, "1+1", "x\x00y", "", "Blank value", "staff:3", awkward)
	for _, chosen := range []string{"a&b", "", "staff:3", "none of them"} {
		want, err := selectOptions(opts, chosen)
		if err != nil {
			t.Fatal(err)
		}
		got, err := selectOptions(prepareOptions(opts), chosen)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("chosen %q:\ngot  %s\nwant %s", chosen, got, want)
		}
	}
}

// oldCarePlanFields are the page's single fields as careplan.html drew
// them before carePlanField: a partial with a dict of the field's values.
var oldCarePlanFields = []struct{ name, call string }{
	{"goal_text", `{{template "field-textarea" (dict "Name" "goal_text" "Label" "The goal" "Hint" "Write it as the person says it. For example: “To feel safe enough to go to my sister's for Sunday lunch.”" "Error" (fieldErr $.Errors "goal_text") "Value" ($.Form.Get "goal_text") "Rows" 2)}}`},
	{"goal_rating", `{{template "field-select" (dict "Name" "goal_rating" "Label" "How close the person feels to it now, 0 to 10" "Blank" "Not rated yet" "Options" $d.Ratings "Value" ($.Form.Get "goal_rating") "Error" (fieldErr $.Errors "goal_rating"))}}`},
	{"review_on", `{{template "field-input" (dict "Name" "review_on" "Label" "Review date" "Type" "date" "Class" "nhsuk-input--width-10" "Error" (fieldErr $.Errors "review_on") "Value" $d.Form.ReviewOn)}}`},
	{"person_comments", `{{template "field-textarea" (dict "Name" "person_comments" "OwnWords" true "Label" "The person's comments, in their own words" "Error" (fieldErr $.Errors "person_comments") "Value" $d.Form.Comments "Rows" 4)}}`},
	{"liaison_on", `{{template "field-input" (dict "Name" "liaison_on" "Label" "Date" "Type" "date" "Class" "nhsuk-input--width-10" "Error" (fieldErr $.Errors "liaison_on") "Value" (or ($.Form.Get "liaison_on") $d.Today))}}`},
	{"liaison_agency", `{{template "field-select" (dict "Name" "liaison_agency" "Label" "Agency" "Blank" "Choose an agency" "Options" $d.Agencies "Value" ($.Form.Get "liaison_agency") "Error" (fieldErr $.Errors "liaison_agency"))}}`},
	{"liaison_contact", `{{template "field-input" (dict "Name" "liaison_contact" "Label" "Who you spoke to" "Error" (fieldErr $.Errors "liaison_contact") "Value" ($.Form.Get "liaison_contact"))}}`},
	{"liaison_domain", `{{template "field-select" (dict "Name" "liaison_domain" "Label" "Which need it was about" "Blank" "Choose a need" "Options" $d.Domains "Value" ($.Form.Get "liaison_domain") "Error" (fieldErr $.Errors "liaison_domain"))}}`},
	{"liaison_discussed", `{{template "field-textarea" (dict "Name" "liaison_discussed" "Label" "What was discussed and agreed" "Error" (fieldErr $.Errors "liaison_discussed") "Value" ($.Form.Get "liaison_discussed"))}}`},
}

// TestCarePlanSingleFieldsMatchTheTemplate: each of the care plan's single
// fields drawn by carePlanField is byte for byte what its partial drew,
// with nothing typed, with what was typed (awkward text, a phrase the
// language guide flags, a chosen rating, agency and need) and with an
// error on every field.
func TestCarePlanSingleFieldsMatchTheTemplate(t *testing.T) {
	typed := url.Values{}
	errs := &formErrors{Fields: map[string]string{}}
	for _, f := range oldCarePlanFields {
		typed.Set(f.name, awkward+" attention-seeking")
		errs.Fields[f.name] = "Check " + awkward
	}
	typed.Set("goal_rating", "7")
	typed.Set("liaison_agency", care.Agencies[1].Code)
	typed.Set("liaison_domain", care.LifeDomains[2].Code)
	d := carePlanData{Form: planForm{ReviewOn: "2027-02-30", Comments: awkward + " attention-seeking"}, Today: "2026-11-27",
		Ratings: goalRatings, Agencies: agencyOptions, Domains: lifeDomainOptions}
	for _, tc := range []struct {
		name string
		v    view
	}{
		{"a new form", view{D: d}},
		{"after a refused form", view{D: d, Form: typed, Errors: errs}},
		{"a refused form with nothing typed", view{D: carePlanData{Ratings: goalRatings, Agencies: agencyOptions, Domains: lifeDomainOptions}, Form: url.Values{}, Errors: errs}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range oldCarePlanFields {
				tpl := template.Must(template.Must(template.New("t").Funcs(funcs).ParseFS(templateFiles, "templates/partials*.html")).Parse(
					`{{define "old"}}{{$d := .D}}` + f.call + `{{end}}{{define "new"}}{{carePlanField $ "` + f.name + `"}}{{end}}`))
				if got, want := drawBoth(t, tpl, "new", "old", tc.v); got != want {
					t.Errorf("%s:\ngot  %q\nwant %q", f.name, got, want)
				}
			}
		})
	}
	if _, err := carePlanField(view{D: d}, "no_such_field"); err == nil {
		t.Error("an unknown field was drawn, want an error")
	}
}

// oldCarePlanHistory is the liaison table's rows and the list of earlier
// versions as careplan.html drew them before carePlanLiaisonRows and
// carePlanVersionItems.
const oldCarePlanHistory = `{{define "old"}}{{$d := .D}}  {{range $d.Liaisons}}<tr><td>{{date .On}}</td><td>{{.AgencyLabel}}</td><td>{{.Contact}}</td><td>{{.DomainLabel}}</td><td>{{template "language-flags" (languageFlags $.User .Discussed)}}{{.Discussed}}</td><td>{{.RecordedBy}}</td></tr>{{else}}<tr><td colspan="6">No liaison recorded.</td></tr>{{end}}
<ul class="nhsuk-list">{{range $d.Versions}}<li>Version {{.Version}}: {{.SavedBy}}, {{datetime .SavedAt}}</li>{{end}}</ul>{{end}}
{{define "new"}}{{$d := .D}}  {{carePlanLiaisonRows $}}
<ul class="nhsuk-list">{{carePlanVersionItems $d}}</ul>{{end}}`

// TestCarePlanHistoryMatchesTheTemplate: the liaison contacts and earlier
// versions written in Go are what the template wrote: none, one and
// several, awkward text, codes with and without a label, discussion the
// language guide flags (to staff, not to the person), and times either
// side of the clocks changing.
func TestCarePlanHistoryMatchesTheTemplate(t *testing.T) {
	tpl := template.Must(template.Must(template.New("t").Funcs(funcs).ParseFS(templateFiles, "templates/partials*.html")).Parse(oldCarePlanHistory))
	summer, winter := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	liaisons := []care.Liaison{
		{On: summer, Agency: care.Agencies[0].Code, Contact: awkward, Domain: care.LifeDomains[2].Code, Discussed: "She was attention-seeking, they said", RecordedBy: awkward},
		{On: winter, Agency: "not-an-agency", Contact: "Duty desk", Domain: "", Discussed: awkward, RecordedBy: "Dr Amara Okafor"},
	}
	versions := []store.PlanVersion{{Version: 3, SavedAt: winter, SavedBy: awkward}, {Version: 2, SavedAt: summer, SavedBy: "Ruth"}, {Version: 1}}
	for _, tc := range []struct {
		name string
		v    view
	}{
		{"staff, with history", view{User: &auth.User{Role: auth.Clinician}, D: carePlanData{Liaisons: liaisons, Versions: versions}}},
		{"the person, with history", view{User: &auth.User{Role: auth.ServiceUser}, D: carePlanData{Liaisons: liaisons, Versions: versions[:1]}}},
		{"no history", view{User: &auth.User{Role: auth.Clinician}, D: carePlanData{}}},
	} {
		if got, want := drawBoth(t, tpl, "new", "old", tc.v); got != want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, want)
		}
	}
}

// drawBoth draws v with the template that replaced a part of the page
// (now) and the template it replaced (old).
func drawBoth(t *testing.T, tpl *template.Template, now, old string, v view) (got, want string) {
	t.Helper()
	var g, w strings.Builder
	if err := tpl.ExecuteTemplate(&w, old, v); err != nil {
		t.Fatal(err)
	}
	if err := tpl.ExecuteTemplate(&g, now, v); err != nil {
		t.Fatal(err)
	}
	return g.String(), w.String()
}
