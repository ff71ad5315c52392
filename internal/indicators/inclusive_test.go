package indicators

import (
	"testing"

	"throughline/internal/care"
	"throughline/internal/disclosure"
)

// TestInclusiveSetsDecisionsAgainstReferrals: each group's share of
// referrals, acceptances and declines comes from protected counts, a
// group under the threshold is hidden along with enough beside it, and
// the report's tables stay unrecoverable.
func TestInclusiveSetsDecisionsAgainstReferrals(t *testing.T) {
	var refs []Referral
	add := func(n int, gender string, d care.Decision) {
		for range n {
			refs = append(refs, Referral{Decision: d, Group: Group{Gender: gender, Ethnicity: "White British"}})
		}
	}
	add(30, "Woman", care.DecisionAccepted)
	add(10, "Woman", care.DecisionDeclined)
	add(10, "Man", care.DecisionAccepted)
	add(30, "Man", care.DecisionDeclined)
	add(3, "", care.DecisionDeclined) // not recorded: too few to show
	tables := Inclusive(refs)
	var gender *InclusiveTable
	for i := range tables {
		if tables[i].Dimension == "Gender" {
			gender = &tables[i]
		}
		if tables[i].Dimension == "Sexuality" {
			t.Error("sexuality shown though none was recorded")
		}
	}
	if gender == nil {
		t.Fatal("no gender table")
	}
	tests := []struct {
		group                  string
		referrals, ofReferrals string
		ofAccepted, ofDeclined string
	}{
		// The not-recorded group is hidden, so in each column one more
		// count is hidden beside it and the shares resting on it too.
		{"Man", disclosure.Hidden, disclosure.Hidden, "25%", "67%"},
		{"Woman", "40", "47%", "75%", disclosure.Hidden},
		{NotRecorded, disclosure.Hidden, disclosure.Hidden, "0%", disclosure.Hidden},
		{AllGroups, "85", "", "", ""},
	}
	if len(gender.Rows) != len(tests) {
		t.Fatalf("rows = %+v", gender.Rows)
	}
	for i, tt := range tests {
		got := gender.Rows[i]
		if got.Group != tt.group || got.Referrals != tt.referrals || !prefix(got.OfReferrals, tt.ofReferrals) || !prefix(got.OfAccepted, tt.ofAccepted) || !prefix(got.OfDeclined, tt.ofDeclined) {
			t.Errorf("row %d = %+v, want %+v", i, got, tt)
		}
	}
	r := Compute(Facts{Referrals: refs})
	if len(r.Inclusive) == 0 {
		t.Fatal("the report has no inclusive tables")
	}
	for _, tb := range r.Tables {
		if f := disclosure.Recoverable(tb); len(f) > 0 {
			t.Errorf("%s: %v", tb.Name, f)
		}
	}
}

func prefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
