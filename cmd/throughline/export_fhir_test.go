package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"throughline/internal/fhir"
	"throughline/internal/fhir/fhirtest"
	"throughline/internal/store/storetest"
)

// TestExportFHIRWholeDemoRegion: export fhir writes one <Type>.ndjson per
// type for the whole demo region (scale 1), every line of which is valid
// against the official HL7 FHIR R4 JSON schema, with one Patient per
// person and one Observation and QuestionnaireResponse per measure in
// the database; --type narrows the files, --since the resources, and a
// bad flag is refused before anything is written.
func TestExportFHIRWholeDemoRegion(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "demo.db")
	if out, err := run(t, "", nil, "demo", "--no-serve", "--db", dsn, "--scale", "1", "--now", "2026-11-27T10:00:00Z"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	dir := t.TempDir()
	if out, err := run(t, "", nil, "export", "fhir", "--db", dsn, "--out", dir); err != nil {
		t.Fatalf("export fhir: %v\n%s", err, out)
	}
	counts := map[string]int{}
	for _, typ := range fhir.ExportTypes {
		counts[typ] = validateNDJSON(t, filepath.Join(dir, typ+".ndjson"), typ)
	}
	db := storetest.Open(t, dsn)
	for _, c := range []struct {
		typ, query string
	}{
		{"Patient", "SELECT COUNT(*) FROM people"},
		{"Observation", "SELECT COUNT(*) FROM measure_responses"},
		{"QuestionnaireResponse", "SELECT COUNT(*) FROM measure_responses"},
		{"EpisodeOfCare", "SELECT COUNT(*) FROM episodes"},
		{"Goal", "SELECT COUNT(*) FROM goals"},
		{"CarePlan", "SELECT (SELECT COUNT(*) FROM care_plans) + (SELECT COUNT(*) FROM crisis_plans)"},
		{"Appointment", "SELECT COUNT(*) FROM appointments"},
		{"Encounter", "SELECT COUNT(*) FROM appointments WHERE outcome = 'attended'"},
		{"ServiceRequest", "SELECT COUNT(*) FROM referrals"},
		{"MedicationStatement", "SELECT COUNT(*) FROM medications"},
		{"RelatedPerson", "SELECT COUNT(*) FROM carers"},
		{"Consent", "SELECT COUNT(*) FROM carers"},
		{"HealthcareService", "SELECT COUNT(*) FROM services"},
		{"Organization", "SELECT COUNT(DISTINCT TRIM(organization)) FROM services WHERE TRIM(organization) <> ''"},
		{"Location", "SELECT COUNT(*) FROM services WHERE TRIM(COALESCE(json_extract(contact, '$.address'), '')) <> ''"},
		{"Practitioner", "SELECT COUNT(*) FROM users WHERE role IN ('clinician', 'peer-worker', 'admin', 'team-manager')"},
		{"PractitionerRole", "SELECT COUNT(*) FROM users WHERE role IN ('clinician', 'peer-worker', 'admin', 'team-manager')"},
	} {
		if got, want := counts[c.typ], storetest.Count(t, db, c.query); got != want || want == 0 {
			t.Errorf("%s.ndjson has %d lines, want %d (the database's count, which must not be 0)", c.typ, got, want)
		}
	}
	db.Close()

	// Every demo record was written when the demo loaded, so a --since
	// before then keeps every observation and one after keeps none.
	for _, c := range []struct {
		since string
		want  int
	}{{"2000-01-01", counts["Observation"]}, {time.Now().Add(48 * time.Hour).Format("2006-01-02"), 0}} {
		narrow := t.TempDir()
		if out, err := run(t, "", nil, "export", "fhir", "--db", dsn, "--out", narrow, "--type", "Patient,Observation", "--since", c.since); err != nil {
			t.Fatalf("export fhir --type --since: %v\n%s", err, out)
		}
		entries, err := os.ReadDir(narrow)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if got, want := strings.Join(names, ","), "Observation.ndjson,Patient.ndjson"; got != want {
			t.Errorf("--type wrote %s, want %s", got, want)
		}
		if got := validateNDJSON(t, filepath.Join(narrow, "Observation.ndjson"), "Observation"); got != c.want {
			t.Errorf("--since %s kept %d observations, want %d", c.since, got, c.want)
		}
	}

	for _, bad := range [][]string{{"--type", "Flag"}, {"--since", "last week"}, {}} {
		empty := t.TempDir()
		args := append([]string{"export", "fhir", "--db", dsn}, bad...)
		if len(bad) > 0 {
			args = append(args, "--out", empty)
		}
		if _, err := run(t, "", nil, args...); err == nil {
			t.Errorf("export fhir %v: no error", bad)
		}
		if left, _ := os.ReadDir(empty); len(left) != 0 {
			t.Errorf("export fhir %v left files behind", bad)
		}
	}
}

// validateNDJSON checks every line of path is a valid resource of typ and
// returns how many lines there are.
func validateNDJSON(t *testing.T, path, typ string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n := 0
	for sc.Scan() {
		n++
		var head struct{ ResourceType string }
		if err := json.Unmarshal(sc.Bytes(), &head); err != nil || head.ResourceType != typ {
			t.Fatalf("%s line %d: resourceType %q (%v), want %s", path, n, head.ResourceType, err, typ)
		}
		if err := fhirtest.Validate(sc.Bytes()); err != nil {
			t.Fatalf("%s line %d: %v", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}
