package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestLanguageCheckCLI(t *testing.T) {
	type flag struct {
		Term       string `json:"term"`
		Start, End int
		Why        string `json:"why"`
		Suggestion string `json:"suggestion"`
	}
	tests := []struct {
		name, stdin string
		want        []flag // why and suggestion are only checked as present
	}{
		{"flagged", "Reduce attention-seeking and manipulative behaviour; non-compliant with meds", []flag{
			{Term: "attention-seeking", Start: 7, End: 24}, {Term: "manipulative", Start: 29, End: 41}, {Term: "non-compliant", Start: 53, End: 66}}},
		{"multibyte before", "Café — refused", []flag{{Term: "refused", Start: 10, End: 17}}},
		{"nothing", "Good attention to detail; she felt manipulated by her ex-partner", []flag{}},
		{"own words", `She said "I'm manipulative"`, []flag{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := run(t, tt.stdin, nil, "language", "check", "--json")
			if err != nil {
				t.Fatalf("err %v, out %s", err, out)
			}
			var got struct{ Flags []flag }
			if err := json.Unmarshal([]byte(out), &got); err != nil || got.Flags == nil {
				t.Fatalf("not {\"flags\":[...]}: %v %s", err, out)
			}
			if len(got.Flags) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got.Flags, tt.want)
			}
			for i, g := range got.Flags {
				w := tt.want[i]
				if g.Term != w.Term || g.Start != w.Start || g.End != w.End || g.Why == "" || g.Suggestion == "" {
					t.Errorf("flag %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
	if out, err := run(t, "kicked off", nil, "language", "check"); err != nil || !strings.Contains(out, `0-10 "kicked off"`) {
		t.Errorf("text output: %v %s", err, out)
	}
	for _, bad := range []struct {
		stdin string
		args  []string
	}{
		{"\xff\xfe", []string{"language", "check", "--json"}},
		{"ok", []string{"language", "check", "--yaml"}},
		{"ok", []string{"language"}},
		{strings.Repeat("a", maxCheckInput+1), []string{"language", "check"}},
	} {
		_, err := run(t, bad.stdin, nil, bad.args...)
		var ec interface{ ExitCode() int }
		if !errors.As(err, &ec) || ec.ExitCode() != 2 {
			t.Errorf("%v: got %v, want an error with exit status 2", bad.args, err)
		}
	}
}
