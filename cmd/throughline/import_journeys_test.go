package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"throughline/internal/store/storetest"
)

const journeysCSVHeader = "person_key,service_id,referred_on,decision,decided_on,treatment_started_on,risk,engagement,diagnosis,complexity,age,locality,substance_use,housing,duration_needed\n"

// TestImportJourneysCLI: a journeys file is imported as one batch; a file
// with problems is refused whole, every problem named by line and column,
// and a file keyed by NHS numbers is refused.
func TestImportJourneysCLI(t *testing.T) {
	dsn := storetest.Dialects(t)["sqlite"](t)
	env := map[string]string{"THROUGHLINE_DB": dsn}
	if out, err := run(t, "", env, "import", "directory", smallDir); err != nil {
		t.Fatalf("import directory: %v\n%s", err, out)
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(journeysCSVHeader+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("tt-north.csv", "a1,iapt-north,2025-01-02,declined,2025-01-10,,high,chaotic,uncertain,multiple,30,N,none,settled,long\n"+
		"a1,cmht-all,2025-02-01,accepted,2025-02-03,2025-03-01,,,,,,,,,\n")
	out, err := run(t, "", env, "import", "journeys", good, "--source", "Talking Therapies North")
	if err != nil || !strings.Contains(out, "batch 1 (Talking Therapies North): 2 referrals of 1 people") {
		t.Fatalf("import journeys: %v\n%s", err, out)
	}
	bad := write("bad.csv", "b1,nowhere,2025-01-02,pending,,,,,,,,,,,\n"+
		"b2,iapt-north,2025-02-01,declined,2025-01-03,,,,,,,,,,\n"+
		"943 476 5919,iapt-north,2025-02-01,pending,,,,,,,,,,,\n")
	_, err = run(t, "", env, "import", "journeys", bad)
	for _, want := range []string{"nothing imported", `line 2, service_id: unknown service "nowhere"`, "line 3, decided_on: decided before the referral was made", "line 4, person_key: looks like an NHS number"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad file error = %v, want %q", err, want)
		}
	}
	if n := storetest.Count(t, storetest.Open(t, dsn), `SELECT COUNT(*) FROM imported_referrals`); n != 2 {
		t.Errorf("imported referrals = %d, want 2 (the bad file adds none)", n)
	}
}
