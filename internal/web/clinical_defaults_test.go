package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// selectControl is the HTML of the select with the given id.
func selectControl(t *testing.T, page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<select[^>]* id="` + regexp.QuoteMeta(id) + `"[^>]*>.*?</select>`).FindString(page)
	if m == "" {
		t.Fatalf("no select with id %q on the page", id)
	}
	return m
}

// TestGoalRatingStartsBlank: the rating control beside a goal starts on
// no rating, and recording it without a choice is a problem on the field,
// never a stored 0 that nobody gave.
func TestGoalRatingStartsBlank(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := f.users[auth.Clinician]
		g := care.Goal{PersonID: f.person.ID, EpisodeID: f.episodeID(t), Text: "To go back to the allotment", OwnWords: true}
		if err := f.db.AddGoal(ctx, auth.Actor{User: clin, Relationship: auth.RelCaseload}, &g); err != nil {
			t.Fatal(err)
		}
		tok, csrf := f.session(t, clin)
		base := fmt.Sprintf("/people/%d/care-plan", f.person.ID)
		res, page := f.do(t, "GET", base, tok, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("care plan: %d", res.StatusCode)
		}
		sel := selectControl(t, page, fmt.Sprintf("rate-%d-rating", g.ID))
		if strings.Contains(sel, "selected") {
			t.Errorf("the rating control starts with a rating chosen:\n%s", sel)
		}
		if !strings.Contains(sel, `<option value="">Choose a rating</option>`) {
			t.Errorf("the rating control has no blank first choice:\n%s", sel)
		}
		res, body := f.do(t, "POST", fmt.Sprintf("%s/goals/%d/rating", base, g.ID), tok, url.Values{"csrf_token": {csrf}, "rating": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Rate the goal from 0 to 10") {
			t.Errorf("rating without a choice: status %d, want 422 with the field's message", res.StatusCode)
		}
		goals, err := f.db.Goals(ctx, f.person.ID)
		if err != nil || len(goals) != 1 || len(goals[0].Ratings) != 0 {
			t.Errorf("goals = %+v (%v), want one goal with no rating", goals, err)
		}
	})
}

// TestStepUpFromNotSetAsksForALevel: an episode with no level recorded
// offers a level with none chosen; stepping up without one is a problem
// on the level, and the level chosen is the one recorded.
func TestStepUpFromNotSetAsksForALevel(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ep := f.episodeID(t)
		tok, csrf := f.session(t, f.users[auth.Clinician])
		path := fmt.Sprintf("/people/%d/episodes/%d", f.person.ID, ep)
		_, page := f.do(t, "GET", path, tok, nil)
		if sel := selectControl(t, page, "step-level"); strings.Contains(sel, "selected") || !strings.Contains(sel, `<option value="">Choose a level</option>`) {
			t.Errorf("the level control does not start blank:\n%s", sel)
		}
		form := url.Values{"csrf_token": {csrf}, "version": {"1"}, "step-direction": {"up"}, "step-reason": {"Eviction notice; more contact for now"}}
		res, body := f.do(t, "POST", path+"/step", tok, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Support has no level recorded yet: choose the level it moves to") ||
			!strings.Contains(body, `href="#step-level"`) || !strings.Contains(body, "Eviction notice; more contact for now") {
			t.Errorf("step up from not set without a level: status %d, want 422 on the level, typed reason kept", res.StatusCode)
		}
		intensity := func() string {
			eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID})
			if err != nil || len(eps) == 0 {
				t.Fatalf("episodes: %v", err)
			}
			return eps[0].Intensity
		}
		if got := intensity(); got != "" {
			t.Errorf("intensity after a refused step = %q, want still not set", got)
		}
		form.Set("step-level", "standard")
		if res, body = f.do(t, "POST", path+"/step", tok, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("step with a level: status %d\n%s", res.StatusCode, body)
		}
		if got := intensity(); got != "standard" {
			t.Errorf("intensity = %q, want the level chosen, standard", got)
		}
	})
}

// TestAttendanceStartsBlank: what happened at an assessment appointment is
// chosen by whoever records it, never "Attended" because it came first.
func TestAttendanceStartsBlank(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ref := care.Referral{PersonID: f.person.ID, ServiceID: "cen", ReferrerUserID: f.users[auth.Referrer].ID, Decision: care.DecisionAccepted, Status: care.ReferralWaiting}
		if err := f.db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &ref) }); err != nil {
			t.Fatal(err)
		}
		clin, csrf := f.session(t, f.users[auth.Clinician])
		then := f.db.Now().Add(-time.Hour)
		book := url.Values{"csrf_token": {csrf}, "date": {then.Format(time.DateOnly)}, "time": {then.Format("15:04")}, "minutes": {"90"},
			"staff": {fmt.Sprint(f.users[auth.Clinician].ID)}, "location": {"Room 4"}}
		if res, _ := f.do(t, "POST", fmt.Sprintf("/people/%d/referrals/%d/book", f.person.ID, ref.ID), clin, book); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking: status %d", res.StatusCode)
		}
		aps, err := f.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID})
		if err != nil || len(aps) != 1 {
			t.Fatalf("appointments = %d, %v", len(aps), err)
		}
		_, page := f.do(t, "GET", fmt.Sprintf("/people/%d/pathway", f.person.ID), clin, nil)
		sel := selectControl(t, page, fmt.Sprintf("outcome-%d", aps[0].ID))
		if strings.Contains(sel, "selected") || !strings.Contains(sel, `<option value="">Choose what happened</option>`) {
			t.Errorf("the attendance control does not start blank:\n%s", sel)
		}
	})
}
