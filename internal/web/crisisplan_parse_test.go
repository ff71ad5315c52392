package web

import (
	"net/url"
	"testing"
	"time"

	"throughline/internal/problem"
)

func TestParseCrisisPlanShares(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		form      url.Values
		shares    int
		on        time.Time
		wantShare string // the "shares" problem, "" for none
	}{
		{"a named share with its date", url.Values{"share-recipient": {"GP"}, "share-consented": {"yes"}, "share-on": {"2026-11-20"}},
			1, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), ""},
		{"the page's spare row is no share", url.Values{"share-recipient": {""}, "share-consented": {""}, "share-on": {""}},
			0, time.Time{}, ""},
		{"a named share with the date left blank", url.Values{"share-recipient": {"GP"}, "share-consented": {"no"}, "share-on": {""}},
			1, time.Time{}, ""},
		{"consent is never assumed", url.Values{"share-recipient": {"GP"}, "share-consented": {""}, "share-on": {"2026-11-20"}},
			1, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), "Choose whether the person consents to sharing the plan with GP"},
		{"the blank spare row as the page now sends it", url.Values{"share-recipient": {"GP", ""}, "share-consented": {"yes", ""}, "share-on": {"2026-11-20", ""}},
			1, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), ""},
		{"a consent without a name is pointed out", url.Values{"share-recipient": {"GP", ""}, "share-consented": {"yes", "no"}, "share-on": {"2026-11-20", ""}},
			1, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), "Name who the plan is shared with in row 2, or clear the row"},
		{"a date that is not real", url.Values{"share-recipient": {"GP"}, "share-consented": {"yes"}, "share-on": {"2026-02-30"}},
			1, time.Time{}, "Enter the consent date for GP as a real date, for example 2026-11-20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseCrisisPlan(tt.form, 1)
			if got := len(c.Shares); got != tt.shares {
				t.Fatalf("shares = %d, want %d", got, tt.shares)
			}
			if tt.shares > 0 && !c.Shares[0].On.Equal(tt.on) {
				t.Errorf("share date = %v, want %v", c.Shares[0].On, tt.on)
			}
			if got := problem.Fields(err)["shares"]; got != tt.wantShare {
				t.Errorf("shares problem = %q, want %q", got, tt.wantShare)
			}
		})
	}
}
