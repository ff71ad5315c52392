package web

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// oldPersonContent is the person page's content as a template, before
// its summary and record links moved into Go (person_page.go): what the
// page must still write, byte for byte.
const oldPersonContent = `{{define "content"}}
{{$p := .D.Person}}
<span class="nhsuk-caption-l">{{if eq (print .D.Relationship) "break-glass"}}Emergency access{{else if eq (print .D.Relationship) "self"}}Your record{{else}}Person{{end}}</span>
<h1>{{$p.DisplayName}}{{if $p.Pronouns}} <span class="tl-muted nhsuk-body-l">({{$p.Pronouns}})</span>{{end}}</h1>
{{if eq (print .D.Relationship) "break-glass"}}
<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>You are using emergency access</span></h2><p>This person is not on your caseload. Your access and reason have been recorded for review.</p></div>
{{end}}
<h2>About {{if $p.PreferredName}}{{$p.PreferredName}}{{else}}{{$p.GivenName}}{{end}}</h2>
<dl class="nhsuk-summary-list">
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Full name</dt><dd class="nhsuk-summary-list__value">{{$p.GivenName}} {{$p.FamilyName}}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Preferred name</dt><dd class="nhsuk-summary-list__value">{{orNone $p.PreferredName}}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">NHS number</dt><dd class="nhsuk-summary-list__value">{{orNone $p.NHSNumber}}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Date of birth</dt><dd class="nhsuk-summary-list__value">{{if $p.DateOfBirth.IsZero}}Not recorded{{else}}{{date $p.DateOfBirth}} (age {{age $p $.Now}}){{end}}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Locality</dt><dd class="nhsuk-summary-list__value">{{orNone $p.Locality}}</dd></div>
  {{if ne (print .D.Relationship) "referrer"}}
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Communication and access needs</dt><dd class="nhsuk-summary-list__value">{{orNone $p.CommunicationNeeds}}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">What helps me feel safe</dt><dd class="nhsuk-summary-list__value">{{orNone $p.TraumaPreferences}}</dd></div>
  {{end}}
</dl>
{{with .D.Continuity}}
<h2>Continuity of care</h2>
<dl class="nhsuk-summary-list" id="continuity">
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Different workers seen in the last 90 days</dt><dd class="nhsuk-summary-list__value">{{.DistinctWorkers}}</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Last contact</dt><dd class="nhsuk-summary-list__value">{{if .LastContact.IsZero}}No contact recorded yet{{else}}{{date .LastContact}} ({{.DaysSinceContact}} days ago){{end}}{{if .Flag}} <strong class="nhsuk-tag nhsuk-tag--orange">No contact for over {{$.D.GapDays}} days</strong>{{end}}</dd></div>
</dl>
{{end}}
{{if .D.Episodes}}
<h2>Care</h2>
{{template "episodes" .D.Episodes}}
{{end}}
<h2>Referrals</h2>
{{template "referral-table" .D.Referrals}}
{{if ne (print .D.Relationship) "referrer"}}
<nav aria-label="Parts of this record">
<h2>More about {{if $p.PreferredName}}{{$p.PreferredName}}{{else}}{{$p.GivenName}}{{end}}'s care</h2>
<ul class="nhsuk-list tl-record-nav">
  {{/* Each part of the record adds one line here, linking to its own page. */}}
  <li><a href="/people/{{$p.ID}}/pathway">Assessment, formulation and team discussion</a></li>
  <li><a href="/people/{{$p.ID}}/care">Ongoing care: episodes, care plan, crisis plan, medication and carers</a></li>
  <li><a href="/people/{{$p.ID}}/measures">Outcome measures</a></li>
  <li><a href="/people/{{$p.ID}}/appointments">Appointments, follow-ups and continuity</a>{{if ne (print .D.Relationship) "self"}} · <a href="/people/{{$p.ID}}/endings">Endings and coming back</a>{{end}}</li>
  <li><a href="/people/{{$p.ID}}/contact-preferences">Contact and reminders</a>: texts and emails the person has agreed to</li>
  <li><a href="/people/{{$p.ID}}/team-formulation">Team formulation</a>: {{if eq (print .D.Relationship) "self"}}your team's shared understanding, if they have shared it with you{{else}}the team's shared understanding of what is happening between the person and services{{end}}</li>
  <li><a href="/people/{{$p.ID}}/access-log">Who has seen this record</a></li>
</ul>
</nav>
{{end}}
{{end}}
`

// TestPersonPageMatchesItsTemplate: the person page writes what its
// template wrote, for every relationship to the record, people with and
// without each optional detail and with awkward text, with and without
// continuity (recent contact, none, a gap flagged), episodes and
// referrals.
func TestPersonPageMatchesItsTemplate(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	old := template.Must(template.Must(template.New("old").Funcs(funcs).ParseFS(templateFiles, "templates/partials*.html")).Parse(oldPersonContent))
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	full := care.Person{ID: 42, GivenName: "Jo", FamilyName: "Smith", PreferredName: "Jojo", Pronouns: "they/them", NHSNumber: "943 476 5919",
		DateOfBirth: time.Date(1990, 11, 28, 0, 0, 0, 0, time.UTC), Locality: "North", CommunicationNeeds: "Large print", TraumaPreferences: "A quiet room"}
	odd := care.Person{ID: 7, GivenName: awkward, FamilyName: awkward, PreferredName: awkward, Pronouns: awkward, NHSNumber: awkward,
		DateOfBirth: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Locality: awkward, CommunicationNeeds: awkward, TraumaPreferences: awkward}
	bare := care.Person{ID: 1, GivenName: "Alex", FamilyName: "Doe", Locality: "  ", CommunicationNeeds: "\t"}
	episodes := []store.EpisodeRow{{Episode: care.Episode{PersonID: 42, Pathway: care.PathwayCommunity, StartedAt: now}, PersonName: "Jo Smith", TeamName: "North", WorkerName: "Sam"}}
	referrals := []store.ReferralRow{{Referral: care.Referral{ID: 3, PersonID: 42, Status: care.ReferralWaiting, ReceivedAt: now}, PersonName: "Jo Smith", ServiceName: "CEN"}}
	continuities := []*care.Continuity{nil,
		{DistinctWorkers: 2, LastContact: now.AddDate(0, 0, -3), DaysSinceContact: 3},
		{DaysSinceContact: -1, Flag: true},
		{DistinctWorkers: 0, LastContact: now.AddDate(0, 0, -40), DaysSinceContact: 40, Flag: true}}
	rels := []auth.Relationship{auth.RelCaseload, auth.RelTeamReferr, auth.RelReferrer, auth.RelBreakGlass, auth.RelSelf, auth.RelDecided, auth.RelNone}
	for _, p := range []care.Person{full, odd, bare} {
		for _, rel := range rels {
			for i, c := range continuities {
				d := personData{Person: p, Relationship: rel, Continuity: c, GapDays: care.ContactGapDays}
				if i%2 == 1 {
					d.Episodes, d.Referrals = episodes, referrals
				}
				v := view{Title: p.DisplayName(), Now: now, D: d}
				var got, want strings.Builder
				if err := old.ExecuteTemplate(&want, "content", v); err != nil {
					t.Fatal(err)
				}
				if err := pages["person"].t.ExecuteTemplate(&got, "content", v); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("person %d as %q, continuity %d:\ngot  %q\nwant %q", p.ID, rel, i, got.String(), want.String())
				}
			}
		}
	}
}

// TestPersonPageRefusesOtherData: the person page's Go parts given some
// other page's data fail with an error (the page shows its error page),
// rather than drawing an empty record.
func TestPersonPageRefusesOtherData(t *testing.T) {
	for _, draw := range []func(view) (template.HTML, error){personSummary, personRecordNav} {
		if _, err := draw(view{D: "not a person"}); err == nil {
			t.Error("drew a person page from a string, want an error")
		}
	}
}
