package fhir

import (
	"net/url"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		value string
		t     time.Time
		want  bool
	}{
		{"2026-11-27", at("2026-11-27T12:00:00Z"), true},
		{"2026-11-27", at("2026-11-28T00:00:00Z"), false},
		{"2026-11", at("2026-11-30T23:00:00Z"), true},
		{"2026", at("2025-12-31T23:00:00Z"), false},
		{"ge2026-11-27", at("2026-12-01T00:00:00Z"), true},
		{"gt2026-11-27", at("2026-11-27T23:00:00Z"), false},
		{"lt2026-11-27", at("2026-11-26T23:59:59Z"), true},
		{"le2026-11-27", at("2026-11-27T23:59:59Z"), true},
		{"ne2026-11-27", at("2026-11-27T10:00:00Z"), false},
		{"eq2026-11-27T10:00:00Z", at("2026-11-27T10:00:00Z"), true},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.value, time.UTC)
		if err != nil {
			t.Fatalf("%s: %v", tt.value, err)
		}
		if got := d.Matches(tt.t); got != tt.want {
			t.Errorf("%s matches %s = %v, want %v", tt.value, tt.t, got, tt.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2026-13-01", "sa2026", "27/11/2026", "2026-11-27T10:00"} {
		if _, err := ParseDate(bad, time.UTC); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestParseSearch(t *testing.T) {
	params := []Param{ParamID, ParamPatient, ParamCode}
	tests := []struct {
		query     string
		wantErr   bool
		wantCount int
	}{
		{"patient=1&_count=5", false, 5},
		{"patient=1", false, DefaultCount},
		{"patient=1&_count=1000", false, 100},
		{"patient=1&_count=-1", true, 0},
		{"patient=1&colour=red", true, 0},
		{"patient=1&code:text=x", true, 0},
		{"patient=", true, 0},
		{"patient=1&_include=Observation:derived-from", false, DefaultCount},
		{"patient=1&_include=Observation:subject", true, 0},
		{"patient=1&_format=xml", true, 0},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		s, err := ParseSearch(q, params, []string{"Observation:derived-from"}, 100)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, want error %v", tt.query, err, tt.wantErr)
			continue
		}
		if err == nil && s.Count != tt.wantCount {
			t.Errorf("%s: count %d, want %d", tt.query, s.Count, tt.wantCount)
		}
	}
}

func TestScopes(t *testing.T) {
	s, err := ParseScopes("system/Patient.rs system/Observation.read system/Goal.r")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		typ    string
		search bool
		want   bool
	}{
		{"Patient", true, true}, {"Observation", true, true}, {"Goal", false, true}, {"Goal", true, false}, {"CarePlan", false, false},
	}
	for _, tt := range tests {
		if got := s.Allows(tt.typ, tt.search); got != tt.want {
			t.Errorf("Allows(%s, search %v) = %v, want %v", tt.typ, tt.search, got, tt.want)
		}
	}
	for _, bad := range []string{"", "patient/Patient.rs", "system/Patient.write", "system/Patient.cruds", "openid"} {
		if _, err := ParseScopes(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	all, _ := ParseScopes("system/*.rs")
	if _, err := all.Narrow("system/Patient.rs"); err != nil {
		t.Errorf("narrowing * to Patient: %v", err)
	}
	if _, err := s.Narrow("system/*.rs"); err == nil {
		t.Error("narrowing Patient to * was allowed")
	}
}

func TestScopedID(t *testing.T) {
	for _, tt := range []struct {
		id     string
		p, r   int64
		wantOK bool
	}{{"12-345", 12, 345, true}, {"12", 0, 0, false}, {"-1-2", 0, 0, false}, {"a-1", 0, 0, false}, {"1-0", 0, 0, false}} {
		p, r, ok := ParseScopedID(tt.id)
		if ok != tt.wantOK || p != tt.p || r != tt.r {
			t.Errorf("%q: %d %d %v", tt.id, p, r, ok)
		}
	}
	if got := ScopedID(7, 9); got != "7-9" {
		t.Errorf("ScopedID = %q", got)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026", "ge2026-11", "eq2026-11-27T10:00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, time.UTC)
		if err == nil && !d.To.After(d.From) {
			t.Errorf("%q: empty range %v..%v", s, d.From, d.To)
		}
	})
}

func FuzzParseScopedID(f *testing.F) {
	f.Add("12-345")
	f.Fuzz(func(t *testing.T, s string) {
		if p, r, ok := ParseScopedID(s); ok && ScopedID(p, r) != s {
			if q, w, _ := ParseScopedID(ScopedID(p, r)); q != p || w != r {
				t.Errorf("%q does not round trip", s)
			}
		}
	})
}

func FuzzParseScopes(f *testing.F) {
	f.Add("system/*.rs system/Patient.read")
	f.Fuzz(func(t *testing.T, s string) {
		if sc, err := ParseScopes(s); err == nil && len(sc) == 0 {
			t.Errorf("%q: no scopes and no error", s)
		}
	})
}
