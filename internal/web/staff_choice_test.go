package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// TestStaffChoicesRefuseWhoWasNotOffered: an appointment and a group are
// made with the staff of the booker's own teams, which is whom their pages
// offer (a team discussion's attendees likewise:
// TestMeetingAttendeesAreTheOrganisersTeams). An id the page never offered (another team's
// therapist, a carer's account, an account no longer in use) is refused
// with the field's message, the typed form is kept, and nothing is saved;
// the offered member of staff is accepted.
func TestStaffChoicesRefuseWhoWasNotOffered(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		_, therapist := f.therapiesTeam(t, "elsewhere", "Elsewhere Therapist")
		gone := auth.User{Username: "gone", DisplayName: "Gone Clinician", Role: auth.Clinician, Profession: "nurse", Disabled: true,
			TeamIDs: f.users[auth.Clinician].TeamIDs, PasswordHash: f.users[auth.Clinician].PasswordHash}
		if err := f.db.CreateUser(ctx, &gone); err != nil {
			t.Fatal(err)
		}
		clin := f.users[auth.Clinician]
		token, csrf := f.session(t, clin)
		eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true})
		if err != nil || len(eps) == 0 {
			t.Fatalf("no open episode (%v)", err)
		}
		when := f.db.Now().AddDate(0, 0, 2)
		forms := []struct {
			name, path, field, message, kept string
			form                             url.Values
			saved                            func() int
		}{
			{"an appointment", fmt.Sprintf("/people/%d/appointments", f.person.ID), "staff", "Choose staff from your teams", "Room 9, Kingsmere Hub",
				url.Values{"kind": {"individual"}, "date": {when.Format(time.DateOnly)}, "time": {"10:00"}, "minutes": {"50"},
					"location": {"Room 9, Kingsmere Hub"}, "episode": {fmt.Sprint(eps[0].ID)}},
				func() int {
					aps, err := f.db.Appointments(ctx, store.AppointmentFilter{PersonID: f.person.ID})
					if err != nil {
						t.Fatal(err)
					}
					return len(aps)
				}},
			{"a group", "/groups", "facilitators", "Choose facilitators from your teams&#39; staff", "Wednesday skills",
				url.Values{"name": {"Wednesday skills"}, "modality": {care.GroupDBTSkills}, "team": {fmt.Sprint(clin.TeamIDs[0])}, "starts_on": {when.Format(time.DateOnly)}},
				func() int {
					gs, err := f.db.Groups(ctx, clin.TeamIDs)
					if err != nil {
						t.Fatal(err)
					}
					return len(gs)
				}},
		}
		for _, tc := range forms {
			before := tc.saved()
			for _, who := range []auth.User{therapist, f.users[auth.Carer], gone} {
				form := url.Values{"csrf_token": {csrf}, tc.field: {fmt.Sprint(clin.ID), fmt.Sprint(who.ID)}}
				for k, v := range tc.form {
					form[k] = v
				}
				res, body := f.do(t, "POST", tc.path, token, form)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.message) || !strings.Contains(body, tc.kept) {
					t.Errorf("%s with %s: status %d, want 422 with %q and the typed %q kept", tc.name, who.Username, res.StatusCode, tc.message, tc.kept)
				}
			}
			if got := tc.saved(); got != before {
				t.Errorf("%s: %d saved after refusals, want %d", tc.name, got, before)
			}
			form := url.Values{"csrf_token": {csrf}, tc.field: {fmt.Sprint(clin.ID)}}
			for k, v := range tc.form {
				form[k] = v
			}
			if res, body := f.do(t, "POST", tc.path, token, form); res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s with the clinician: status %d, want 303\n%s", tc.name, res.StatusCode, body)
			}
			if got, want := tc.saved(), before+1; got != want {
				t.Errorf("%s: %d saved, want %d", tc.name, got, want)
			}
		}
	})
}
