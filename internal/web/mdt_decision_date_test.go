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
	"throughline/internal/uktime"
)

// TestTeamDecisionWaitsForTheMeeting: a case on the agenda of a meeting
// five days ahead cannot have its decision recorded yet (the letter would
// say the team met on a day still to come); the form says so on the
// decision, keeps what was typed, and nothing is opened.
func TestTeamDecisionWaitsForTheMeeting(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ref := care.Referral{PersonID: f.person.ID, ServiceID: "cen", ReferrerUserID: f.users[auth.Referrer].ID, ReferrerName: "Dr Test",
			Decision: care.DecisionAccepted, Status: care.ReferralAssessed}
		if err := f.db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &ref) }); err != nil {
			t.Fatal(err)
		}
		mgr, csrf := f.session(t, f.users[auth.TeamManager])
		ahead := uktime.In(f.db.Now()).AddDate(0, 0, 5)
		res, _ := f.do(t, "POST", "/mdt", mgr, url.Values{"csrf_token": {csrf}, "date": {ahead.Format(time.DateOnly)}, "time": {"10:00"},
			"attendees": {fmt.Sprint(f.users[auth.Clinician].ID), fmt.Sprint(f.users[auth.TeamManager].ID)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("plan meeting: %d", res.StatusCode)
		}
		meeting := res.Header.Get("Location")
		if res, _ = f.do(t, "POST", meeting+"/cases", mgr, url.Values{"csrf_token": {csrf}, "referral": {fmt.Sprint(ref.ID)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add case: %d", res.StatusCode)
		}
		r, err := f.db.PersonReferral(ctx, auth.System, f.person.ID, ref.ID)
		if err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/people/%d/referrals/%d", f.person.ID, ref.ID)
		if _, page := f.do(t, "GET", base+"/decision", mgr, nil); !strings.Contains(page, "once the meeting has happened") || strings.Contains(page, "Discussed at the team meeting") {
			t.Error("the decision form says the case was discussed at a meeting still to come")
		}
		form := url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(r.Version)}, "decision": {"community-team"},
			"rationale": {"Would like steady support near home"}, "named_worker": {fmt.Sprint(f.users[auth.Clinician].ID)}}
		res, body := f.do(t, "POST", base+"/decision", mgr, form)
		want := "The team meets on " + ahead.Format("2 January 2006") + " at 10:00: record its decision after the meeting"
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
			t.Errorf("decision before the meeting: status %d, want 422 saying %q", res.StatusCode, want)
		}
		if !strings.Contains(body, `href="#decision"`) || !strings.Contains(body, "Would like steady support near home") {
			t.Error("the problem is not linked to the decision, or the typed reasons were lost")
		}
		eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID})
		if err != nil || len(eps) != 1 {
			t.Errorf("episodes = %d (%v), want only the fixture's own", len(eps), err)
		}
		after, err := f.db.PersonReferral(ctx, auth.System, f.person.ID, ref.ID)
		if err != nil || after.Status != care.ReferralTeamDiscussion {
			t.Errorf("referral status = %q (%v), want still on the agenda", after.Status, err)
		}
	})
}
