package main

import (
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"throughline/internal/mhsds"
	"throughline/internal/uktime"
)

func readTable(t *testing.T, dir, name string) (cols []string, rows []map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, c := range recs[0] {
			row[c] = r[i]
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// The extract for a demo month has one row per referral, contact, liaison
// and score it should, checked against the database; without the
// mandatory provider code and consultation mechanism it is refused with
// each missing field listed, and nothing is written.
func TestMHSDSExtractMatchesDatabase(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "demo.db")
	if out, err := run(t, "", nil, "demo", "--no-serve", "--db", dbPath); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// The demo region is built around today, so its last full month is
	// the demo month.
	now := time.Now().In(uktime.London)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, uktime.London).AddDate(0, -1, 0).Format("2006-01")
	refused := filepath.Join(dir, "refused")
	_, err := run(t, "", nil, "export", "mhsds", "--db", dbPath, "--month", month, "--out", refused)
	for _, want := range []string{"MHS000Header row 1: OrgIDProvider is missing", "ConsMechanismMH is missing", "was not written"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("extract without mandatory fields: err = %v, want it to say %q", err, want)
		}
	}
	if _, statErr := os.Stat(refused); !os.IsNotExist(statErr) {
		t.Errorf("a refused extract wrote %s", refused)
	}
	out := filepath.Join(dir, "mhsds")
	if msg, err := run(t, "", nil, "export", "mhsds", "--db", dbPath, "--month", month, "--out", out, "--org-code", "RX4", "--consultation-mechanism", "01"); err != nil {
		t.Fatalf("export mhsds: %v\n%s", err, msg)
	}
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, _ := mhsds.ParseMonth(month, uktime.London)
	start, end := m.Start.UTC(), m.End.UTC()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	_, contacts := readTable(t, out, "MHS201CareContact")
	wantContacts := count(`SELECT COUNT(*) FROM appointments WHERE starts_at >= ? AND starts_at < ? AND (outcome <> '' OR starts_at < ?)`, start, end, time.Now().UTC())
	if len(contacts) != wantContacts || wantContacts == 0 {
		t.Errorf("MHS201CareContact has %d rows, the database %d appointments that month", len(contacts), wantContacts)
	}
	attend := map[string]string{"attended": "5", "did-not-attend": "3", "cancelled-by-person": "2", "cancelled-by-service": "4"}
	for _, c := range contacts {
		var outcome string
		if err := db.QueryRow(`SELECT outcome FROM appointments WHERE id = ? AND person_id = ?`, c["CareContactId"], c["LocalPatientId"]).Scan(&outcome); err != nil {
			t.Fatalf("contact %s: %v", c["CareContactId"], err)
		}
		if got, want := c["AttendStatus"], attend[outcome]; got != want {
			t.Errorf("contact %s (%s): AttendStatus %q, want %q", c["CareContactId"], outcome, got, want)
		}
	}
	_, scores := readTable(t, out, "MHS606CodedScoreAssessmentRefer")
	if got, want := len(scores), count(`SELECT COUNT(*) FROM measure_responses WHERE taken_at >= ? AND taken_at < ? AND measure_id IN ('PHQ-9', 'GAD-7', 'CORE-10')`, start, end); got != want || want == 0 {
		t.Errorf("MHS606 has %d rows, the database %d PHQ-9, GAD-7 and CORE-10 scores that month", got, want)
	}
	_, liaison := readTable(t, out, "MHS204IndirectActivity")
	if got, want := len(liaison), count(`SELECT COUNT(*) FROM liaison WHERE on_date >= ? AND on_date < ?`, m.Start.Format(time.DateOnly), m.End.Format(time.DateOnly)); got != want || want == 0 {
		t.Errorf("MHS204 has %d rows, the database %d liaison records that month", got, want)
	}
	t.Logf("%s: %d contacts, %d scores, %d liaison", month, len(contacts), len(scores), len(liaison))
	_, referrals := readTable(t, out, "MHS101Referral")
	_, types := readTable(t, out, "MHS102ServiceTypeReferredTo")
	wantReferrals := count(`SELECT COUNT(*) FROM referrals r WHERE r.service_id IN (SELECT service_id FROM teams) AND r.received_at < ?
		AND NOT (r.decision = 'declined' AND r.decided_at < ?)
		AND NOT EXISTS (SELECT 1 FROM episodes e JOIN teams t ON t.id = e.team_id WHERE e.person_id = r.person_id AND t.service_id = r.service_id
			AND e.started_at >= r.received_at AND e.ended_at < ?)`, end, start, start)
	if len(referrals) != wantReferrals || len(types) != wantReferrals || wantReferrals == 0 {
		t.Errorf("MHS101 %d rows and MHS102 %d, want %d referrals open that month", len(referrals), len(types), wantReferrals)
	}
	open := map[string]bool{}
	for _, r := range referrals {
		open[r["ServiceRequestId"]] = true
	}
	for _, ty := range types {
		if ty["ServTeamTypeRefToMH"] != "A16" {
			t.Errorf("team type %q, want A16", ty["ServTeamTypeRefToMH"])
		}
	}
	_, people := readTable(t, out, "MHS001MPI")
	inMPI := map[string]int{}
	for _, p := range people {
		inMPI[p["LocalPatientId"]]++
	}
	for _, table := range [][]map[string]string{referrals, contacts, liaison, scores} {
		for _, r := range table {
			if inMPI[r["LocalPatientId"]] != 1 {
				t.Errorf("person %s is in MHS001MPI %d times, want once", r["LocalPatientId"], inMPI[r["LocalPatientId"]])
			}
		}
	}
	for _, c := range contacts {
		if !open[c["ServiceRequestId"]] && count(`SELECT COUNT(*) FROM referrals WHERE id = ?`, c["ServiceRequestId"]) != 1 {
			t.Errorf("contact %s names service request %s, which is not a referral", c["CareContactId"], c["ServiceRequestId"])
		}
	}
	if cols, _ := readTable(t, out, "MHS607CodedScoreAssessmentAct"); len(cols) == 0 || cols[0] != "CareContactId" {
		t.Errorf("MHS607 columns = %v", cols)
	}
}
