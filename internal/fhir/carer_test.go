package fhir

import (
	"testing"
	"time"

	"throughline/internal/care"
)

// TestConsentStatus: a consent is active until it is withdrawn or the
// end date the person chose has passed; on that date it still stands.
func TestConsentStatus(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	on := now.AddDate(0, -1, 0)
	for _, c := range []struct {
		name  string
		carer care.Carer
		want  string
	}{
		{"open-ended", care.Carer{ConsentOn: on}, "active"},
		{"ends today", care.Carer{ConsentOn: on, Until: now}, "active"},
		{"ended yesterday", care.Carer{ConsentOn: on, Until: now.AddDate(0, 0, -1)}, "inactive"},
		{"withdrawn", care.Carer{ConsentOn: on, WithdrawnAt: now.Add(-time.Hour)}, "inactive"},
	} {
		if got := ConsentStatus(c.carer, now); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		rp := RelatedPersonOf(c.carer, now)
		if got, want := rp.Active, c.want == "active"; got != want {
			t.Errorf("%s: RelatedPerson active %v, want %v", c.name, got, want)
		}
	}
}
