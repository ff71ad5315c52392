package web

import (
	"fmt"
	"testing"

	"throughline/internal/auth"
)

// TestCarePlanReadsOnlyWhatItShows: the care plan page reads the team's
// workers (the owners an action can have) only for someone who can change
// the plan, who gets the form; a reader who cannot, and the printable
// plan, send one statement fewer; and the page as a whole keeps to its
// budget.
func TestCarePlanReadsOnlyWhatItShows(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clinician, _ := f.session(t, f.users[auth.Clinician])
		admin, _ := f.session(t, f.users[auth.Admin])
		page := fmt.Sprintf("/people/%d/care-plan", f.person.ID)
		f.do(t, "GET", page, clinician, nil) // any first-request work out of the way
		editing := f.leastStatementsFor(t, page, clinician)
		// 9 before the plan is first saved (a saved plan adds its liaison
		// contacts and versions) for someone with no goals yet; goals add
		// a statement for their ratings (store.EpisodeGoals).
		if editing > 9 {
			t.Errorf("the care plan took %d statements, want at most 9", editing)
		}
		for _, tc := range []struct {
			name, path, token string
		}{
			{"the printable plan", page + "/print", clinician},
			{"a reader who cannot change it", page, admin},
		} {
			if got, want := f.leastStatementsFor(t, tc.path, tc.token), editing-1; got != want {
				t.Errorf("%s: %d statements, want %d (the editing page's %d less the team's workers)", tc.name, got, want, editing)
			}
		}
	})
}
