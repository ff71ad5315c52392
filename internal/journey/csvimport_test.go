package journey

import (
	"errors"
	"strings"
	"testing"

	"throughline/internal/care"
)

const importHeader = "person_key,service_id,referred_on,decision,decided_on,treatment_started_on,risk,engagement,diagnosis,complexity,age,locality,substance_use,housing,duration_needed\n"

func knownServices(id string) bool { return id == "cmht" || id == "tt" || id == "crisis" }

func TestParseImportReadsRows(t *testing.T) {
	file := importHeader +
		"p-1,tt,2025-01-02,declined,2025-01-10,,high,chaotic,uncertain,multiple,30,N,none,settled,long\n" +
		"p-1,cmht,2025-02-01,accepted,2025-02-03,2025-03-01,,,,,,,,,\n" +
		"p-2,tt,2025-02-01,pending,,,low,,,,,,,,\n"
	rows, err := ParseImport(strings.NewReader(file), knownServices, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), 3; got != want {
		t.Fatalf("rows = %d, want %d", got, want)
	}
	if got, want := rows[0].Profile, "risk=high,engagement=chaotic,diagnosis=uncertain,complexity=multiple,age=30,locality=N,substance_use=none,housing=settled,duration_needed=long"; got != want {
		t.Errorf("profile = %q, want %q", got, want)
	}
	if got, want := rows[1].TreatmentStartedOn.Format("2006-01-02"), "2025-03-01"; got != want {
		t.Errorf("treatment = %s, want %s", got, want)
	}
	if got, want := rows[2].Line, 4; got != want {
		t.Errorf("line = %d, want %d", got, want)
	}
	if rows[1].Profile != "" || rows[2].Profile != "risk=low" {
		t.Errorf("partial profiles = %q, %q", rows[1].Profile, rows[2].Profile)
	}
}

func TestParseImportListsEveryProblem(t *testing.T) {
	tests := []struct {
		name, row, want string
	}{
		{"unknown service", "p,nope,2025-01-01,pending,,,,,,,,,,,", `line 2, service_id: unknown service "nope"`},
		{"bad date", "p,tt,2025-13-01,pending,,,,,,,,,,,", `line 2, referred_on: "2025-13-01" is not a date`},
		{"decided before referred", "p,tt,2025-02-01,declined,2025-01-01,,,,,,,,,,", "line 2, decided_on: decided before the referral was made"},
		{"treatment without acceptance", "p,tt,2025-01-01,declined,2025-01-02,2025-01-05,,,,,,,,,", "line 2, treatment_started_on: treatment started without the referral being accepted"},
		{"treatment before acceptance", "p,tt,2025-01-01,accepted,2025-01-09,2025-01-05,,,,,,,,,", "line 2, treatment_started_on: treatment started before"},
		{"declined needs a date", "p,tt,2025-01-01,declined,,,,,,,,,,,", "line 2, decided_on: enter a date"},
		{"pending has no date", "p,tt,2025-01-01,pending,2025-01-02,,,,,,,,,,", "line 2, decided_on: a pending referral has no decision date"},
		{"unknown decision", "p,tt,2025-01-01,maybe,,,,,,,,,,,", "line 2, decision: must be one of accepted, declined, pending, withdrawn"},
		{"unknown value", "p,tt,2025-01-01,pending,,,extreme,,,,,,,,", "line 2, risk: risk must be one of"},
		{"bad age", "p,tt,2025-01-01,pending,,,,,,,200,,,,", "line 2, age: age must be a whole number"},
		{"NHS number as key", "943 476 5919,tt,2025-01-01,pending,,,,,,,,,,,", "line 2, person_key: looks like an NHS number"},
		{"no key", ",tt,2025-01-01,pending,,,,,,,,,,,", "line 2, person_key: enter a pseudonymous key"},
		{"columns", "p,tt,2025-01-01", "line 2: expected 15 columns, found 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ParseImport(strings.NewReader(importHeader+tt.row+"\n"), knownServices, nil)
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an ImportError", err)
			}
			if rows != nil {
				t.Errorf("rows = %v, want none (all or nothing)", rows)
			}
			if got := err.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("error = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestParseImportIsAllOrNothing(t *testing.T) {
	file := importHeader +
		"p-1,tt,2025-01-02,pending,,,,,,,,,,,\n" +
		"p-2,xx,2025-01-02,pending,,,,,,,,,,,\n" +
		"p-3,tt,2025-01-02,pending,,,,,,,,,,,\n" +
		"p-4,tt,bad,pending,,,,,,,,,,,\n"
	rows, err := ParseImport(strings.NewReader(file), knownServices, nil)
	var ie *ImportError
	if !errors.As(err, &ie) || rows != nil {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	var lines []int
	for _, p := range ie.Problems {
		lines = append(lines, p.Line)
	}
	if got, want := len(lines), 2; got != want || lines[0] != 3 || lines[1] != 5 {
		t.Errorf("problem lines = %v, want [3 5]", lines)
	}
}

func TestParseImportNeedsTheHeader(t *testing.T) {
	for _, file := range []string{"", "p-1,tt,2025-01-02,pending,,,,,,,,,,,\n", "person_key,service_id\n", importHeader} {
		if _, err := ParseImport(strings.NewReader(file), knownServices, nil); err == nil {
			t.Errorf("ParseImport(%q) accepted a file without a header and rows", file)
		}
	}
}

func TestParseImportCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(importHeader)
	for range MaxImportProblems + 5 {
		b.WriteString("p,nope,2025-01-01,pending,,,,,,,,,,,\n")
	}
	_, err := ParseImport(strings.NewReader(b.String()), knownServices, nil)
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatal(err)
	}
	if got, want := ie.Omitted, 5; got != want {
		t.Errorf("omitted = %d, want %d", got, want)
	}
	if !strings.Contains(err.Error(), "1005 problems") || !strings.Contains(err.Error(), "and 5 more") {
		t.Errorf("error does not count every problem: %.200s", err.Error())
	}
}

func FuzzParseImport(f *testing.F) {
	f.Add(importHeader + "p-1,tt,2025-01-02,declined,2025-01-10,,high,chaotic,uncertain,multiple,30,N,none,settled,long\n")
	f.Add(importHeader + "\"p,1\",tt,2025-01-02,accepted,2025-01-03,2025-01-04,,,,,,,,,\n")
	f.Add(importHeader + "p,\"tt\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ParseImport(strings.NewReader(s), knownServices, nil)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("error %v is not an ImportError with problems", err)
			}
			if rows != nil {
				t.Fatal("rows returned with an error")
			}
			return
		}
		for _, r := range rows {
			if r.PersonKey == "" || !knownServices(r.ServiceID) || r.ReferredOn.IsZero() {
				t.Fatalf("invalid row accepted: %+v", r)
			}
			if !r.TreatmentStartedOn.IsZero() && r.Decision != "accepted" {
				t.Fatalf("treatment without acceptance accepted: %+v", r)
			}
		}
	})
}

func TestLooksLikeNHSNumberAgreesWithCare(t *testing.T) {
	for _, key := range []string{"9434765919", "943 476 5919", "943-476-5919", "9434765918", "943476591", "94347659190", "k-9434765919", "", "  943 476 5919  "} {
		got, want := looksLikeNHSNumber(strings.TrimSpace(key)), care.ValidNHSNumber(care.NormaliseNHSNumber(key))
		if got != want {
			t.Errorf("looksLikeNHSNumber(%q) = %v, want %v", key, got, want)
		}
	}
}
