package demo

import "testing"

// TestTeamsGrowWithScale: each pathway has about as many named workers per
// unit of scale as at scale 1, so caseloads stay what one person can hold,
// in teams of a realistic size.
func TestTeamsGrowWithScale(t *testing.T) {
	for _, p := range cenPathways {
		for _, scale := range []int{1, 2, 3, 10, 75, 200} {
			clin, peers := teamSize(scale)
			size := clin
			if p.peersWork {
				size += peers
			}
			extra := extraTeams(scale, p.baseWorkers, p.peersWork)
			workers := p.baseWorkers + extra*size
			if scale == 1 && extra != 0 {
				t.Errorf("%s at scale 1: %d extra teams, want none", p.key, extra)
			}
			if lo, hi := scale*p.baseWorkers, scale*p.baseWorkers+size; workers < lo || workers > hi {
				t.Errorf("%s at scale %d: %d named workers, want %d to %d", p.key, scale, workers, lo, hi)
			}
			if size < 12 || size > 30 {
				t.Errorf("%s at scale %d: teams of %d named workers, want 12 to 30", p.key, scale, size)
			}
		}
	}
}
