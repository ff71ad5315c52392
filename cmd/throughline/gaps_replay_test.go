package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"throughline/internal/store/storetest"
)

// replayJourneys: a1 is in the rules gap (chaotic engagement) and never
// treated; a2 had a route (the CMHT takes variable engagement) but was
// not treated; a3 was declined and then treated on day 90, so was held.
const replayJourneysCSV = journeysCSVHeader +
	"a1,iapt-north,2025-01-02,declined,2025-01-10,,high,chaotic,cen,multiple,30,N,none,settled,long\n" +
	"a1,cmht-all,2025-02-01,declined,2025-02-03,,high,chaotic,cen,multiple,30,N,none,settled,long\n" +
	"a1,crisis,2025-02-05,accepted,2025-02-05,2025-02-06,,,,,,,,,\n" +
	"a2,iapt-north,2025-01-02,declined,2025-01-10,,high,variable,cen,multiple,30,N,none,settled,long\n" +
	"a3,iapt-north,2025-01-02,declined,2025-01-10,,high,chaotic,cen,multiple,30,N,none,settled,long\n" +
	"a3,cmht-all,2025-03-01,accepted,2025-03-02,2025-04-10,,,,,,,,,\n"

const replayChanges = `{"changes":[{"service":"cmht-all","eligibility":{"engagement":["able","variable","chaotic"]}},{"service":"youth-south","max_age":null}]}`

const replayWant = `{"people":3,"fell_through":2,"rules_gap":{"baseline":1,"scenario":0},"route_existed":1,"closed":1,"reversed_declines":1,"by_service":[{"id":"cmht-all","newly_accepting":1}]}` + "\n"

func TestGapsReplayCLI(t *testing.T) {
	dir := t.TempDir()
	journeys, changes := filepath.Join(dir, "j.csv"), filepath.Join(dir, "c.json")
	writeFile(t, journeys, replayJourneysCSV)
	writeFile(t, changes, replayChanges)
	out, err := run(t, "", nil, "gaps", "replay", "--directory", smallDir, "--journeys", journeys, "--changes", changes, "--as-of", "2025-12-31", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if out != replayWant {
		t.Errorf("got  %s\nwant %s", out, replayWant)
	}
	// As of 2025-04-01 a1's second decline (3 February) is still open, and
	// a2's and a3's windows (10 January to 10 April) have not closed.
	out, err = run(t, "", nil, "gaps", "replay", "--directory", smallDir, "--journeys", journeys, "--changes", changes, "--as-of", "2025-04-01", "--json")
	if want := `{"people":3,"fell_through":0,`; err != nil || !strings.HasPrefix(out, want) {
		t.Errorf("as of April: %v %s, want %s…", err, out, want)
	}
	out, err = run(t, "", nil, "gaps", "replay", "--directory", smallDir, "--journeys", journeys, "--changes", changes, "--as-of", "2025-12-31")
	if err != nil || !strings.Contains(out, "Closed by the scenario:                 1") || !strings.Contains(out, "cmht-all") {
		t.Errorf("text answer: %v\n%s", err, out)
	}
	writeFile(t, changes, `{"changes":[{"service":"nowhere","max_age":null}]}`)
	if _, err := run(t, "", nil, "gaps", "replay", "--directory", smallDir, "--journeys", journeys, "--changes", changes, "--json"); err == nil || !strings.Contains(err.Error(), `unknown service "nowhere"`) {
		t.Errorf("unknown service: err = %v", err)
	}
}

// TestGapsReplayFromDatabase: without --directory and --journeys the
// replay reads the database, imported journeys included.
func TestGapsReplayFromDatabase(t *testing.T) {
	dsn := storetest.Dialects(t)["sqlite"](t)
	env := map[string]string{"THROUGHLINE_DB": dsn}
	dir := t.TempDir()
	journeys, changes := filepath.Join(dir, "j.csv"), filepath.Join(dir, "c.json")
	writeFile(t, journeys, replayJourneysCSV)
	writeFile(t, changes, replayChanges)
	for _, args := range [][]string{{"import", "directory", smallDir}, {"import", "journeys", journeys}} {
		if out, err := run(t, "", env, args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	out, err := run(t, "", env, "gaps", "replay", "--changes", changes, "--as-of", "2025-12-31", "--json")
	if err != nil || out != replayWant {
		t.Errorf("from the database: %v\ngot  %s\nwant %s", err, out, replayWant)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
