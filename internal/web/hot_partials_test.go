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

// The partials as templates before their rows moved into Go
// (hot_partials.go): what the Go must write, byte for byte.
const (
	oldEpisodesPartial = `{{define "episodes"}}
<div class="tl-table-scroll">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Episodes of care</caption>
  <thead class="nhsuk-table__head"><tr><th scope="col">Person</th><th scope="col">Team</th><th scope="col">Pathway</th><th scope="col">Named worker</th><th scope="col">Started</th><th scope="col">Status</th></tr></thead>
  <tbody class="nhsuk-table__body">
  {{range .}}<tr>
    <td><a href="/people/{{.PersonID}}">{{.PersonName}}</a></td><td>{{.TeamName}}</td><td>{{if .Modality}}{{.Modality}}{{else}}{{.Pathway}}{{end}}</td>
    <td>{{.WorkerName}}</td><td>{{date .StartedAt}}</td>
    <td>{{if .Active}}<strong class="nhsuk-tag nhsuk-tag--green">Active</strong>{{else}}<strong class="nhsuk-tag nhsuk-tag--grey">Ended {{date .EndedAt}}</strong>{{end}}</td>
  </tr>{{else}}<tr><td colspan="6">No episodes.</td></tr>{{end}}
  </tbody>
</table>
</div>
{{end}}`
	oldReferralTablePartial = `{{define "referral-table"}}
<div class="tl-table-scroll">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Referrals</caption>
  <thead class="nhsuk-table__head"><tr><th scope="col">Person</th><th scope="col">Service</th><th scope="col">Received</th><th scope="col">Where it has got to</th></tr></thead>
  <tbody class="nhsuk-table__body">
  {{range .}}<tr>
    <td><a href="/people/{{.PersonID}}">{{.PersonName}}</a></td><td>{{.ServiceName}}</td><td>{{date .ReceivedAt}}</td>
    <td><a href="/referrals/{{.ID}}"><strong class="nhsuk-tag{{if eq (print .Status) "declined"}} nhsuk-tag--orange{{else if eq (print .Status) "outcome"}} nhsuk-tag--green{{else}} nhsuk-tag--blue{{end}}">{{statusLabel .Status}}</strong></a></td>
  </tr>{{else}}<tr><td colspan="4">No referrals.</td></tr>{{end}}
  </tbody>
</table>
</div>
{{end}}`
	oldBannerPartial = `{{define "identity-banner"}}
<section class="tl-banner" aria-label="Whose record this is" data-person="{{.PersonID}}">
  <p class="tl-banner__name"><strong>{{.Name}}</strong>{{with .Preferred}} <span class="tl-banner__preferred">(prefers {{.}})</span>{{end}}{{with .Pronouns}} <span class="tl-muted">{{.}}</span>{{end}}</p>
  <dl class="tl-banner__ids">
    <div><dt>Born</dt><dd>{{.Born}}{{with .Age}} ({{.}} years){{end}}</dd></div>
    <div><dt>NHS number</dt><dd class="tl-banner__nhs">{{.NHSNumber}}</dd></div>
  </dl>
  {{if .CrisisURL}}<p class="tl-banner__crisis">
    <a href="{{.CrisisURL}}" class="tl-banner__crisis-link">Crisis plan</a>
    {{if .CrisisExists}}<span>last reviewed {{.CrisisReviewed}}</span>{{end}}
    {{if .CrisisDue}}<strong class="nhsuk-tag nhsuk-tag--orange">{{if .CrisisExists}}Review due{{else}}No crisis plan yet{{end}}</strong>{{end}}
  </p>
{{end}}</section>
{{end}}`
	oldNav = `{{define "nav"}}{{range .}}<li><a href="{{.Href}}"{{if .Current}} aria-current="page"{{end}}>{{.Label}}</a></li>{{end}}{{end}}`
)

// awkward is text that every escaper has something to say about.
const awkward = `O'Brien & "Sons" <b>+1</b> ` + "\x00 é"

// samePartial fails t unless the page templates' partial name writes what
// the old template wrote for data.
func samePartial(t *testing.T, old *template.Template, name string, data any) {
	t.Helper()
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	var got, want strings.Builder
	if err := old.ExecuteTemplate(&want, name, data); err != nil {
		t.Fatal(err)
	}
	if err := pages["person"].t.ExecuteTemplate(&got, name, data); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("%s:\ngot  %q\nwant %q", name, got.String(), want.String())
	}
}

// TestHotPartialsMatchTheirTemplates: the episodes and referral tables,
// the identity banner and the main navigation write the same HTML from
// Go as their templates did, for plain and awkward text, empty lists,
// every referral status, open and ended episodes, and every role's nav.
func TestHotPartialsMatchTheirTemplates(t *testing.T) {
	old := template.Must(template.New("old").Funcs(funcs).Parse(
		oldEpisodesPartial + oldReferralTablePartial + oldBannerPartial + oldNav))
	winter := time.Date(2026, 1, 5, 23, 30, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 5, 23, 30, 0, 0, time.UTC) // the 6th in BST

	t.Run("referral-table", func(t *testing.T) {
		var rows []store.ReferralRow
		for i, status := range []care.ReferralStatus{care.ReferralReceived, care.ReferralScreening, care.ReferralAccepted,
			care.ReferralDeclined, care.ReferralMoreInfo, care.ReferralWaiting, care.ReferralAssessBooked,
			care.ReferralAssessed, care.ReferralTeamDiscussion, care.ReferralOutcome, "an-unknown-status<&>"} {
			rows = append(rows, store.ReferralRow{Referral: care.Referral{ID: int64(100 + i), PersonID: int64(i), Status: status, ReceivedAt: summer},
				PersonName: "Person " + string(rune('A'+i)), ServiceName: "Service"})
		}
		rows = append(rows, store.ReferralRow{Referral: care.Referral{ID: -3, PersonID: 9223372036854775807, ReceivedAt: winter},
			PersonName: awkward, ServiceName: awkward})
		rows = append(rows, store.ReferralRow{}) // nothing known but its zero values
		for _, data := range [][]store.ReferralRow{nil, {}, rows[:1], rows} {
			samePartial(t, old, "referral-table", data)
		}
	})

	t.Run("episodes", func(t *testing.T) {
		rows := []store.EpisodeRow{
			{Episode: care.Episode{PersonID: 7, Pathway: care.PathwayCommunity, StartedAt: winter}, PersonName: "SMITH, Jo", TeamName: "North", WorkerName: "Sam"},
			{Episode: care.Episode{PersonID: 8, Pathway: care.PathwayTherapies, Modality: "MBT", StartedAt: winter, EndedAt: summer}, PersonName: awkward, TeamName: awkward, WorkerName: awkward},
			{Episode: care.Episode{PersonID: 9, Modality: awkward, StartedAt: summer, EndedAt: summer}},
			{Episode: care.Episode{Pathway: awkward}},
		}
		for _, data := range [][]store.EpisodeRow{nil, {}, rows[:1], rows} {
			samePartial(t, old, "episodes", data)
		}
	})

	t.Run("identity-banner", func(t *testing.T) {
		full := &recordBanner{Identity: care.Identity{PersonID: 42, Name: "SMITH, Jo", Preferred: "Jojo", Pronouns: "they/them",
			Born: "17 May 1990", Age: "36", NHSNumber: "943 476 5919"}, CrisisURL: crisisPlanURL(42),
			CrisisExists: true, CrisisReviewed: "3 Nov 2026", CrisisDue: true}
		for _, b := range []*recordBanner{
			full,
			{Identity: full.Identity, CrisisURL: full.CrisisURL, CrisisExists: true, CrisisReviewed: "3 Nov 2026"},
			{Identity: care.Identity{PersonID: 1, Name: "DOE, Alex", Born: care.NotRecorded, NHSNumber: care.NotRecorded}, CrisisURL: crisisPlanURL(1), CrisisDue: true},
			{Identity: care.Identity{PersonID: 2, Name: awkward, Preferred: awkward, Pronouns: awkward, Born: awkward, Age: awkward, NHSNumber: awkward},
				CrisisURL: "/people/2/crisis plan?x=1&y='2'#\"é\"", CrisisExists: true, CrisisReviewed: awkward},
			{CrisisURL: "javascript:alert(1)"},
			{CrisisURL: "HTTPS://example.org/a%2Fb%zz%4"},
			{},
		} {
			samePartial(t, old, "identity-banner", b)
		}
	})

	t.Run("nav", func(t *testing.T) {
		for _, role := range auth.Roles {
			for _, path := range []string{"/", "/people/12", "/waiting", "/gaps/journeys", "/reports/overview", "/nowhere"} {
				links := navFor(&auth.User{Role: role}, path)
				var want strings.Builder
				if err := old.ExecuteTemplate(&want, "nav", links); err != nil {
					t.Fatal(err)
				}
				if got := string(navItems(links)); got != want.String() {
					t.Errorf("%s at %s:\ngot  %q\nwant %q", role, path, got, want.String())
				}
			}
		}
		odd := []navLink{{Href: "/a b/<c>?d=é&e='f'", Label: awkward, Current: true}, {Href: "vbscript:x", Label: ""}, {Href: "mailto:a@b.c", Label: "Mail"}}
		var want strings.Builder
		if err := old.ExecuteTemplate(&want, "nav", odd); err != nil {
			t.Fatal(err)
		}
		if got := string(navItems(odd)); got != want.String() {
			t.Errorf("odd links:\ngot  %q\nwant %q", got, want.String())
		}
	})
}

// FuzzHrefMatchesTheTemplate: htmlWriter.href writes any URL as
// html/template writes it in a quoted href.
func FuzzHrefMatchesTheTemplate(f *testing.F) {
	for _, s := range []string{"/people/1", "", "javascript:x", "Mailto:a@b", "/a b", "%41%4", "http://x/?a=1&b='2'", "a:b/c", "/x:y", "\x00\xff<>\"'+"} {
		f.Add(s)
	}
	old := template.Must(template.New("href").Parse(`<a href="{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		if err := old.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var w htmlWriter
		w.raw(`<a href="`)
		w.href(s)
		w.raw(`">`)
		if got := w.String(); got != want.String() {
			t.Errorf("href(%q):\ngot  %q\nwant %q", s, got, want.String())
		}
	})
}
