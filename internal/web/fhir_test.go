package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/fhir/fhirtest"
	"throughline/internal/measures"
	"throughline/internal/store"
)

type fhirBundle struct {
	ResourceType string `json:"resourceType"`
	Total        int    `json:"total"`
	Link         []struct {
		Relation string `json:"relation"`
		URL      string `json:"url"`
	} `json:"link"`
	Entry []struct {
		Resource json.RawMessage `json:"resource"`
		Search   struct {
			Mode string `json:"mode"`
		} `json:"search"`
	} `json:"entry"`
}

func (b fhirBundle) link(rel string) string {
	for _, l := range b.Link {
		if l.Relation == rel {
			return l.URL
		}
	}
	return ""
}

// fhirGet fetches path under the FHIR base as the session token and
// checks that whatever came back, success or error, is a valid FHIR
// resource served as application/fhir+json.
func fhirGet(t *testing.T, f *fixture, path, token string) (int, []byte) {
	t.Helper()
	res, body := f.do(t, "GET", fhirBase+path, token, nil)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/fhir+json") {
		t.Fatalf("GET %s: content type %q, want application/fhir+json (%d %.200s)", path, ct, res.StatusCode, body)
	}
	fhirtest.Check(t, []byte(body))
	return res.StatusCode, []byte(body)
}

func fhirBundleAt(t *testing.T, f *fixture, path, token string) fhirBundle {
	t.Helper()
	status, body := fhirGet(t, f, path, token)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	var b fhirBundle
	if err := json.Unmarshal(body, &b); err != nil || b.ResourceType != "Bundle" {
		t.Fatalf("GET %s: not a Bundle: %v %.200s", path, err, body)
	}
	return b
}

// recordFHIRMeasures gives the fixture's person three PHQ-9s and a GAD-7.
func recordFHIRMeasures(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	a := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
	for i, m := range []struct{ id, answers string }{
		{"PHQ-9", "1,1,1,1,1,1,1,1,0"}, {"PHQ-9", "2,2,2,2,2,2,2,2,0"}, {"GAD-7", "1,1,1,1,1,1,1"}, {"PHQ-9", "0,0,0,0,0,0,0,0,0"},
	} {
		ans, err := measures.ParseAnswers(m.answers)
		if err != nil {
			t.Fatal(err)
		}
		r := measures.Response{PersonID: f.person.ID, MeasureID: m.id, TakenAt: f.db.Now().Add(time.Duration(i-10) * 24 * time.Hour), Answers: ans}
		if _, err := f.db.RecordMeasure(ctx, a, &r); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFHIRSearchPagingAndInclude: an Observation search pages by _count
// with a total and next/previous links that lead through every match,
// filters by code and date, and _include brings in each score's
// QuestionnaireResponse; every response is valid FHIR R4.
func TestFHIRSearchPagingAndInclude(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		recordFHIRMeasures(t, f)
		tok, _ := f.session(t, f.users[auth.Clinician])
		pid := f.person.ID
		first := fhirBundleAt(t, f, fmt.Sprintf("/Observation?patient=%d&_count=3", pid), tok)
		if got, want := first.Total, 4; got != want {
			t.Fatalf("total = %d, want %d", got, want)
		}
		if got, want := len(first.Entry), 3; got != want {
			t.Fatalf("first page has %d entries, want %d", got, want)
		}
		next := first.link("next")
		if next == "" || first.link("previous") != "" {
			t.Fatalf("first page links: %+v", first.Link)
		}
		u, err := url.Parse(next)
		if err != nil {
			t.Fatal(err)
		}
		second := fhirBundleAt(t, f, strings.TrimPrefix(u.RequestURI(), fhirBase), tok)
		if got, want := len(second.Entry), 1; got != want || second.link("next") != "" || second.link("previous") == "" {
			t.Fatalf("second page: %d entries (want %d), links %+v", got, want, second.Link)
		}

		for _, c := range []struct {
			query string
			want  int
		}{
			{"code=http://loinc.org|44261-6", 3},
			{"code=445455005", 1},
			{"code=http://loinc.org|445455005", 0},
			{"status=final", 4},
			{"status=preliminary", 0},
			{"date=ge" + f.db.Now().Add(-8*24*time.Hour).Format("2006-01-02"), 2},
			{"_lastUpdated=gt2000-01-01", 4},
		} {
			b := fhirBundleAt(t, f, fmt.Sprintf("/Observation?subject=Patient/%d&%s", pid, c.query), tok)
			if b.Total != c.want {
				t.Errorf("%s: total %d, want %d", c.query, b.Total, c.want)
			}
		}

		inc := fhirBundleAt(t, f, fmt.Sprintf("/Observation?patient=%d&_include=Observation:derived-from&_count=2", pid), tok)
		modes := map[string]int{}
		for _, e := range inc.Entry {
			var head struct{ ResourceType string }
			json.Unmarshal(e.Resource, &head)
			modes[e.Search.Mode+" "+head.ResourceType]++
		}
		if got, want := modes, map[string]int{"match Observation": 2, "include QuestionnaireResponse": 2}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("_include entries = %v, want %v", got, want)
		}
		// Each Observation read by id, and its response, is there too.
		var obs struct {
			ID          string
			DerivedFrom []struct{ Reference string }
		}
		json.Unmarshal(inc.Entry[0].Resource, &obs)
		if status, body := fhirGet(t, f, "/Observation/"+obs.ID, tok); status != 200 {
			t.Fatalf("read Observation/%s: %d %s", obs.ID, status, body)
		}
		if status, body := fhirGet(t, f, "/"+obs.DerivedFrom[0].Reference, tok); status != 200 {
			t.Fatalf("read %s: %d %s", obs.DerivedFrom[0].Reference, status, body)
		}
	})
}

func outcomeCode(t *testing.T, body []byte) string {
	t.Helper()
	var oo struct {
		ResourceType string
		Issue        []struct{ Code string }
	}
	if err := json.Unmarshal(body, &oo); err != nil || oo.ResourceType != "OperationOutcome" || len(oo.Issue) == 0 {
		t.Fatalf("not an OperationOutcome: %s", body)
	}
	return oo.Issue[0].Code
}

// TestFHIRErrorsAreOperationOutcomes: refusals and bad requests come back
// as OperationOutcome with the right status and issue code, never an HTML
// page or a sign-in redirect.
func TestFHIRErrorsAreOperationOutcomes(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin, _ := f.session(t, f.users[auth.Clinician])
		comm, _ := f.session(t, f.users[auth.Commissioner])
		outsider, _ := f.session(t, f.outsider)
		pid, sid := f.person.ID, f.stranger.ID
		for _, c := range []struct {
			name, path, token string
			status            int
			code              string
		}{
			{"not signed in", fmt.Sprintf("/Patient/%d", pid), "", 401, "login"},
			{"unknown search parameter", fmt.Sprintf("/Observation?patient=%d&colour=blue", pid), clin, 400, "invalid"},
			{"unsupported modifier", "/Patient?name:exact=Rob", clin, 400, "invalid"},
			{"bad date", fmt.Sprintf("/Observation?patient=%d&date=last-tuesday", pid), clin, 400, "invalid"},
			{"bad _count", "/Patient?_count=many", clin, 400, "invalid"},
			{"unsupported include", fmt.Sprintf("/Goal?patient=%d&_include=Goal:subject", pid), clin, 400, "invalid"},
			{"search across people", "/Observation?code=44261-6", clin, 400, "invalid"},
			{"unknown patient", "/Patient/999999", clin, 404, "not-found"},
			{"unknown observation", fmt.Sprintf("/Observation/%d-999999", pid), clin, 404, "not-found"},
			{"malformed id", "/Observation/abc", clin, 404, "not-found"},
			{"unsupported type", "/Flag", clin, 404, "not-found"},
			{"unrelated clinician reads a patient", fmt.Sprintf("/Patient/%d", pid), outsider, 403, "forbidden"},
			{"unrelated clinician searches a patient's records", fmt.Sprintf("/Observation?patient=%d", pid), outsider, 403, "forbidden"},
			{"clinician reads a stranger", fmt.Sprintf("/EpisodeOfCare?patient=%d", sid), clin, 403, "forbidden"},
			{"commissioner", fmt.Sprintf("/Patient/%d", pid), comm, 403, "forbidden"},
			{"commissioner searches", "/Patient?name=Rob", comm, 403, "forbidden"},
		} {
			status, body := fhirGet(t, f, c.path, c.token)
			if status != c.status {
				t.Errorf("%s: status %d, want %d (%s)", c.name, status, c.status, body)
				continue
			}
			if got := outcomeCode(t, body); got != c.code {
				t.Errorf("%s: issue code %q, want %q", c.name, got, c.code)
			}
		}
	})
}

// TestFHIRPatientSearchOnlyRelated: a Patient search returns only people
// the user has a relationship with, whatever it asks for; a break-glass
// grant opens the one record it names, to reads and to searches, and the
// reads are audited under that relationship.
func TestFHIRPatientSearchOnlyRelated(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin, _ := f.session(t, f.users[auth.Clinician])
		outsider, _ := f.session(t, f.outsider)
		self, _ := f.session(t, f.users[auth.ServiceUser])
		for _, c := range []struct {
			name, token, query string
			want               int
		}{
			{"clinician, everyone", clin, "", 1},
			{"clinician, by NHS number", clin, "identifier=" + url.QueryEscape("https://fhir.nhs.uk/Id/nhs-number|9434765919"), 1},
			{"clinician, number in another system", clin, "identifier=" + url.QueryEscape("https://example.org|9434765919"), 0},
			{"clinician, preferred name", clin, "name=rob", 1},
			{"clinician, a stranger's name", clin, "name=Casey", 0},
			{"clinician, the stranger's id", clin, fmt.Sprintf("_id=%d", f.stranger.ID), 0},
			{"outsider, everyone", outsider, "", 0},
			{"the person themselves", self, "", 1},
		} {
			b := fhirBundleAt(t, f, "/Patient?"+c.query, c.token)
			if b.Total != c.want || len(b.Entry) != c.want {
				t.Errorf("%s: total %d with %d entries, want %d", c.name, b.Total, len(b.Entry), c.want)
			}
		}

		if err := f.db.GrantBreakGlass(ctx, f.outsider, f.person.ID, "Crisis call from A&E, need the crisis plan now", time.Hour); err != nil {
			t.Fatal(err)
		}
		if status, body := fhirGet(t, f, fmt.Sprintf("/Patient/%d", f.person.ID), outsider); status != 200 {
			t.Fatalf("read under break-glass: %d %s", status, body)
		}
		if b := fhirBundleAt(t, f, "/Patient", outsider); b.Total != 1 {
			t.Errorf("search under break-glass: total %d, want 1", b.Total)
		}
		if status, _ := fhirGet(t, f, fmt.Sprintf("/Patient/%d", f.stranger.ID), outsider); status != 403 {
			t.Errorf("break-glass for one person opened another: %d", status)
		}
		evs, err := f.db.AuditEvents(ctx, store.AuditFilter{PersonID: f.person.ID, UserID: f.outsider.ID, Action: auth.ActionView, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			found = found || e.Relationship == auth.RelBreakGlass
		}
		if !found {
			t.Errorf("no break-glass audit event for the FHIR read: %+v", evs)
		}
	})
}

// TestFHIRReadsAreAudited: every person-scoped FHIR read and search writes
// an audit event about the person.
func TestFHIRReadsAreAudited(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		recordFHIRMeasures(t, f)
		tok, _ := f.session(t, f.users[auth.Clinician])
		count := func() int {
			evs, err := f.db.AuditEvents(ctx, store.AuditFilter{PersonID: f.person.ID, Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		paths := []string{fmt.Sprintf("/Patient/%d", f.person.ID), "/Patient?name=Rob"}
		for _, rt := range fhirPersonTypes() {
			paths = append(paths, fmt.Sprintf("/%s?patient=%d", rt.spec.Type, f.person.ID))
		}
		for _, p := range paths {
			before := count()
			if status, body := fhirGet(t, f, p, tok); status != 200 {
				t.Fatalf("GET %s: %d %s", p, status, body)
			}
			if count() == before {
				t.Errorf("GET %s read the record without an audit event", p)
			}
		}
	})
}

// TestFHIRCapabilityMatchesRoutes: the CapabilityStatement lists exactly
// the types that are served, with their search parameters, and each type
// it lists answers a search.
func TestFHIRCapabilityMatchesRoutes(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := f.users[auth.Clinician]
		g := care.Goal{PersonID: f.person.ID, EpisodeID: f.episodeID(t), Text: "To go back to the allotment", OwnWords: true}
		if err := f.db.AddGoal(ctx, auth.Actor{User: clin, Relationship: auth.RelCaseload}, &g); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, clin)
		status, body := fhirGet(t, f, "/metadata", "")
		if status != 200 {
			t.Fatalf("metadata: %d %s", status, body)
		}
		var cs struct {
			Rest []struct {
				Security  *struct{ Service []any }
				Operation []struct{ Name string }
				Resource  []struct {
					Type        string
					SearchParam []struct{ Name string }
				}
			}
		}
		json.Unmarshal(body, &cs)
		listed := map[string]bool{}
		for _, op := range cs.Rest[0].Operation {
			listed["$"+op.Name] = true
		}
		if cs.Rest[0].Security != nil && len(cs.Rest[0].Security.Service) > 0 {
			listed["security"] = true
		}
		for _, r := range cs.Rest[0].Resource {
			listed[r.Type] = true
			if r.Type == "Group" {
				continue // served only as Group/{team}/$export
			}
			q := "/" + r.Type
			// A type searched within one person names them.
			for _, p := range r.SearchParam {
				if p.Name == "patient" {
					q = fmt.Sprintf("/%s?patient=%d", r.Type, f.person.ID)
				}
			}
			fhirBundleAt(t, f, q, tok)
			for _, p := range r.SearchParam {
				if p.Name == "patient" || p.Name == "subject" {
					continue
				}
				// A listed parameter is accepted (it may match nothing).
				if status, body := fhirGet(t, f, q+sep(q)+p.Name+"=2026-01-01", tok); status != 200 && status != 400 {
					t.Errorf("%s %s: %d %s", r.Type, p.Name, status, body)
				} else if status == 400 && strings.Contains(string(body), "not supported") {
					t.Errorf("%s lists %s but refuses it: %s", r.Type, p.Name, body)
				}
			}
		}
		for _, rt := range f.srv.routes() {
			_, path, _ := strings.Cut(rt.pattern, " ")
			if !strings.HasPrefix(path, fhirBase+"/") || path == fhirBase+"/" || path == fhirBase+"/metadata" {
				continue
			}
			typ, _, _ := strings.Cut(strings.TrimPrefix(path, fhirBase+"/"), "/")
			switch {
			case strings.HasPrefix(typ, "$export"):
				typ = "$export" // the status and file URLs are part of the operation
			case typ == ".well-known" || typ == "token":
				typ = "security"
			}
			if !listed[typ] {
				t.Errorf("route %s serves %s, which the CapabilityStatement does not list", rt.pattern, typ)
			}
		}
	})
}

func sep(q string) string {
	if strings.Contains(q, "?") {
		return "&"
	}
	return "?"
}
