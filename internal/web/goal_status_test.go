package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// TestGoalStatusOnCarePlan: a goal marked achieved moves to its own list
// with its last rating and who marked it, a stale form gets a 409 that
// says so, a reopened goal is back among the active ones, and the GBO
// form offers active goals only.
func TestGoalStatusOnCarePlan(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := f.users[auth.Clinician]
		tok, csrf := f.session(t, clin)
		ep := f.episodeID(t)
		base := fmt.Sprintf("/people/%d", f.person.ID)
		texts := []string{"To go back to the allotment", "To sleep through more nights"}
		for i, text := range texts {
			form := url.Values{"csrf_token": {csrf}, "episode": {fmt.Sprint(ep)}, "goal_text": {text}, "own_words": {"yes"}, "goal_rating": {fmt.Sprint(i + 6)}}
			if res, body := f.do(t, "POST", base+"/care-plan/goals", tok, form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("add goal: %d\n%s", res.StatusCode, body)
			}
		}
		goals, err := f.db.Goals(ctx, f.person.ID)
		if err != nil || len(goals) != 2 {
			t.Fatalf("goals = %+v, %v", goals, err)
		}
		allotment := goals[0]
		status := func(version, to string) url.Values {
			return url.Values{"csrf_token": {csrf}, "version": {version}, "status": {to}}
		}
		path := fmt.Sprintf("%s/care-plan/goals/%d/status", base, allotment.ID)
		tests := []struct {
			name       string
			path       string
			form       url.Values
			wantStatus int
			wantGoal   string
			wantPage   []string
		}{
			{"achieved", path, status("1", care.GoalAchieved), http.StatusSeeOther, care.GoalAchieved, nil},
			{"stale form", path, status("1", care.GoalSetAside), http.StatusConflict, care.GoalAchieved, []string{"Someone else changed this goal"}},
			{"not a status", path, status("2", "finished"), http.StatusUnprocessableEntity, care.GoalAchieved,
				[]string{fmt.Sprintf(`href="#goal-%d-status"`, allotment.ID), fmt.Sprintf(`id="goal-%d-status"`, allotment.ID)}},
			{"no such goal", fmt.Sprintf("%s/care-plan/goals/%d/status", base, allotment.ID+100), status("2", care.GoalActive), http.StatusNotFound, care.GoalAchieved, nil},
		}
		for _, tt := range tests {
			res, body := f.do(t, "POST", tt.path, tok, tt.form)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.wantStatus)
			}
			for _, w := range tt.wantPage {
				if !strings.Contains(body, w) {
					t.Errorf("%s: page lacks %q", tt.name, w)
				}
			}
			goals, _ := f.db.Goals(ctx, f.person.ID)
			if got := goals[0].Status; got != tt.wantGoal {
				t.Errorf("%s: goal status %q, want %q", tt.name, got, tt.wantGoal)
			}
		}
		// The care plan lists it apart, with its last rating and who marked it.
		_, page := f.do(t, "GET", base+"/care-plan", tok, nil)
		closed := between(page, `id="closed-goal-table"`, "</table>")
		active := between(page, `id="goal-table"`, "</table>")
		if !strings.Contains(closed, texts[0]) || !strings.Contains(closed, "Achieved") || !strings.Contains(closed, clin.DisplayName) || !strings.Contains(closed, `<td class="tl-num">6</td>`) {
			t.Errorf("achieved goals table lacks the goal, its status, who marked it or its last rating:\n%s", closed)
		}
		if strings.Contains(active, texts[0]) || !strings.Contains(active, texts[1]) {
			t.Errorf("active goals table should list only the active goal:\n%s", active)
		}
		// The GBO form offers the active goal only.
		_, form := f.do(t, "GET", base+"/measures/new/GBO", tok, nil)
		if strings.Contains(form, texts[0]) || !strings.Contains(form, texts[1]) {
			t.Errorf("GBO form should offer only active goals")
		}
		// Reopened, it is active again.
		if res, _ := f.do(t, "POST", path, tok, status("2", care.GoalActive)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reopen: %d", res.StatusCode)
		}
		_, page = f.do(t, "GET", base+"/care-plan", tok, nil)
		if active := between(page, `id="goal-table"`, "</table>"); !strings.Contains(active, texts[0]) || strings.Contains(page, `id="closed-goal-table"`) {
			t.Errorf("after reopening the goal should be active again")
		}
	})
}

// between returns the part of s from the first from up to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
