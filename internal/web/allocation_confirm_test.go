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

// TestReassignWarnsBeforeSaving: reassigning an SCM episode to a peer
// worker without SCM training and at their caseload limit shows the
// warnings on the same form with "Allocate anyway" and changes nothing;
// allocating anyway saves the change and records the warnings with the
// decision; a worker with no warning is allocated at once.
func TestReassignWarnsBeforeSaving(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		peer, clin := f.users[auth.PeerWorker], f.users[auth.Clinician]
		tok, csrf := f.session(t, f.users[auth.TeamManager])
		if res, _ := f.do(t, "POST", "/capacity", tok, url.Values{"csrf_token": {csrf}, "worker": {fmt.Sprint(peer.ID)}, "full_time": {"1"}, "time_percent": {"100"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set limit: %d", res.StatusCode)
		}
		ep := f.episodeID(t)
		path := fmt.Sprintf("/people/%d/episodes/%d/reassign", f.person.ID, ep)
		form := url.Values{"csrf_token": {csrf}, "version": {"1"}, "re-worker": {fmt.Sprint(peer.ID)}, "re-reason": {"Dr on leave"}, "re-handover": {"Likes mornings"}}
		res, body := f.do(t, "POST", path, tok, form)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("reassign with warnings: %d, want the form again", res.StatusCode)
		}
		for _, want := range []string{"has no current training in SCM", "caseload would be 2 of 1 points (200%): over capacity", `value="yes" id="allocate-anyway"`, "Nothing has been changed yet", "Likes mornings"} {
			if !strings.Contains(body, want) {
				t.Errorf("warning page lacks %q", want)
			}
		}
		e, err := f.db.Episode(ctx, auth.System, ep)
		if err != nil || e.NamedWorkerID != clin.ID || e.Version != 1 {
			t.Fatalf("after the warning: worker %d v%d %v, want unchanged", e.NamedWorkerID, e.Version, err)
		}
		if flags, err := f.db.AllocationFlags(ctx, peer.ID); err != nil || len(flags) != 0 {
			t.Errorf("flags %+v %v before the decision, want none", flags, err)
		}
		form.Set("re-confirmed", "yes")
		if res, _ := f.do(t, "POST", path, tok, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("allocate anyway: %d", res.StatusCode)
		}
		flags, err := f.db.AllocationFlags(ctx, peer.ID)
		if err != nil || len(flags) != 2 || flags[0].EpisodeID != ep || flags[0].Decision == "" {
			t.Errorf("flags %+v %v, want training and capacity recorded with the decision", flags, err)
		}

		// Back to a clinician who holds SCM and has room: no warning, saved at once.
		courses, err := f.db.TrainingCourses(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range courses {
			if c.Modality == "SCM" {
				if err := f.db.RecordTrainingCompleted(ctx, auth.Actor{User: clin}, c.ID, staff.Today(f.db.Now())); err != nil {
					t.Fatal(err)
				}
			}
		}
		back := url.Values{"csrf_token": {csrf}, "version": {"2"}, "re-worker": {fmt.Sprint(clin.ID)}, "re-reason": {"Back from leave"}, "re-handover": {"Likes mornings"}}
		if res, _ := f.do(t, "POST", path, tok, back); res.StatusCode != http.StatusSeeOther {
			t.Errorf("reassign with no warning: %d, want saved at once", res.StatusCode)
		}
	})
}
