package store

import (
	"testing"

	"throughline/internal/problem"
)

// TestNotAllRows: a listing read with AllRows that found more than
// MaxLimit rows is refused, never returned cut to MaxLimit.
func TestNotAllRows(t *testing.T) {
	tests := []struct {
		rows int
		want string
	}{
		{0, ""},
		{MaxLimit, ""},
		{MaxLimit + 1, problem.Invalid},
	}
	for _, tt := range tests {
		got, err := notAllRows(make([]struct{}, tt.rows), nil, "rows")
		if tt.want == "" && (err != nil || len(got) != tt.rows) {
			t.Errorf("%d rows: got %d, %v; want them all", tt.rows, len(got), err)
		}
		if tt.want != "" && (problem.Code(err) != tt.want || got != nil) {
			t.Errorf("%d rows: got %d, %v; want %s and no rows", tt.rows, len(got), err, tt.want)
		}
	}
	if clause, err := limitOrAllSQL("rows", AllRows, 10); err != nil || clause != allRowsSQL {
		t.Errorf("AllRows: %q, %v; want %q", clause, err, allRowsSQL)
	}
	if _, err := limitSQL("rows", AllRows, 10); problem.Code(err) != problem.Invalid {
		t.Errorf("AllRows where a listing does not take it: %v, want invalid", err)
	}
}
