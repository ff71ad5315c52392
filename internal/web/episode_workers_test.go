package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// TestGroupWorkers: each team, in the teams' order, has its own workers in
// the order read, a team with none an empty group, and a worker of a team
// not listed is left out.
func TestGroupWorkers(t *testing.T) {
	teams := []directory.Team{{ID: 3, Name: "Therapies"}, {ID: 1, Name: "Community"}, {ID: 7, Name: "Empty"}}
	ada := store.TeamWorker{TeamID: 1, UserID: 10, Name: "Ada"}
	bo := store.TeamWorker{TeamID: 1, UserID: 11, Name: "Bo"}
	cy := store.TeamWorker{TeamID: 3, UserID: 10, Name: "Ada"}
	gone := store.TeamWorker{TeamID: 9, UserID: 12, Name: "Di"}
	tests := []struct {
		name    string
		workers []store.TeamWorker
		want    []workerGroup
	}{
		{"grouped", []store.TeamWorker{ada, bo, cy, gone}, []workerGroup{
			{TeamID: 3, Team: "Therapies", Workers: []store.TeamWorker{cy}},
			{TeamID: 1, Team: "Community", Workers: []store.TeamWorker{ada, bo}},
			{TeamID: 7, Team: "Empty"},
		}},
		{"no workers", nil, []workerGroup{{TeamID: 3, Team: "Therapies"}, {TeamID: 1, Team: "Community"}, {TeamID: 7, Team: "Empty"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := groupWorkers(teams, tt.workers); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if got := groupWorkers(nil, []store.TeamWorker{ada}); len(got) != 0 {
		t.Errorf("no teams: got %+v", got)
	}
}

// TestEpisodeWorkerChoices: the named-worker change offers only the
// episode's team's workers; a move to another team asks for the team
// first, then offers that team's workers only (every team's were once
// offered: 2,636 options at scale 75); the episode's own team, or no such
// team, is not a move's team; and a move refused keeps the chosen team.
func TestEpisodeWorkerChoices(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		therapies, therapist := f.therapiesTeam(t, "mbt-therapist", "Morgan Therapist")
		tok, csrf := f.session(t, f.users[auth.Clinician])
		page := fmt.Sprintf("/people/%d/episodes/%d", f.person.ID, f.episodeID(t))
		get := func(path string) string {
			t.Helper()
			res, body := f.do(t, "GET", path, tok, nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			return body
		}
		choices := func(body, id string) map[string][]string {
			t.Helper()
			i := strings.Index(body, `id="`+id+`"`)
			if i < 0 {
				return nil
			}
			sel := body[i : i+strings.Index(body[i:], "</select>")]
			out := map[string][]string{}
			for _, g := range regexp.MustCompile(`(?s)<optgroup label="([^"]*)">(.*?)</optgroup>`).FindAllStringSubmatch(sel, -1) {
				out[g[1]] = []string{}
				for _, o := range regexp.MustCompile(`<option value="\d+"(?: selected)?>([^<]*)</option>`).FindAllStringSubmatch(g[2], -1) {
					out[g[1]] = append(out[g[1]], o[1])
				}
			}
			return out
		}
		community := []string{f.users[auth.Clinician].DisplayName, f.users[auth.PeerWorker].DisplayName}
		slices.Sort(community)
		body := get(page)
		if got, want := choices(body, "re-worker"), map[string][]string{"CEN Community Team": community}; !reflect.DeepEqual(got, want) {
			t.Errorf("reassignment offers %v, want %v", got, want)
		}
		if got := choices(body, "team-worker"); got != nil {
			t.Errorf("before a team is chosen, a move offers workers %v", got)
		}
		if !strings.Contains(body, `id="move-team"`) || !strings.Contains(body, fmt.Sprintf(`<option value="%d">CEN Therapies Team</option>`, therapies.ID)) {
			t.Error("the move does not ask for the team first")
		}
		for _, asked := range []string{fmt.Sprint(f.users[auth.Clinician].TeamIDs[0]), "999999", "x"} {
			if got := choices(get(page+"?team-team="+asked), "team-worker"); got != nil {
				t.Errorf("team %s: a move offers workers %v, want the team asked for again", asked, got)
			}
		}
		body = get(fmt.Sprintf("%s?team-team=%d", page, therapies.ID))
		if got, want := choices(body, "team-worker"), map[string][]string{"CEN Therapies Team": {"Morgan Therapist"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("a move to the Therapies Team offers %v, want %v", got, want)
		}
		if got, want := choices(body, "re-worker"), map[string][]string{"CEN Community Team": community}; !reflect.DeepEqual(got, want) {
			t.Errorf("with a move's team chosen, reassignment offers %v, want %v", got, want)
		}
		hidden := fmt.Sprintf(`<input type="hidden" name="team-team" value="%d">`, therapies.ID)
		if !strings.Contains(body, hidden) || !strings.Contains(body, "Moving to <strong>CEN Therapies Team</strong>") {
			t.Error("the move's form does not carry and name the chosen team")
		}
		move := url.Values{"csrf_token": {csrf}, "version": {"1"}, "team-team": {fmt.Sprint(therapies.ID)}, "team-modality": {"MBT"},
			"team-worker": {fmt.Sprint(therapist.ID)}, "team-handover": {"Prefers afternoons"}}
		res, body := f.do(t, "POST", page+"/team", tok, move)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, hidden) || !strings.Contains(body, "Prefers afternoons") ||
			!strings.Contains(body, `href="#team-reason"`) {
			t.Errorf("a move with no reason: %d, want 422 with the chosen team and the typed handover kept", res.StatusCode)
		}
		move.Set("team-reason", "Ready for MBT")
		if res, body := f.do(t, "POST", page+"/team", tok, move); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the move: %d\n%s", res.StatusCode, body)
		}
		eps, err := f.db.Episodes(context.Background(), store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true})
		if err != nil || len(eps) != 1 || eps[0].TeamID != therapies.ID || eps[0].NamedWorkerID != therapist.ID {
			t.Errorf("after the move: %+v (%v), want the Therapies Team with Morgan Therapist", eps, err)
		}
	})
}
