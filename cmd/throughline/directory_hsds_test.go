package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"throughline/internal/openreferral/hsdstest"
)

// The demo region's directory, exported as HSDS 3.0 and imported into an
// empty database, is the same directory with the same gap grids; the
// exported file is a valid HSDS page of fully nested services.
func TestDirectoryHSDSRoundTrip(t *testing.T) {
	dir := t.TempDir()
	source, target := filepath.Join(dir, "demo.db"), filepath.Join(dir, "copy.db")
	if out, err := run(t, "", nil, "demo", "--no-serve", "--db", source); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	if out, err := run(t, "", nil, "migrate", "--db", target); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	hsds := filepath.Join(dir, "directory.hsds.json")
	if out, err := run(t, "", nil, "export", "directory", "--format", "hsds", "--db", source, "--out", hsds); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	b, err := os.ReadFile(hsds)
	if err != nil {
		t.Fatal(err)
	}
	if err := hsdstest.CheckPage(b, hsdstest.Service); err != nil {
		t.Fatalf("exported file is not valid HSDS 3.0: %v", err)
	}
	out, err := run(t, "", nil, "import", "directory", hsds, "--db", target)
	if err != nil || !strings.Contains(out, "services added, 0 updated, 0 unchanged") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	own := func(db string) string {
		out, err := run(t, "", nil, "export", "directory", "--db", db)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got, want := own(target), own(source); got != want {
		t.Errorf("the directory changed on the round trip:\n got %.3000s\nwant %.3000s", got, want)
	}
	for _, grid := range []string{"risk,engagement", "age,locality", "complexity,housing"} {
		gaps := func(db string) string {
			out, err := run(t, "", nil, "gaps", "--grid", grid, "--profile", "risk=moderate,engagement=variable", "--json", "--db", db)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		if got, want := gaps(target), gaps(source); got != want || !strings.Contains(got, `"cells"`) {
			t.Errorf("gap grid %s changed on the round trip:\n got %s\nwant %s", grid, got, want)
		}
	}
	// Importing the same file again changes nothing.
	if out, err := run(t, "", nil, "import", "directory", hsds, "--db", target); err != nil || !strings.Contains(out, " 0 added, 0 updated") && !strings.Contains(out, "0 services added, 0 updated") {
		t.Errorf("second import: %v\n%s", err, out)
	}
}
