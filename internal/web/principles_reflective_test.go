package web

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/staff"
)

// TestPrinciplesReflectiveAttendance: the staff-support section shows
// reflective-practice attendance per team to the commissioner as a
// disclosed count (one attendee of three is too few to show), never a
// name or a group.
func TestPrinciplesReflectiveAttendance(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		boss, clin := f.users[auth.TeamManager], f.users[auth.Clinician]
		g := staff.ReflectiveGroup{TeamID: boss.TeamIDs[0], Name: "Thursday group", FacilitatorID: f.outsider.ID, Frequency: staff.Monthly}
		if err := f.db.CreateReflectiveGroup(ctx, auth.Actor{User: boss}, &g); err != nil {
			t.Fatal(err)
		}
		s := staff.ReflectiveSession{GroupID: g.ID, HeldOn: staff.Today(f.db.Now()), FacilitatorID: boss.ID, AttendeeIDs: []int64{clin.ID}}
		if err := f.db.RecordReflectiveSession(ctx, auth.Actor{User: boss}, &s); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/reports/principles", tok, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("principles: %d", res.StatusCode)
		}
		table := regexp.MustCompile(`(?s)<table[^>]*id="staff-reflective-table".*?</table>`).FindString(body)
		if !strings.Contains(table, "CEN Community Team") {
			t.Fatalf("no reflective-practice row for the team in %q", table)
		}
		for _, leak := range []string{"(2 of 3)", "67%", "Thursday group", clin.DisplayName, boss.DisplayName} {
			if strings.Contains(table, leak) {
				t.Errorf("the commissioner sees %q", leak)
			}
		}
	})
}
