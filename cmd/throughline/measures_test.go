package main

import (
	"strings"
	"testing"
)

func TestMeasuresScoreCLI(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"measures", "score", "PHQ-9", "2,2,2,1,1,1,1,0,0", "--json"}, `{"total":10,"subscales":{},"severity":"moderate","case":true}` + "\n"},
		{[]string{"measures", "score", "CORE-10", "1,2,2,1,1,0,1,1,1,1", "--json"}, `{"total":11,"subscales":{},"severity":"mild","case":true}` + "\n"},
		{[]string{"measures", "score", "DIALOG", "4,4,4,4,4,4,4,4,7,6,5", "--json"}, `{"total":4,"subscales":{"quality_of_life":4,"treatment_satisfaction":6},"severity":"","case":false}` + "\n"},
		{[]string{"measures", "score", "gad-7", "1,1,1,1,1,1,", "--json"}, `{"total":7,"subscales":{},"severity":"mild","case":false}` + "\n"},
	}
	for _, tt := range tests {
		out, err := run(t, "", nil, tt.args...)
		if err != nil || out != tt.want {
			t.Errorf("%v:\ngot  %q, %v\nwant %q", tt.args, out, err, tt.want)
		}
	}
	out, err := run(t, "", nil, "measures", "score", "CORE-10", "0,4,4,0,0,2,0,0,0,0")
	if err != nil || !strings.Contains(out, "FLAG: item 6") || !strings.Contains(out, "CORE System Trust") {
		t.Errorf("CORE-10 text output lacks the risk flag or licence:\n%s", out)
	}
	for _, bad := range [][]string{
		{"measures", "score", "PHQ-9", "1,2"},
		{"measures", "score", "PHQ-9", "4,0,0,0,0,0,0,0,0"},
		{"measures", "score", "NOPE", "1"},
		{"measures", "score", "PHQ-9", "a,b"},
		{"measures"},
	} {
		if _, err := run(t, "", nil, bad...); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
}
