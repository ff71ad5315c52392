package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/staff"
)

// TestPrinciplesStaffSupportCountsOnly: the commissioner and the manager
// see the staff-support section with counts (small ones hidden), never
// anyone's name or a supervision session; the commissioner cannot open
// supervision or training at all.
func TestPrinciplesStaffSupportCountsOnly(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		boss := f.users[auth.TeamManager]
		if err := f.db.SetSupervisionExpectation(ctx, auth.Actor{User: boss}, staff.Expectation{TeamID: boss.TeamIDs[0], Role: auth.Clinician, Type: staff.Clinical, Frequency: staff.Monthly}); err != nil {
			t.Fatal(err)
		}
		for _, r := range []auth.Role{auth.Commissioner, auth.TeamManager} {
			tok, _ := f.session(t, f.users[r])
			res, body := f.do(t, "GET", "/reports/principles", tok, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", r, res.StatusCode)
			}
			for _, want := range []string{"Supervision within its expected frequency", "CEN Community Team", "Holding Knowledge and Understanding Framework awareness", "of 8"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: no %q", r, want)
				}
			}
			// One clinician: too few to show.
			if strings.Contains(body, "(0 of 1)") || strings.Contains(body, "Test Clinician") || strings.Contains(body, "/supervision/") {
				t.Errorf("%s: a small count, a name or a session is shown", r)
			}
		}
		tok, _ := f.session(t, f.users[auth.Commissioner])
		for _, path := range []string{"/supervision", "/training", "/training/matrix"} {
			if res, _ := f.do(t, "GET", path, tok, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("commissioner %s: %d, want 403", path, res.StatusCode)
			}
		}
	})
}
