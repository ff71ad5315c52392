package store

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/journey"
)

// FuzzUnpackCompact checks that a packed journey row reads back as the
// fields that were packed, and that any other text is refused or read
// without a panic.
func FuzzUnpackCompact(f *testing.F) {
	f.Add(int64(7), int64(3), uint8(2), true, int64(1672650000), int64(0), int64(1672950000), "tt-north", "primary", "risk-above-threshold")
	f.Add(int64(1), int64(1), uint8(0), false, int64(1), int64(2), int64(3), "cen", "", "")
	f.Add(int64(1), int64(1), uint8(1), false, int64(-62135596800), int64(2), int64(3), "cen", "", "")
	f.Fuzz(func(t *testing.T, id, person int64, decision uint8, onward bool, received, decided, treated int64, svc, tier, reason string) {
		decisions := []care.Decision{"", care.DecisionAccepted, care.DecisionDeclined}
		d := decisions[int(decision)%len(decisions)]
		stamp := func(s int64) string {
			if s == 0 {
				return ""
			}
			return strconv.FormatInt(s, 10)
		}
		onwardText := ""
		if onward {
			onwardText = "y"
		}
		row := strings.Join([]string{strconv.FormatInt(id, 10), strconv.FormatInt(person, 10), string(d), onwardText,
			stamp(received), stamp(decided), stamp(treated), svc, tier, reason}, sep)
		strs := localStrings{&stringTable{ids: map[string]int32{"": 0}, strs: []string{""}}, map[string]int32{}}
		svcs := map[string]int32{"cen": 0, "tt-north": 1}
		var r journey.CompactReferral
		gotID, err := unpackCompact(&r, row, svcs, strs)
		_, known := svcs[svc]
		separated := strings.Contains(svc+tier+reason, sep)
		if !known || separated {
			if err == nil && !separated {
				t.Fatalf("row %q read with unknown service %q", row, svc)
			}
			return
		}
		if err != nil {
			t.Fatalf("row %q: %v", row, err)
		}
		got := []any{gotID, r.PersonID, r.Decision, r.OnwardRoute, r.ReceivedAt, r.DecidedAt, r.TreatmentStartedAt, r.Service,
			strs.t.strs[r.ReferrerTier], strs.t.strs[r.DeclineReason]}
		// The zero time is stored as 0, as no time.
		zero := func(s int64) int64 {
			if time.Unix(s, 0).IsZero() {
				return 0
			}
			return s
		}
		want := []any{id, person, d, onward, zero(received), zero(decided), zero(treated), svcs[svc], tier, reason}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("row %q field %d = %v, want %v", row, i, got[i], want[i])
			}
		}
	})
}
