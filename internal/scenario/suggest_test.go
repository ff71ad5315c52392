package scenario

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
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

// TestRankClosesWhatReplayCloses: for many journeys (random people,
// declines, treatment starts and episodes, with profiles across every
// service's rules, incomplete ones among them), each suggestion's Closed
// is what a full Replay of its one change counts as closed, whichever
// profile's cell is ranked.
func TestRankClosesWhatReplayCloses(t *testing.T) {
	services := testServices()
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			in := randomJourneys(seed, 300)
			compared, closing := 0, 0
			for _, cell := range []string{inGap, routed, strings.Replace(inGap, "age=40", "age=22", 1), strings.Replace(inGap, "risk=high", "risk=low", 1)} {
				p, err := directory.ParseProfile(cell, directory.Profile{})
				if err != nil {
					t.Fatal(err)
				}
				misses, err := directory.NewEngine(services).OneChange(p)
				if err != nil {
					t.Fatal(err)
				}
				ranked, err := Rank(in, services, misses, p, asOf)
				if err != nil {
					t.Fatal(err)
				}
				// What a page stores: only the profiles in the rules gap.
				stored, err := RankFellThrough(InRulesGap(FellThrough(in, services, asOf), services), services, misses, p)
				if err != nil || !reflect.DeepEqual(stored, ranked) {
					t.Errorf("cell %s: ranked from the profiles in the gap %+v (%v), want %+v", cell, stored, err, ranked)
				}
				for _, s := range ranked {
					res, err := Replay(in, services, Scenario{Changes: []Change{s.Change}}, asOf)
					if err != nil {
						t.Fatal(err)
					}
					if got, want := s.Closed, res.Closed; got != want {
						t.Errorf("cell %s, change to %s on %s: Rank closed %d, Replay %d", cell, s.Change.Service, s.Miss.Dimension, got, want)
					}
					compared++
					if res.Closed > 0 {
						closing++
					}
				}
			}
			if compared < 4 || closing == 0 {
				t.Errorf("compared %d suggestions, %d of them closing any gap: the journeys test too little", compared, closing)
			}
		})
	}
}

// randomJourneys is people's journeys through testServices: one to three
// referrals each, a third treated and the rest declined with a profile
// across every service's rules (one in eight incomplete), and some
// episodes.
func randomJourneys(seed uint64, people int64) journey.Input {
	services := testServices()
	risks := []string{"low", "moderate", "high", "very-high"}
	engagements := []string{"able", "variable", "chaotic"}
	ages := []int{17, 22, 40}
	r := rand.New(rand.NewPCG(seed, 12))
	profile := func() string {
		if r.IntN(8) == 0 {
			return "risk=high" // incomplete: counted in neither gap
		}
		return fmt.Sprintf("risk=%s,engagement=%s,diagnosis=cen,complexity=multiple,age=%d,locality=N,substance_use=none,housing=settled,duration_needed=long",
			risks[r.IntN(len(risks))], engagements[r.IntN(len(engagements))], ages[r.IntN(len(ages))])
	}
	var in journey.Input
	for person := range people {
		for range 1 + r.IntN(3) {
			day := r.IntN(300)
			svc := services[r.IntN(len(services))].ID
			if r.IntN(3) == 0 {
				in.Referrals = append(in.Referrals, treated(person, svc, day))
			} else {
				in.Referrals = append(in.Referrals, declined(person, svc, day, profile()))
			}
		}
		if r.IntN(10) == 0 {
			in.Episodes = append(in.Episodes, journey.EpisodeStart{PersonID: person, StartedAt: on(r.IntN(300))})
		}
	}
	return in
}

// BenchmarkRank ranks a gap cell's suggestions over 50,000 people's
// journeys (about 100,000 referrals), as the gap map's cell page does over
// a region's last year.
func BenchmarkRank(b *testing.B) {
	services := testServices()
	in := randomJourneys(1, 50_000)
	p, err := directory.ParseProfile(inGap, directory.Profile{})
	if err != nil {
		b.Fatal(err)
	}
	misses, err := directory.NewEngine(services).OneChange(p)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Rank(in, services, misses, p, asOf); err != nil {
			b.Fatal(err)
		}
	}
}
