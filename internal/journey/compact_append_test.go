package journey

import (
	"reflect"
	"testing"
	"time"

	"throughline/internal/care"
)

// TestCompactAppendAnalysesLikeOneInput: journeys appended to a Compact
// are analysed exactly as if they had been in its input from the start.
func TestCompactAppendAnalysesLikeOneInput(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	own := []Referral{
		{PersonID: 1, Locality: "N", ServiceID: "cmht", ServiceTier: "secondary", ReceivedAt: at(0), Decision: care.DecisionDeclined, DecidedAt: at(2), Profile: "risk=high"},
		{PersonID: 2, Locality: "S", ServiceID: "tt", ServiceTier: "talking-therapies", ReceivedAt: at(1), Decision: care.DecisionAccepted, DecidedAt: at(3), TreatmentStartedAt: at(9)},
	}
	imported := []Referral{
		{PersonID: -5, Locality: "N", ServiceID: "tt", ServiceTier: "talking-therapies", ReceivedAt: at(4), Decision: care.DecisionDeclined, DecidedAt: at(5), Profile: "risk=high"},
		{PersonID: -5, Locality: "N", ServiceID: "vol", ServiceTier: "voluntary", ReceivedAt: at(30), Decision: care.DecisionAccepted, DecidedAt: at(31), TreatmentStartedAt: at(200)},
	}
	c := CompactOf(Input{Referrals: own})
	c.Append(imported)
	f := Filter{AsOf: at(400)}
	got := AnalyseCompact(&c, f)
	want := Analyse(Input{Referrals: append(append([]Referral{}, own...), imported...)}, f)
	if got.Summary.FellThrough != 2 || !reflect.DeepEqual(got.Summary, want.Summary) {
		t.Errorf("appended summary %+v, want %+v (2 fell through)", got.Summary, want.Summary)
	}
	if got, want := len(c.Services), 3; got != want {
		t.Errorf("services = %d, want %d (tt shared)", got, want)
	}
}
