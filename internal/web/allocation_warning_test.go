package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/staff"
)

// TestAllocationWarnsButNeverBlocks: the manager sets the peer worker a
// one-point limit, then reassigns an SCM episode to them, allocating
// anyway after the warning (TestReassignWarnsBeforeSaving covers the
// warning itself). The change is
// made; the confirmation names the missing SCM training and the caseload
// over its limit; both flags are recorded with their reason and decision.
// Once the peer worker holds SCM training, reassigning warns only of the
// caseload.
func TestAllocationWarnsButNeverBlocks(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		peer := f.users[auth.PeerWorker]
		tok, csrf := f.session(t, f.users[auth.TeamManager])
		if res, body := f.do(t, "POST", "/capacity", tok, url.Values{"csrf_token": {csrf}, "worker": {fmt.Sprint(peer.ID)}, "full_time": {"2"}, "time_percent": {"0"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "from 1 to 100") {
			t.Errorf("0%% of full time: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/capacity", tok, url.Values{"csrf_token": {csrf}, "worker": {fmt.Sprint(peer.ID)}, "full_time": {"2"}, "time_percent": {"50"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set limit: %d", res.StatusCode)
		}
		ep := f.episodeID(t)
		reassign := func(version int) string {
			t.Helper()
			res, _ := f.do(t, "POST", fmt.Sprintf("/people/%d/episodes/%d/reassign", f.person.ID, ep), tok, url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(version)},
				"re-worker": {fmt.Sprint(peer.ID)}, "re-reason": {"Dr on leave"}, "re-handover": {"Likes mornings"}, "re-confirmed": {"yes"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("reassign: %d, want the change made", res.StatusCode)
			}
			for _, c := range res.Cookies() {
				if c.Name == flashCookie {
					msg, _ := url.QueryUnescape(c.Value)
					return msg
				}
			}
			return ""
		}
		msg := reassign(1)
		for _, want := range []string{"has no current training in SCM (Structured Clinical Management)", "caseload is now 2 of 1 points (200%): over capacity", "the team can still change"} {
			if !strings.Contains(msg, want) {
				t.Errorf("confirmation %q lacks %q", msg, want)
			}
		}
		flags, err := f.db.AllocationFlags(ctx, peer.ID)
		if err != nil || len(flags) != 2 || flags[0].EpisodeID != ep || flags[0].Decision == "" {
			t.Fatalf("flags %+v %v, want training and capacity recorded for the episode", flags, err)
		}
		_, body := f.do(t, "GET", "/capacity", tok, nil)
		if !strings.Contains(body, "1 over capacity") {
			t.Error("the team view does not flag the peer worker over capacity")
		}

		// Trained now: back to the clinician, then to the peer again.
		courses, err := f.db.TrainingCourses(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range courses {
			if c.Modality == "SCM" {
				if err := f.db.RecordTrainingCompleted(ctx, auth.Actor{User: peer}, c.ID, staff.Today(f.db.Now())); err != nil {
					t.Fatal(err)
				}
			}
		}
		res, _ := f.do(t, "POST", fmt.Sprintf("/people/%d/episodes/%d/reassign", f.person.ID, ep), tok, url.Values{"csrf_token": {csrf}, "version": {"2"},
			"re-worker": {fmt.Sprint(f.users[auth.Clinician].ID)}, "re-reason": {"Back from leave"}, "re-handover": {"Likes mornings"}, "re-confirmed": {"yes"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reassign back: %d", res.StatusCode)
		}
		if msg := reassign(3); strings.Contains(msg, "training") || !strings.Contains(msg, "over capacity") {
			t.Errorf("trained peer worker: confirmation %q, want only the caseload warning", msg)
		}
	})
}
