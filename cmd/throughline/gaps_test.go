package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"throughline/internal/store/storetest"
)

const smallDir = "../../internal/directory/testdata/small.json"

func TestGapsCLIFromFile(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"profile json", []string{"--profile", "risk=high,engagement=chaotic,diagnosis=uncertain,complexity=complex-trauma,age=30,locality=N,substance_use=none,housing=unstable,duration_needed=long", "--json"},
			`{"accepted":["crisis"],"declined":[{"id":"iapt-north","failed":["risk","engagement","duration_needed"]},{"id":"cmht-all","failed":["engagement"]},{"id":"youth-south","failed":["risk","age","locality"]}],"in_gap":true}` + "\n"},
		{"grid json", []string{"--grid", "risk,engagement", "--json"},
			`{"rows":["low","moderate","high","very-high"],"cols":["able","variable","chaotic"],"cells":[[0,0,0],[1,1,0],[1,1,0],[1,1,0]]}` + "\n"},
		{"grid with profile", []string{"--grid", "risk,engagement", "--profile", "duration_needed=short,locality=N", "--json"},
			`{"rows":["low","moderate","high","very-high"],"cols":["able","variable","chaotic"],"cells":[[1,0,0],[2,1,0],[1,1,0],[1,1,0]]}` + "\n"},
	}
	for _, tt := range tests {
		out, err := run(t, "", nil, append([]string{"gaps", "--directory", smallDir}, tt.args...)...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if out != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.name, out, tt.want)
		}
	}
	errs := []struct {
		args []string
		want string
	}{
		{[]string{"--profile", "risk=high"}, "--profile needs engagement"},
		{[]string{"--profile", "risk=extreme,engagement=able"}, "risk must be one of"},
		{[]string{"--grid", "risk"}, "two dimensions"},
		{[]string{"--grid", "risk,mood"}, "unknown dimension"},
	}
	for _, tt := range errs {
		_, err := run(t, "", nil, append([]string{"gaps", "--directory", smallDir}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
	out, err := run(t, "", nil, "gaps", "--directory", smallDir, "--profile", "risk=high,engagement=chaotic")
	if err != nil || !strings.Contains(out, "In the gap") || !strings.Contains(out, "cmht-all: also accept engagement = chaotic") {
		t.Errorf("text answer lacks the gap or the one change:\n%s", out)
	}
}

// TestImportExportGapsFromDatabase: import a directory, read the gaps from
// the database, export it back; a bad file is rejected whole.
func TestImportExportGapsFromDatabase(t *testing.T) {
	for name, mk := range storetest.Dialects(t) {
		t.Run(name, func(t *testing.T) {
			dsn := mk(t)
			env := map[string]string{"THROUGHLINE_DB": dsn}
			out, err := run(t, "", env, "import", "directory", smallDir)
			if err != nil || !strings.Contains(out, "4 services added") {
				t.Fatalf("import: %v\n%s", err, out)
			}
			out, err = run(t, "", env, "gaps", "--grid", "risk,engagement", "--json")
			if err != nil || !strings.Contains(out, `"cells":[[0,0,0],[1,1,0],[1,1,0],[1,1,0]]`) {
				t.Errorf("gaps from database: %v\n%s", err, out)
			}
			bad := filepath.Join(t.TempDir(), "bad.json")
			os.WriteFile(bad, []byte(`{"services":[
 {"id":"new-one","name":"New","tier":"primary"},
 {"id":"x","name":"","tier":"nope"}]}`), 0o644)
			_, err = run(t, "", env, "import", "directory", bad)
			if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "services[1] (x).tier") || !strings.Contains(err.Error(), "nothing imported") {
				t.Errorf("bad import error = %v", err)
			}
			exported := filepath.Join(t.TempDir(), "out.json")
			if _, err := run(t, "", env, "export", "directory", "--out", exported); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(exported)
			if strings.Contains(string(b), "new-one") {
				t.Error("a rejected file was partly imported")
			}
			if out, _ := run(t, "", env, "import", "directory", exported); !strings.Contains(out, "4 unchanged") {
				t.Errorf("re-import of export: %s", out)
			}
		})
	}
}
