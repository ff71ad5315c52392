package store

import (
	"context"
	"path/filepath"
	"strings"
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

// TestNHSNumberCheckUsesIndex: the check made for every new person reads
// the NHS number index, not the whole people table (SQLite).
func TestNHSNumberCheckUsesIndex(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var plan strings.Builder
	rows, err := db.read.QueryContext(ctx, `EXPLAIN QUERY PLAN `+nhsTakenSQL, "9434765919", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if got := plan.String(); !strings.Contains(got, "people_nhs_number") || strings.Contains(got, "SCAN people") {
		t.Errorf("plan for the NHS number check:\n%s\nwant a search of the people_nhs_number index", got)
	}
}
