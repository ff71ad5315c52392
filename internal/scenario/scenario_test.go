package scenario

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseAppliesChanges(t *testing.T) {
	sc, err := Parse([]byte(`{"changes":[{"service":"cmht","eligibility":{"engagement":["able","variable","chaotic"],"risk":null}},{"service":"youth","max_age":null,"localities":["N"]}]}`), testServices())
	if err != nil {
		t.Fatal(err)
	}
	got, err := sc.Apply(testServices())
	if err != nil {
		t.Fatal(err)
	}
	cmht, youth := got[1], got[2]
	if _, ok := cmht.Eligibility["risk"]; ok || len(cmht.Eligibility["engagement"]) != 3 {
		t.Errorf("cmht eligibility = %v", cmht.Eligibility)
	}
	if youth.MaxAge != nil || len(youth.Localities) != 1 {
		t.Errorf("youth = max age %v, localities %v", youth.MaxAge, youth.Localities)
	}
	if base := testServices(); len(base[1].Eligibility["engagement"]) != 2 {
		t.Error("Apply changed the baseline")
	}
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(b, testServices())
	if err != nil {
		t.Fatalf("re-parsing %s: %v", b, err)
	}
	if b2, _ := json.Marshal(again); string(b2) != string(b) {
		t.Errorf("round trip: %s != %s", b2, b)
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unknown service", `{"changes":[{"service":"nope","tier":"primary"}]}`, `unknown service "nope"`},
		{"unknown value", `{"changes":[{"service":"cmht","eligibility":{"risk":["extreme"]}}]}`, "unknown value extreme"},
		{"unknown dimension", `{"changes":[{"service":"cmht","eligibility":{"mood":["low"]}}]}`, `unknown eligibility dimension "mood"`},
		{"unknown field", `{"changes":[{"service":"cmht","wait":3}]}`, `unknown field "wait"`},
		{"no service", `{"changes":[{"tier":"primary"}]}`, `"service" must name a service`},
		{"bad age", `{"changes":[{"service":"cmht","min_age":"old"}]}`, `"min_age" must be a whole number`},
		{"bad tier", `{"changes":[{"service":"cmht","tier":"spa"}]}`, "Tier must be one of"},
		{"null tier", `{"changes":[{"service":"cmht","tier":null}]}`, `"tier" must be one of`},
		{"ages crossed", `{"changes":[{"service":"youth","min_age":30}]}`, "Maximum age is below minimum age"},
		{"not JSON", `{"changes":`, "not a JSON object"},
		{"no changes", `{}`, `"changes" must be a list`},
		{"extra top-level", `{"changes":[],"note":1}`, `unknown field "note"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), testServices())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`{"changes":[{"service":"cmht","eligibility":{"engagement":["able","variable","chaotic"]}},{"service":"youth","max_age":null}]}`)
	f.Add(`{"changes":[{"service":"tt","localities":null,"tier":"primary","min_age":16}]}`)
	f.Add(`{"changes":[{"service":"tt","eligibility":{"risk":null}}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := Parse([]byte(s), testServices())
		if err != nil {
			return
		}
		applied, err := sc.Apply(testServices())
		if err != nil {
			t.Fatalf("a parsed scenario does not apply: %v", err)
		}
		for i := range applied {
			if err := applied[i].Validate(); err != nil {
				t.Fatalf("scenario made an invalid service: %v", err)
			}
		}
		b, err := json.Marshal(sc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(b, testServices()); err != nil {
			t.Fatalf("%s does not parse again: %v", b, err)
		}
	})
}
