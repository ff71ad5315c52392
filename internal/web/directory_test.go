package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
)

// importDirectoryTestFile adds the small test directory (four services, two
// localities) to the fixture's one service, "cen".
func importDirectoryTestFile(t *testing.T, f *fixture) {
	t.Helper()
	file, err := directory.ParseFile(readDirectoryTestFile(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ImportDirectory(context.Background(), auth.System, file); err != nil {
		t.Fatal(err)
	}
}

func readDirectoryTestFile(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../directory/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// flashOf is the one-time message a response leaves for the next page.
func flashOf(res *http.Response) string {
	for _, c := range res.Cookies() {
		if c.Name == flashCookie {
			msg, _ := url.QueryUnescape(c.Value)
			return msg
		}
	}
	return ""
}

func checkPage(t *testing.T, name string, res *http.Response, body string, status int, want, notWant []string) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("%s: status %d, want %d", name, res.StatusCode, status)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: page lacks %q", name, w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(body, w) {
			t.Errorf("%s: page shows %q", name, w)
		}
	}
}

func TestDirectoryListAndFilters(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importDirectoryTestFile(t, f)
		clin, _ := f.session(t, f.users[auth.Clinician])
		mgr, _ := f.session(t, f.users[auth.TeamManager])
		const (
			iapt   = `<a href="/directory/iapt-north">Talking Therapies North</a>`
			cmht   = `<a href="/directory/cmht-all">Community Mental Health Team</a>`
			youth  = `<a href="/directory/youth-south">Youth Wellbeing South</a>`
			crisis = `<a href="/directory/crisis">Crisis Team</a>`
			cen    = `<a href="/directory/cen">CEN Service</a>`
		)
		tests := []struct {
			name, path, token string
			status            int
			want, notWant     []string
		}{
			{"everything", "/directory", clin, 200,
				[]string{"5 services", iapt, cmht, youth, crisis, cen, "NHS Talking Therapies", "Crisis services",
					"Risk: low, moderate · Engagement: able · Diagnosis: Any · Complexity: Any · Substance use: Any · Housing: Any · Support needed for: short",
					"<td>North</td><td>18 and over</td><td>6 weeks</td><td>Yes</td>", "<td>Whole region</td><td>18 to 64</td><td>4 weeks</td><td>No</td>", "16 to 25", "Any age",
					`<th scope="col">Self-referral</th>`, `<caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Crisis services: 1 service</caption>`},
				[]string{"Add a service", "Import a directory file"}},
			{"editor sees add and import", "/directory", mgr, 200, []string{`href="/directory/new"`, `href="/directory/import"`}, nil},
			{"by tier", "/directory?tier=crisis", clin, 200, []string{"1 of 5 services match", crisis, `<option value="crisis" selected>`}, []string{iapt, youth, cen}},
			{"by locality keeps whole-region services", "/directory?locality=S", clin, 200,
				[]string{"4 of 5 services match", youth, cmht, crisis, cen, `<option value="S" selected>South</option>`}, []string{iapt}},
			{"search offer, any case", "/directory?q=cbt", clin, 200, []string{"1 of 5 services match", iapt, `value="cbt"`}, []string{cmht}},
			{"search organisation", "/directory?q=Charity", clin, 200, []string{"1 of 5 services match", youth}, []string{iapt}},
			{"filters combine", "/directory?tier=secondary&locality=N&q=community", clin, 200, []string{"1 of 5 services match", cmht}, []string{youth}},
			{"nothing matches", "/directory?q=astrology", clin, 200, []string{"0 of 5 services match", "No services match"}, []string{iapt}},
			{"unknown tier", "/directory?tier=nonsense", clin, 422, []string{"There is a problem", `<a href="#tier">Choose a tier from the list</a>`, iapt, crisis}, nil},
			{"unknown locality", "/directory?locality=ZZ", clin, 422, []string{"Choose a locality from the list", `aria-describedby="locality-error"`}, nil},
			{"long search", "/directory?q=" + strings.Repeat("a", 101), clin, 422, []string{"at most 100 characters"}, nil},
		}
		for _, tt := range tests {
			res, body := f.do(t, "GET", tt.path, tt.token, nil)
			checkPage(t, tt.name, res, body, tt.status, tt.want, tt.notWant)
		}
	})
}

func TestDirectoryServicePage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		importDirectoryTestFile(t, f)
		sv, err := f.db.Service(ctx, "iapt-north")
		if err != nil {
			t.Fatal(err)
		}
		sv.WaitWeeks = 9
		sv.Barriers = []string{"No evening appointments"}
		sv.Contact = directory.Contact{Email: "north@example.nhs.uk", URL: "https://example.nhs.uk/north"}
		if err := f.db.SaveService(ctx, auth.Actor{User: f.users[auth.TeamManager]}, &sv); err != nil {
			t.Fatal(err)
		}
		clin, _ := f.session(t, f.users[auth.Clinician])
		ref, _ := f.session(t, f.users[auth.Referrer])
		mgr, _ := f.session(t, f.users[auth.TeamManager])
		tests := []struct {
			name, path, token string
			status            int
			want, notWant     []string
		}{
			{"every field", "/directory/iapt-north", clin, 200, []string{
				"<h1>Talking Therapies North</h1>", `<th scope="row">Age</th><td>18 and over</td>`, `<th scope="row">Locality</th><td>North</td>`, "NHS Talking Therapies", "18 and over", "9 weeks", "CBT", "counselling",
				`<th scope="row">Risk</th><td>low, moderate</td>`, `<th scope="row">Engagement</th><td>able</td>`, `<th scope="row">Diagnosis</th><td>Any</td>`,
				`<a href="mailto:north@example.nhs.uk">`, `<a href="https://example.nhs.uk/north"`, "No evening appointments",
				"Change history", "<td>team-manager</td><td>Edited</td>", "wait (weeks): 6 → 9", "known barriers: – → No evening appointments",
				"Imported from a directory file", "Service added to the directory",
			}, []string{"/directory/iapt-north/edit"}},
			{"referrer reads it too", "/directory/iapt-north", ref, 200, []string{"Talking Therapies North"}, []string{"/edit"}},
			{"editor sees edit link", "/directory/iapt-north", mgr, 200, []string{`href="/directory/iapt-north/edit"`}, nil},
			{"no rules means any", "/directory/cen", clin, 200, []string{`<th scope="row">Risk</th><td>Any</td>`, "Whole region", "Any age"}, nil},
			{"unknown service", "/directory/no-such-service", clin, 404, []string{"No service with that id"}, []string{"goroutine"}},
			{"unknown service to edit", "/directory/no-such-service/edit", mgr, 404, []string{"No service with that id"}, nil},
		}
		for _, tt := range tests {
			res, body := f.do(t, "GET", tt.path, tt.token, nil)
			checkPage(t, tt.name, res, body, tt.status, tt.want, tt.notWant)
		}
		_, body := f.do(t, "GET", "/directory/iapt-north", clin, nil)
		if edited, imported := strings.Index(body, "<td>Edited</td>"), strings.Index(body, "Imported from a directory file"); edited < 0 || imported < edited {
			t.Errorf("history not newest first: edit at %d, import at %d", edited, imported)
		}
	})
}

// editForm is the service's edit form as a browser would post it unchanged.
func editForm(t *testing.T, f *fixture, id, csrf string) url.Values {
	t.Helper()
	sv, err := f.db.Service(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	form := serviceForm(sv)
	form.Del("id")
	form.Set("csrf_token", csrf)
	return form
}

func TestDirectoryEdit(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		importDirectoryTestFile(t, f)
		mgr, csrf := f.session(t, f.users[auth.TeamManager])

		res, body := f.do(t, "GET", "/directory/cen/edit", mgr, nil)
		checkPage(t, "edit form", res, body, 200, []string{`value="CEN Service"`, `name="version" value="1"`,
			`<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Risk</legend>`, `<label class="nhsuk-label nhsuk-checkboxes__label" for="localities-1">South</label>`,
			`<label class="nhsuk-label" for="wait_weeks">`, `<option value="specialist-cen" selected>`}, nil)

		// A change is saved, bumps the version and is recorded in the history.
		form := editForm(t, f, "cen", csrf)
		form.Set("name", "CEN Service (Central)")
		form.Set("wait_weeks", "8")
		form["eligibility.risk"] = []string{"moderate", "high"}
		form["localities"] = []string{"N"}
		form.Set("offer", "MBT\r\nSCM\r\n\r\n")
		res, _ = f.do(t, "POST", "/directory/cen/edit", mgr, form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/directory/cen" {
			t.Fatalf("save: status %d to %q, want 303 to /directory/cen", res.StatusCode, res.Header.Get("Location"))
		}
		if got, want := flashOf(res), "Changes to CEN Service (Central) have been saved."; got != want {
			t.Errorf("flash %q, want %q", got, want)
		}
		sv, _ := f.db.Service(ctx, "cen")
		if sv.Version != 2 || sv.Name != "CEN Service (Central)" || sv.WaitWeeks != 8 || !slices.Equal(sv.Offer, []string{"MBT", "SCM"}) ||
			!slices.Equal(sv.Eligibility["risk"], []string{"moderate", "high"}) || !slices.Equal(sv.Localities, []string{"N"}) {
			t.Errorf("saved service = %+v", sv)
		}
		history, _ := f.db.ServiceHistory(ctx, "cen")
		if len(history) == 0 || history[0].Action != "update" || history[0].Username != "team-manager" {
			t.Fatalf("history = %+v", history)
		}
		for _, want := range []string{"name: CEN Service → CEN Service (Central)", "wait (weeks): 0 → 8", "eligibility risk: any → moderate, high", "offer: – → MBT, SCM"} {
			if !strings.Contains(history[0].Summary, want) {
				t.Errorf("history summary %q lacks %q", history[0].Summary, want)
			}
		}

		// Saving the form unchanged records nothing.
		res, _ = f.do(t, "POST", "/directory/cen/edit", mgr, editForm(t, f, "cen", csrf))
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(flashOf(res), "Nothing had changed") {
			t.Errorf("unchanged save: %d, flash %q", res.StatusCode, flashOf(res))
		}
		if sv, _ := f.db.Service(ctx, "cen"); sv.Version != 2 {
			t.Errorf("unchanged save bumped version to %d", sv.Version)
		}

		tests := []struct {
			name          string
			change        func(url.Values)
			status        int
			want, notWant []string
		}{
			{"invalid keeps what was typed", func(v url.Values) {
				v.Set("name", " ")
				v.Set("min_age", "20")
				v.Set("max_age", "10")
				v.Set("wait_weeks", "soon")
				v.Set("description", "Words I typed & care about")
				v.Set("contact_url", "javascript:alert(1)")
				v["eligibility.engagement"] = []string{"able", "chaotic"}
			}, 422, []string{"There is a problem", `<a href="#name">Enter a service name</a>`, "Maximum age is below minimum age",
				"Usual wait must be a whole number", "Enter the website&#39;s full address", `value="soon"`, `value="20"`, "Words I typed &amp; care about",
				`aria-describedby="wait_weeks-hint wait_weeks-error"`, `value="chaotic" checked`, `name="version" value="2"`},
				[]string{"Someone else changed"}},
			{"stale version shows both", func(v url.Values) {
				v.Set("version", "1")
				v.Set("name", "Name I typed")
				v.Set("wait_weeks", "3")
			}, 409, []string{"Someone else changed this service while you were editing", `<a href="#conflict">`, "team-manager saved a new version",
				"Where the saved version and yours differ", "<td>CEN Service (Central)</td>", "<td>Name I typed</td>", "<td>8 weeks</td>", "<td>3 weeks</td>",
				`value="Name I typed"`, `name="version" value="2"`, "Show the whole saved version"}, nil},
			{"missing version is stale", func(v url.Values) { v.Del("version"); v.Set("name", "Name I typed") }, 409,
				[]string{"Someone else changed this service", `value="Name I typed"`}, nil},
			{"stale and invalid shows both problems", func(v url.Values) { v.Set("version", "1"); v.Set("capacity", "lots") }, 422,
				[]string{"Someone else changed this service", `<a href="#capacity">Capacity must be a whole number`, "<td>Not valid yet: Capacity must be a whole number, like 12</td>", `value="lots"`}, nil},
		}
		for _, tt := range tests {
			form := editForm(t, f, "cen", csrf)
			tt.change(form)
			res, body := f.do(t, "POST", "/directory/cen/edit", mgr, form)
			checkPage(t, tt.name, res, body, tt.status, tt.want, tt.notWant)
			if sv, _ := f.db.Service(ctx, "cen"); sv.Version != 2 || sv.Name != "CEN Service (Central)" {
				t.Errorf("%s: saved something: version %d name %q", tt.name, sv.Version, sv.Name)
			}
		}

		// After seeing the conflict, saving again replaces the saved version.
		form = editForm(t, f, "cen", csrf)
		form.Set("version", "1")
		form.Set("name", "Name I typed")
		_, body = f.do(t, "POST", "/directory/cen/edit", mgr, form)
		if !strings.Contains(body, `name="version" value="2"`) {
			t.Fatal("conflict page does not carry the saved version")
		}
		form.Set("version", "2")
		if res, _ := f.do(t, "POST", "/directory/cen/edit", mgr, form); res.StatusCode != http.StatusSeeOther {
			t.Errorf("save after conflict: %d", res.StatusCode)
		}
		if sv, _ := f.db.Service(ctx, "cen"); sv.Name != "Name I typed" || sv.Version != 3 {
			t.Errorf("after conflict: %q version %d", sv.Name, sv.Version)
		}

		// Readers cannot change the directory, and unknown services are a clean 404.
		for _, role := range []auth.Role{auth.Clinician, auth.Referrer, auth.Commissioner, auth.Auditor, auth.ServiceUser} {
			tok, c := f.session(t, f.users[role])
			res, _ := f.do(t, "POST", "/directory/cen/edit", tok, editForm(t, f, "cen", c))
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s edit: status %d, want 403", role, res.StatusCode)
			}
		}
		if res, _ := f.do(t, "POST", "/directory/nope/edit", mgr, editForm(t, f, "cen", csrf)); res.StatusCode != http.StatusNotFound {
			t.Errorf("edit unknown service: %d, want 404", res.StatusCode)
		}
	})
}

func TestDirectoryAdd(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		admin, csrf := f.session(t, f.users[auth.SystemAdmin])
		res, body := f.do(t, "GET", "/directory/new", admin, nil)
		checkPage(t, "new form", res, body, 200, []string{`<label class="nhsuk-label" for="id">Service id</label>`, `<option value="">Choose a tier</option>`}, nil)

		newForm := func(id string) url.Values {
			return url.Values{"csrf_token": {csrf}, "id": {id}, "name": {"Peer Hub"}, "organization": {"Mind"}, "tier": {"voluntary"},
				"self_referral": {"yes"}, "referral_routes": {"self", "gp"}, "eligibility.housing": {"unstable", "homeless"},
				"offer": {"peer support\ndrop-in"}, "wait_weeks": {"1"}, "contact_phone": {"0100 000 0000"}}
		}
		tests := []struct {
			name   string
			form   url.Values
			status int
			want   []string
		}{
			{"duplicate id", newForm("cen"), 409, []string{`<a href="#id">A service with id cen already exists</a>`, "This id is already used", `value="Peer Hub"`}},
			{"reserved id", newForm("import"), 422, []string{"used by the directory&#39;s own pages", `value="Peer Hub"`}},
			{"nothing filled in", url.Values{"csrf_token": {csrf}}, 422, []string{`<a href="#id">Enter a service id</a>`, `<a href="#name">Enter a service name</a>`, `<a href="#tier">Choose the tier`}},
			{"bad id", func() url.Values { v := newForm("peer hub"); v.Set("capacity", "-2"); return v }(), 422, []string{"may not contain spaces", "Capacity cannot be negative", `value="peer hub"`}},
		}
		for _, tt := range tests {
			res, body := f.do(t, "POST", "/directory/new", admin, tt.form)
			checkPage(t, tt.name, res, body, tt.status, tt.want, nil)
		}
		if svcs, _ := f.db.Services(ctx); len(svcs) != 1 {
			t.Errorf("refused forms added services: %d in directory", len(svcs))
		}

		res, _ = f.do(t, "POST", "/directory/new", admin, newForm("peer-hub"))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/directory/peer-hub" {
			t.Fatalf("add: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		sv, err := f.db.Service(ctx, "peer-hub")
		if err != nil {
			t.Fatal(err)
		}
		if !sv.SelfReferral || !slices.Equal(sv.Offer, []string{"peer support", "drop-in"}) || !slices.Equal(sv.Eligibility["housing"], []string{"unstable", "homeless"}) ||
			sv.Contact.Phone != "0100 000 0000" || len(sv.Eligibility) != 1 {
			t.Errorf("added service = %+v", sv)
		}
		if h, _ := f.db.ServiceHistory(ctx, "peer-hub"); len(h) != 1 || h[0].Action != "create" || h[0].Username != "system-admin" {
			t.Errorf("history = %+v", h)
		}
	})
}

func TestDirectoryImport(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		mgr, csrf := f.session(t, f.users[auth.TeamManager])
		const bad = `{"services":[
  {"id":"a","name":"A","organization":"X","tier":"nope","localities":[],"min_age":null,"max_age":null,"self_referral":false,
   "eligibility":{"risk":["extreme"]},"offer":[],"typical_duration_weeks":0,"wait_weeks":0},
  {"id":"b","name":"","organization":"X","tier":"primary","localities":[],"min_age":null,"max_age":null,"self_referral":false,
   "eligibility":{},"offer":[],"typical_duration_weeks":0,"wait_weeks":-1},
  {"id":"a","name":"A again","organization":"X","tier":"primary","localities":[],"min_age":null,"max_age":null,"self_referral":false,
   "eligibility":{},"offer":[],"typical_duration_weeks":0,"wait_weeks":0, "colour":"blue"}
]}`
		_, parseErr := directory.ParseFile([]byte(bad))
		fe, ok := parseErr.(*directory.FileError)
		if !ok || len(fe.Problems) < 5 {
			t.Fatalf("test file should have at least 5 problems: %v", parseErr)
		}
		var everyProblem []string
		for _, p := range fe.Problems {
			everyProblem = append(everyProblem, html.EscapeString(p.Message), html.EscapeString(p.Field))
		}
		tests := []struct {
			name   string
			file   string
			status int
			want   []string
		}{
			{"every problem listed", bad, 422, append([]string{"There is a problem", "Nothing has been imported", "Line 2, services[0] (a).tier:", fmt.Sprintf("The file has %d problems. Nothing has been imported.", len(fe.Problems)),
				html.EscapeString(`"name":"A again"`)}, everyProblem...)},
			{"not JSON", "{\n\"services\": [oops", 422, []string{"Line 2: not valid JSON", "[oops"}},
			{"empty", "  ", 422, []string{`<a href="#file">Paste the directory file</a>`}},
			{"reserved id", `{"services":[{"id":"new","name":"N","organization":"X","tier":"primary","localities":[],"min_age":null,"max_age":null,"self_referral":false,"eligibility":{},"offer":[],"typical_duration_weeks":0,"wait_weeks":0}]}`,
				422, []string{"used by the directory&#39;s own pages"}},
		}
		for _, tt := range tests {
			res, body := f.do(t, "POST", "/directory/import", mgr, url.Values{"csrf_token": {csrf}, "file": {tt.file}})
			checkPage(t, tt.name, res, body, tt.status, tt.want, nil)
			// The summary says how many problems there are, then lists each.
			if got := strings.Count(body, `<li><a href="#file">`); tt.name == "every problem listed" && got != 1+len(fe.Problems) {
				t.Errorf("%s: %d items in the summary, want %d", tt.name, got, 1+len(fe.Problems))
			}
			if svcs, _ := f.db.Services(ctx); len(svcs) != 1 {
				t.Errorf("%s: imported something: %d services", tt.name, len(svcs))
			}
		}

		res, _ := f.do(t, "POST", "/directory/import", mgr, url.Values{"csrf_token": {csrf}, "file": {string(readDirectoryTestFile(t))}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/directory" {
			t.Fatalf("import: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		if got, want := flashOf(res), "Directory imported: 4 services added, 0 updated and 0 unchanged; 2 localities."; got != want {
			t.Errorf("flash %q, want %q", got, want)
		}
		svcs, _ := f.db.Services(ctx)
		if len(svcs) != 5 {
			t.Errorf("%d services after import, want 5", len(svcs))
		}
		if h, _ := f.db.ServiceHistory(ctx, "crisis"); len(h) != 1 || h[0].Action != "import" || h[0].Username != "team-manager" {
			t.Errorf("import history = %+v", h)
		}
		res, _ = f.do(t, "POST", "/directory/import", mgr, url.Values{"csrf_token": {csrf}, "file": {string(readDirectoryTestFile(t))}})
		if got := flashOf(res); !strings.Contains(got, "0 services added, 0 updated and 4 unchanged") {
			t.Errorf("second import flash %q", got)
		}
		if res, _ := f.do(t, "GET", "/directory/import", mgr, nil); res.StatusCode != 200 {
			t.Errorf("import form: %d", res.StatusCode)
		}
	})
}

func TestDirectoryExport(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importDirectoryTestFile(t, f)
		tok, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/directory/export.json", tok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("export: %d", res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "application/json") {
			t.Errorf("Content-Type %q", got)
		}
		if got := res.Header.Get("Content-Disposition"); !strings.HasPrefix(got, `attachment; filename="directory-`) {
			t.Errorf("Content-Disposition %q", got)
		}
		file, err := directory.ParseFile([]byte(body))
		if err != nil {
			t.Fatalf("exported file does not parse: %v", err)
		}
		var ids []string
		for _, s := range file.Services {
			ids = append(ids, s.ID)
		}
		slices.Sort(ids)
		if got, want := strings.Join(ids, ","), "cen,cmht-all,crisis,iapt-north,youth-south"; got != want {
			t.Errorf("exported services %s, want %s", got, want)
		}
		if len(file.Localities) != 2 {
			t.Errorf("exported %d localities, want 2", len(file.Localities))
		}
		su, _ := f.session(t, f.users[auth.ServiceUser])
		if res, _ := f.do(t, "GET", "/directory/export.json", su, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("service user export: %d, want 403", res.StatusCode)
		}
	})
}
