package directory

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseFileRoundTrip(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(f.Services), 4; got != want {
		t.Fatalf("services = %d, want %d", got, want)
	}
	if got := f.Services[0]; got.ID != "iapt-north" || *got.MinAge != 18 || got.MaxAge != nil || !got.SelfReferral ||
		!reflect.DeepEqual(got.Eligibility["risk"], []string{"low", "moderate"}) {
		t.Errorf("first service = %+v", got)
	}
	out, err := EncodeFile(f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseFile(out)
	if err != nil {
		t.Fatalf("re-parse of export: %v", err)
	}
	if !reflect.DeepEqual(again.Services, f.Services) || !reflect.DeepEqual(again.Localities, f.Localities) {
		t.Error("export then import changed the directory")
	}
	golden := "testdata/small.export.golden.json"
	if *updateGolden {
		os.WriteFile(golden, out, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("export differs from %s (run go test -run RoundTrip -update)", golden)
	}
}

// TestParseFileListsEveryProblem: a bad file is rejected whole, with each
// problem named by line and field.
func TestParseFileListsEveryProblem(t *testing.T) {
	t.Parallel()
	bad := `{"services":[
  {"id":"ok-one","name":"Fine","organization":"x","tier":"primary","localities":[],"eligibility":{},"offer":[]},
  {"id":"","name":"No id","tier":"tertiary","eligibility":{"risk":["extreme"]}},
  {"id":"typed","name":"Typed","tier":"primary","wait_weeks":"six"},
  {"id":"ok-one","name":"Again","tier":"primary"},
  {"id":"extra","name":"Extra","tier":"primary","colour":"blue"}
]}`
	_, err := ParseFile([]byte(bad))
	fe, ok := err.(*FileError)
	if !ok {
		t.Fatalf("err = %v, want *FileError", err)
	}
	want := []FileProblem{
		{3, "services[1].eligibility.risk", "Eligibility risk has unknown value extreme"},
		{3, "services[1].id", "Enter a service id"},
		{3, "services[1].tier", "Tier must be one of primary, talking-therapies, secondary, specialist-cen, voluntary, trauma, crisis, social-care, housing, substance-use"},
		{4, "services[2].wait_weeks", "expected int, found a JSON string"},
		{5, "services (ok-one).id", `id "ok-one" is used twice (first on line 2)`},
		{6, "services[4]", `unknown field "colour"`},
	}
	if !reflect.DeepEqual(fe.Problems, want) {
		t.Errorf("problems:\n%v\nwant:\n%v", fe.Problems, want)
	}
	if !strings.Contains(err.Error(), "nothing imported") {
		t.Errorf("message should say nothing was imported: %v", err)
	}
}

func TestParseFileRejectsMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		line           int
	}{
		{"syntax", "{\"services\":[\n{\"id\": }\n]}", "not valid JSON", 2},
		{"not an object", `[1,2]`, "must be a JSON object", 1},
		{"no services", `{"localities":[]}`, "no services list", 1},
		{"services not a list", `{"services":{"a":1}}`, "must be a list", 1},
		{"unknown top-level", "{\"services\":[],\n\"extra\":1}", "unknown top-level field", 2},
		{"empty", ``, "not valid JSON", 1},
	}
	for _, tt := range tests {
		_, err := ParseFile([]byte(tt.in))
		fe, ok := err.(*FileError)
		if !ok || len(fe.Problems) == 0 {
			t.Errorf("%s: err = %v", tt.name, err)
			continue
		}
		if p := fe.Problems[0]; !strings.Contains(p.Message, tt.want) || p.Line != tt.line {
			t.Errorf("%s: problem = %+v, want %q on line %d", tt.name, p, tt.want, tt.line)
		}
	}
}

func FuzzParseFile(f *testing.F) {
	b, _ := os.ReadFile("testdata/small.json")
	f.Add(b)
	f.Add([]byte(`{"services":[{"id":"a","name":"b","tier":"primary","min_age":5,"max_age":3}]}`))
	f.Add([]byte(`{"services":[],"localities":[{"code":"","name":""}]}`))
	f.Add([]byte(`{"services":[{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseFile(data)
		if err != nil {
			if _, ok := err.(*FileError); !ok {
				t.Fatalf("error of type %T, want *FileError", err)
			}
			return
		}
		out, err := EncodeFile(file)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseFile(out)
		if err != nil {
			t.Fatalf("export of a valid file does not re-import: %v", err)
		}
		if len(again.Services) != len(file.Services) {
			t.Fatalf("round trip changed service count %d → %d", len(file.Services), len(again.Services))
		}
	})
}

func FuzzParseProfile(f *testing.F) {
	f.Add("risk=high,engagement=chaotic,age=30,locality=N")
	f.Add("age=999,,=,risk")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProfile(s, DefaultProfile())
		if err != nil {
			return
		}
		if _, err := ParseProfile(p.String(), Profile{}); err != nil && p.Risk != "" && p.Engagement != "" {
			t.Fatalf("valid profile %q does not round-trip: %v", p.String(), err)
		}
	})
}
