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

// TestLossOfContactEndingNamesTheTeamDiscussion: after the outreach the
// rules ask for, an ending after loss of contact can name a recorded team
// discussion, whose date and attendees then stand as the MDT decision; a
// discussion that is not one of the user's teams' is refused, and what was
// typed is kept.
func TestLossOfContactEndingNamesTheTeamDiscussion(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := f.users[auth.Clinician]
		token, csrf := f.session(t, clin)
		a := auth.Actor{User: clin, Relationship: auth.RelCaseload}
		now := f.db.Now()
		eps, _ := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true})
		for i, m := range []care.OutreachMethod{care.OutreachPhone, care.OutreachLetter, care.OutreachPhone} {
			o := care.OutreachAttempt{PersonID: f.person.ID, EpisodeID: eps[0].ID, At: now.AddDate(0, 0, -20+5*i), Method: m,
				Outcome: care.OutreachNoAnswer, Note: "No reply; offered a call or a visit at any time"}
			if err := f.db.RecordOutreach(ctx, a, &o); err != nil {
				t.Fatal(err)
			}
		}
		meeting := care.Meeting{ServiceID: "cen", At: now.AddDate(0, 0, -2), Attendees: []int64{clin.ID, f.users[auth.TeamManager].ID}}
		if err := f.db.CreateMeeting(ctx, a, &meeting); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/people/%d/endings", f.person.ID)
		_, page := f.do(t, "GET", base, token, nil)
		if !strings.Contains(page, fmt.Sprintf(`<option value="%d"`, meeting.ID)) {
			t.Fatal("the recent team discussion is not offered")
		}
		form := func(meetingID string) url.Values {
			return url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(eps[0].ID)}, "kind": {"unplanned"}, "reason": {"non-engagement"},
				"ended_on": {now.Format(time.DateOnly)}, "mdt_meeting": {meetingID}, "mdt_rationale": {"No contact for five weeks despite calls and a letter"}}
		}
		res, body := f.do(t, "POST", base, token, form("999999"))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "recent team discussions, or leave it blank") ||
			!strings.Contains(body, "No contact for five weeks") {
			t.Errorf("unknown meeting: status %d", res.StatusCode)
		}
		res, _ = f.do(t, "POST", base, token, form(fmt.Sprint(meeting.ID)))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("ending with the team discussion: status %d", res.StatusCode)
		}
		ends, err := f.db.Endings(ctx, f.person.ID)
		if err != nil || len(ends) != 1 {
			t.Fatalf("endings = %+v, %v", ends, err)
		}
		got := ends[0].MDT
		if !got.On.Equal(meeting.At) && got.On.Format(time.DateOnly) != meeting.At.Format(time.DateOnly) {
			t.Errorf("MDT date = %v, want the meeting's %v", got.On, meeting.At)
		}
		if !strings.Contains(got.Present, clin.DisplayName) {
			t.Errorf("MDT present = %q, want the meeting's attendees", got.Present)
		}
	})
}
