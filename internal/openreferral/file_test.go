package openreferral_test

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"throughline/internal/directory"
	"throughline/internal/openreferral"
	"throughline/internal/openreferral/hsdstest"
)

// smallDirectory is the directory package's small test directory.
func smallDirectory(t testing.TB) directory.File {
	t.Helper()
	b, err := os.ReadFile("../directory/testdata/small.json")
	if err == nil {
		var f directory.File
		if f, err = directory.ParseFile(b); err == nil {
			return f
		}
	}
	t.Fatal(err)
	return directory.File{}
}

// fullDirectory adds to it a service with every field filled in.
func fullDirectory(t *testing.T) directory.File {
	f := smallDirectory(t)
	// One service with every field the directory has, so each is mapped.
	seven := 7
	f.Services = append(f.Services, directory.Service{ID: "full", Name: "Full Service", Organization: "Northshire Mind",
		Description: "Everything filled in.", Tier: "specialist-cen", Localities: []string{"N", "S"}, MinAge: &seven,
		SelfReferral: true, ReferralRoutes: []string{"gp", "self"},
		Eligibility: map[string][]string{"risk": {"moderate", "high"}, "housing": {"unstable", "homeless"}, "diagnosis": {"cen"}},
		Offer:       []string{"groups", "individual"}, TypicalDurationWeeks: 52, WaitWeeks: 9, Capacity: 40,
		Contact:      directory.Contact{Phone: "01234 567890", Email: "full@example.org", URL: "https://example.org/full", Address: "1 High Street, Northtown NT1 1AA", Hours: "Monday to Friday, 9am to 5pm"},
		GoodPractice: []string{"trauma-informed"}, Barriers: []string{"long wait"}})
	return f
}

func records(f directory.File) []openreferral.Record {
	out := make([]openreferral.Record, len(f.Services))
	for i, s := range f.Services {
		out[i] = openreferral.Record{Service: s, Modified: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)}
	}
	return out
}

// Every service the mapping produces, fully nested and as a list item,
// validates against the HSDS 3.0 schemas.
func TestServicesValidateAgainstHSDS(t *testing.T) {
	f := fullDirectory(t)
	names := map[string]string{"N": "North", "S": "South"}
	for _, r := range records(f) {
		s, err := openreferral.FromDirectory(r, names)
		if err != nil {
			t.Fatal(err)
		}
		full, _ := json.Marshal(s)
		hsdstest.Must(t, full, hsdstest.Service)
		item, _ := json.Marshal(openreferral.ListItem(s))
		hsdstest.Must(t, item, hsdstest.ServiceListItem)
	}
	for _, tx := range openreferral.Taxonomies() {
		b, _ := json.Marshal(tx)
		hsdstest.Must(t, b, hsdstest.Taxonomy)
	}
	for _, term := range openreferral.Terms() {
		b, _ := json.Marshal(term)
		hsdstest.Must(t, b, hsdstest.TaxonomyTerm)
	}
	file, err := openreferral.EncodeFile(records(f), f.Localities)
	if err != nil {
		t.Fatal(err)
	}
	if err := hsdstest.CheckPage(file, hsdstest.Service); err != nil {
		t.Fatalf("the HSDS file is not a valid page of services: %v", err)
	}
}

// The schema check can fail: a service without its required status, or
// with an id that is not a UUID, is refused.
func TestSchemaCheckRefusesInvalidService(t *testing.T) {
	for _, doc := range []string{`{"id":"f71f19b6-5472-5d27-abd0-98b02443ad48","name":"x"}`, `{"id":"cen","name":"x","status":"active"}`} {
		if err := hsdstest.Check([]byte(doc), hsdstest.Service); err == nil {
			t.Errorf("%s validated", doc)
		}
	}
}

// The mapping fills HSDS's own fields from the rules, each rule value as
// an eligibility attribute against the published taxonomy.
func TestEligibilityMapsToHSDSFields(t *testing.T) {
	f := fullDirectory(t)
	s, err := openreferral.FromDirectory(records(f)[len(f.Services)-1], map[string]string{"N": "North", "S": "South"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *s.MinimumAge, 7; got != want {
		t.Errorf("minimum_age = %d, want %d", got, want)
	}
	if s.MaximumAge != nil {
		t.Errorf("maximum_age = %d, want none", *s.MaximumAge)
	}
	if got, want := s.WaitTime, "About 9 weeks"; got != want {
		t.Errorf("wait_time = %q, want %q", got, want)
	}
	if got, want := s.EligibilityDescription, "Ages 7 and over. Lives in North or South. Risk: moderate or high. Diagnosis: cen. Housing: unstable or homeless."; got != want {
		t.Errorf("eligibility_description = %q, want %q", got, want)
	}
	var got []string
	for _, a := range s.Attributes {
		if a.LinkType == "eligibility" {
			if a.TaxonomyTerm == nil || a.TaxonomyTerm.ID != a.TaxonomyTermID || a.LinkID != s.ID {
				t.Errorf("attribute %+v does not link the service to its term", a)
			}
			got = append(got, a.TaxonomyTerm.Code)
		}
	}
	want := []string{"risk:moderate", "risk:high", "diagnosis:cen", "housing:unstable", "housing:homeless"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("eligibility attributes = %v, want %v", got, want)
	}
	if len(s.ServiceAreas) != 2 || s.ServiceAreas[0].Name != "North" {
		t.Errorf("service areas = %+v, want North and South", s.ServiceAreas)
	}
}

func gridOf(t *testing.T, services []directory.Service) []directory.Grid {
	t.Helper()
	e := directory.NewEngine(services)
	var out []directory.Grid
	for _, dims := range [][2]string{{"risk", "engagement"}, {"age", "locality"}, {"diagnosis", "housing"}} {
		base := directory.DefaultProfile()
		base.Risk, base.Engagement = "moderate", "variable"
		g, err := e.Grid(dims[0], dims[1], base)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	return out
}

// Export then import gives the same directory and the same gap grid.
func TestRoundTripKeepsDirectoryAndGapGrid(t *testing.T) {
	f := fullDirectory(t)
	b, err := openreferral.EncodeFile(records(f), f.Localities)
	if err != nil {
		t.Fatal(err)
	}
	if !openreferral.IsHSDS(b) {
		t.Fatal("IsHSDS does not recognise its own file")
	}
	back, err := openreferral.ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, f) {
		t.Errorf("round trip changed the directory:\n got %+v\nwant %+v", back, f)
	}
	if got, want := gridOf(t, back.Services), gridOf(t, f.Services); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the gap grid:\n got %v\nwant %v", got, want)
	}
	own, _ := directory.EncodeFile(f)
	if openreferral.IsHSDS(own) {
		t.Error("IsHSDS mistakes the directory's own format for HSDS")
	}
}

// A service from another directory (no extension) is mapped from its HSDS
// fields and Throughline's taxonomy terms, so its rules still count.
func TestImportWithoutExtensionMapsHSDSFields(t *testing.T) {
	f := fullDirectory(t)
	b, err := openreferral.EncodeFile(records(f), f.Localities)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	json.Unmarshal(b, &doc)
	for _, c := range doc["contents"].([]any) {
		delete(c.(map[string]any), "x_throughline")
	}
	stripped, _ := json.Marshal(doc)
	back, err := openreferral.ParseFile(stripped)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range back.Services {
		orig := f.Services[i]
		if got, want := s.ID, openreferral.ServiceID(orig.ID); got != want {
			t.Errorf("id = %s, want the HSDS id %s", got, want)
		}
		s.ID = orig.ID
		for _, check := range []struct {
			name      string
			got, want any
		}{
			{"name", s.Name, orig.Name}, {"tier", s.Tier, orig.Tier}, {"ages", directory.AgeText(s.MinAge, s.MaxAge), directory.AgeText(orig.MinAge, orig.MaxAge)},
			{"localities", s.Localities, nonNil(orig.Localities)}, {"contact", s.Contact, orig.Contact},
		} {
			if !reflect.DeepEqual(check.got, check.want) {
				t.Errorf("%s: %s = %v, want %v", orig.ID, check.name, check.got, check.want)
			}
		}
		for _, dim := range directory.DimensionOrder {
			if got, want := s.Eligibility[dim], orig.Eligibility[dim]; !reflect.DeepEqual(got, want) {
				t.Errorf("%s: eligibility %s = %v, want %v", orig.ID, dim, got, want)
			}
		}
	}
	if got, want := gridOf(t, back.Services), gridOf(t, f.Services); !reflect.DeepEqual(got, want) {
		t.Errorf("mapping without the extension changed the gap grid:\n got %v\nwant %v", got, want)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Bad files are refused whole with every problem and the line it is on.
func TestImportRefusesBadFiles(t *testing.T) {
	f := fullDirectory(t)
	good, err := openreferral.EncodeFile(records(f), f.Localities)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"name edited without the extension", `"name": "Crisis Team"`, `"name": "Crisis Line"`, `name "Crisis Line" differs from x_throughline's "Crisis Team"`},
		{"bad rule in the extension", `"tier": "voluntary"`, `"tier": "sideways"`, "Tier must be one of"},
		{"not JSON", `"contents": [`, `"contents": [[`, "not a valid HSDS file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(good), tc.old, tc.new, 1)
			if bad == string(good) {
				t.Fatalf("test text %q not found in the file", tc.old)
			}
			_, err := openreferral.ParseFile([]byte(bad))
			var fe *directory.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FileError", err)
			}
			if !strings.Contains(fe.Error(), tc.want) {
				t.Errorf("problems %q do not say %q", fe.Error(), tc.want)
			}
			if fe.Problems[0].Line < 1 {
				t.Errorf("problem has no line: %+v", fe.Problems[0])
			}
		})
	}
	// A foreign service area that is not one of ours is refused, not dropped.
	foreign := `{"contents":[{"id":"0d6c8d07-8e9b-4bfe-9b1a-0f5c2b7c1d11","name":"Elsewhere","status":"active",
		"service_areas":[{"id":"0d6c8d07-8e9b-4bfe-9b1a-0f5c2b7c1d12","name":"Leeds"}]}]}`
	if _, err := openreferral.ParseFile([]byte(foreign)); err == nil || !strings.Contains(err.Error(), `service area "Leeds"`) {
		t.Errorf("err = %v, want the unknown service area refused", err)
	}
}

func FuzzParseFile(f *testing.F) {
	dir := smallDirectory(f)
	good, err := openreferral.EncodeFile(records(dir), dir.Localities)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"contents":[{"id":"x","minimum_age":1.5,"attributes":[{"id":"a","taxonomy_term_id":"b"}]}]}`))
	f.Add([]byte(`{"contents":[{"x_throughline":"no"}],"x_throughline":{"localities":[{"code":""}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := openreferral.ParseFile(data)
		if err != nil {
			var fe *directory.FileError
			if !errors.As(err, &fe) || len(fe.Problems) == 0 {
				t.Fatalf("error %v is not a FileError with problems", err)
			}
			return
		}
		// Whatever is accepted is a valid directory that survives a round trip.
		again, err := openreferral.EncodeFile(records(got), got.Localities)
		if err != nil {
			t.Fatal(err)
		}
		back, err := openreferral.ParseFile(again)
		if err != nil {
			t.Fatalf("accepted file does not round-trip: %v", err)
		}
		if !reflect.DeepEqual(back, got) {
			t.Fatalf("round trip changed an accepted directory")
		}
	})
}
