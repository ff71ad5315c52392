package scenario

import (
	"testing"

	"throughline/internal/directory"
	"throughline/internal/journey"
)

// TestRankPutsTheChangeThatClosesMostFirst: of the one-change suggestions
// for a gap profile, the one that would have closed more real people who
// fell through comes first, and purpose rules are never suggested.
func TestRankPutsTheChangeThatClosesMostFirst(t *testing.T) {
	services := testServices()
	// The youth service takes people up to 25 with no other rule; make
	// its age a purpose rule, so raising it is never suggested.
	services[2].Purpose = []string{"age"}
	// A second route for chaotic engagement: talking therapies refuses
	// high risk and chaotic engagement, two rules, so is no near miss;
	// a voluntary service refusing only on engagement is.
	// It comes first in the directory, so ranking has to move it down.
	services = append([]directory.Service{{ID: "peer", Name: "Peer support", Tier: "voluntary",
		Eligibility: map[string][]string{"engagement": {"able", "variable"}, "diagnosis": {"cen"}}}}, services...)
	p, err := directory.ParseProfile(inGap, directory.Profile{})
	if err != nil {
		t.Fatal(err)
	}
	misses, err := directory.NewEngine(services).OneChange(p)
	if err != nil {
		t.Fatal(err)
	}
	other := "risk=high,engagement=chaotic,diagnosis=uncertain,complexity=multiple,age=40,locality=N,substance_use=none,housing=settled,duration_needed=long"
	// Two people fell through with the cell's profile, one with a
	// profile only the CMHT's change would close.
	in := journey.Input{Referrals: []journey.Referral{declined(1, "tt", 0, inGap), declined(2, "tt", 0, inGap), declined(3, "tt", 0, other)}}
	got, err := Rank(in, services, misses, p, asOf)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var closed []int
	for _, s := range got {
		ids, closed = append(ids, s.Change.Service), append(closed, s.Closed)
	}
	if len(got) != 2 || ids[0] != "cmht" || closed[0] != 3 || ids[1] != "peer" || closed[1] != 2 {
		t.Errorf("ranked = %v closing %v, want [cmht peer] closing [3 2]", ids, closed)
	}
}
