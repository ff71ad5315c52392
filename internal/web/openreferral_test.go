package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"throughline/internal/openreferral"
	"throughline/internal/openreferral/hsdstest"
)

func openReferralServer(t *testing.T) *httptest.Server {
	t.Helper()
	db := demoRegion.Open(t, "sqlite")
	srv, err := New(db, DefaultConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// orGet fetches path with no session, as another directory would, and
// checks the API's common promises: JSON any origin may read.
func orGet(t *testing.T, ts *httptest.Server, path string, wantStatus int) []byte {
	t.Helper()
	res, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d: %.500s", path, res.StatusCode, wantStatus, body)
	}
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("GET %s: Access-Control-Allow-Origin %q, want *", path, got)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want JSON", path, ct)
	}
	return body
}

func decodePage(t *testing.T, body []byte) openreferral.Page[json.RawMessage] {
	t.Helper()
	var p openreferral.Page[json.RawMessage]
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every /openreferral response for the whole demo directory validates
// against the HSDS 3.0 schemas: every page of every list and every record.
func TestOpenReferralResponsesValidate(t *testing.T) {
	ts := openReferralServer(t)
	root := orGet(t, ts, "/openreferral/", http.StatusOK)
	hsdstest.Must(t, root, hsdstest.Root)
	var r openreferral.Root
	json.Unmarshal(root, &r)
	if r.Version != "3.0" || !strings.HasSuffix(r.OpenAPIURL, "/openreferral/openapi.json") {
		t.Errorf("root = %+v", r)
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(orGet(t, ts, "/openreferral/openapi.json", http.StatusOK), &doc); err != nil || doc.OpenAPI == "" {
		t.Errorf("openapi document unreadable: %v", err)
	}
	// Every list the document describes is served (records by id are
	// fetched below, from each list).
	for path := range doc.Paths {
		if !strings.Contains(path, "{") {
			orGet(t, ts, "/openreferral"+path, http.StatusOK)
		}
	}
	for _, list := range []struct{ path, item, one string }{
		{"/openreferral/services", hsdstest.ServiceListItem, hsdstest.Service},
		{"/openreferral/organizations", hsdstest.OrganizationListItem, hsdstest.Organization},
		{"/openreferral/taxonomies", hsdstest.Taxonomy, hsdstest.Taxonomy},
		{"/openreferral/taxonomy_terms", hsdstest.TaxonomyTerm, hsdstest.TaxonomyTerm},
		{"/openreferral/service_at_locations", hsdstest.AtLocationListItem, hsdstest.AtLocationListItem},
	} {
		seen := 0
		for page := 1; ; page++ {
			body := orGet(t, ts, list.path+"?per_page=7&page="+strconv.Itoa(page), http.StatusOK)
			if err := hsdstest.CheckPage(body, list.item); err != nil {
				t.Fatalf("%s page %d: %v", list.path, page, err)
			}
			p := decodePage(t, body)
			for _, c := range p.Contents {
				var id struct{ ID string }
				json.Unmarshal(c, &id)
				hsdstest.Must(t, orGet(t, ts, list.path+"/"+id.ID, http.StatusOK), list.one)
				seen++
			}
			if p.LastPage {
				if seen != p.TotalItems || seen == 0 {
					t.Errorf("%s: saw %d items over the pages, total_items %d", list.path, seen, p.TotalItems)
				}
				break
			}
		}
	}
}

// A fully nested service carries its organisation, contact details,
// areas, eligibility attributes and the whole of its own rules.
func TestOpenReferralServiceIsFullyNested(t *testing.T) {
	ts := openReferralServer(t)
	p := decodePage(t, orGet(t, ts, "/openreferral/services?per_page=200", http.StatusOK))
	nested := 0
	for _, c := range p.Contents {
		var item openreferral.Service
		json.Unmarshal(c, &item)
		var s openreferral.Service
		json.Unmarshal(orGet(t, ts, "/openreferral/services/"+item.ID, http.StatusOK), &s)
		if s.Organization == nil || len(s.ServiceAreas) == 0 || len(s.Attributes) == 0 || len(s.Throughline) == 0 {
			t.Errorf("%s is not fully nested: %+v", s.Name, s)
		}
		if len(s.Phones) > 0 && len(s.Schedules) > 0 {
			nested++
		}
	}
	if nested == 0 {
		t.Error("no demo service has its phone and opening hours nested")
	}
}

// Search, taxonomy terms, organisations and modified_after narrow the
// list; bad paging and dates are refused with a 400 in JSON; unknown ids
// are a 404 in JSON.
func TestOpenReferralQueries(t *testing.T) {
	ts := openReferralServer(t)
	all := decodePage(t, orGet(t, ts, "/openreferral/services", http.StatusOK))
	if all.TotalItems < 10 || all.PageNumber != 1 || !all.FirstPage {
		t.Fatalf("services page = %+v", all)
	}
	highRisk := openreferral.TermID(openreferral.EligibilityCode("risk", "very-high"))
	// The README's example finds the term by searching for its code.
	terms := decodePage(t, orGet(t, ts, "/openreferral/taxonomy_terms?search=risk:very-high", http.StatusOK))
	if len(terms.Contents) != 1 || !strings.Contains(string(terms.Contents[0]), highRisk) {
		t.Errorf("searching terms for risk:very-high found %s", terms.Contents)
	}
	for _, tc := range []struct {
		query string
		check func(s openreferral.Service) bool
	}{
		{"search=crisis", func(s openreferral.Service) bool {
			return strings.Contains(strings.ToLower(s.Name+" "+string(s.Throughline)), "crisis")
		}},
		{"taxonomy_term_id=" + highRisk, func(s openreferral.Service) bool { return strings.Contains(s.EligibilityDescription, "very high") }},
	} {
		p := decodePage(t, orGet(t, ts, "/openreferral/services?per_page=200&"+tc.query, http.StatusOK))
		if p.TotalItems == 0 || p.TotalItems >= all.TotalItems {
			t.Errorf("%s: %d of %d services, want some but not all", tc.query, p.TotalItems, all.TotalItems)
		}
		for _, c := range p.Contents {
			var s openreferral.Service
			json.Unmarshal(c, &s)
			if !tc.check(s) {
				t.Errorf("%s: %s should not be listed", tc.query, s.Name)
			}
		}
	}
	if p := decodePage(t, orGet(t, ts, "/openreferral/services?modified_after=2999-01-01", http.StatusOK)); p.TotalItems != 0 || !p.Empty {
		t.Errorf("modified_after in the future: %+v, want an empty page", p)
	}
	if p := decodePage(t, orGet(t, ts, "/openreferral/services?modified_after="+url.QueryEscape("2000-01-01T00:00:00Z"), http.StatusOK)); p.TotalItems != all.TotalItems {
		t.Errorf("modified_after long ago: %d services, want all %d", p.TotalItems, all.TotalItems)
	}
	last := decodePage(t, orGet(t, ts, "/openreferral/services?per_page=1&page="+strconv.Itoa(all.TotalItems), http.StatusOK))
	past := decodePage(t, orGet(t, ts, "/openreferral/services?per_page=1&page="+strconv.Itoa(all.TotalItems+1), http.StatusOK))
	if !last.LastPage || last.Size != 1 || !past.Empty || !past.LastPage || past.TotalPages != all.TotalItems {
		t.Errorf("last page %+v, past the end %+v", last, past)
	}
	for _, bad := range []string{"page=0", "page=x", "per_page=0", "per_page=201", "modified_after=yesterday"} {
		body := orGet(t, ts, "/openreferral/services?"+bad, http.StatusBadRequest)
		var e struct{ Error string }
		if json.Unmarshal(body, &e); e.Error == "" {
			t.Errorf("%s: no error message in %s", bad, body)
		}
	}
	for _, path := range []string{"/openreferral/services/not-an-id", "/openreferral/organizations/x", "/openreferral/taxonomy_terms/x", "/openreferral/service_at_locations/x"} {
		orGet(t, ts, path, http.StatusNotFound)
	}
}
