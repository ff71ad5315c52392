package web

import (
	"fmt"
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
// episode's team's workers; a move to another team offers each team's
// workers under its name.
func TestEpisodeWorkerChoices(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.therapiesTeam(t, "mbt-therapist", "Morgan Therapist")
		tok, _ := f.session(t, f.users[auth.Clinician])
		res, body := f.do(t, "GET", fmt.Sprintf("/people/%d/episodes/%d", f.person.ID, f.episodeID(t)), tok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("episode page: %d", res.StatusCode)
		}
		choices := func(id string) map[string][]string {
			t.Helper()
			i := strings.Index(body, `id="`+id+`"`)
			if i < 0 {
				t.Fatalf("no %s select", id)
			}
			sel := body[i : i+strings.Index(body[i:], "</select>")]
			out := map[string][]string{}
			for _, g := range regexp.MustCompile(`(?s)<optgroup label="([^"]*)">(.*?)</optgroup>`).FindAllStringSubmatch(sel, -1) {
				out[g[1]] = []string{}
				for _, o := range regexp.MustCompile(`<option value="\d+">([^<]*)</option>`).FindAllStringSubmatch(g[2], -1) {
					out[g[1]] = append(out[g[1]], o[1])
				}
			}
			return out
		}
		community := []string{f.users[auth.Clinician].DisplayName, f.users[auth.PeerWorker].DisplayName}
		slices.Sort(community)
		if got, want := choices("re-worker"), map[string][]string{"CEN Community Team": community}; !reflect.DeepEqual(got, want) {
			t.Errorf("reassignment offers %v, want %v", got, want)
		}
		if got, want := choices("team-worker"), map[string][]string{"CEN Community Team": community, "CEN Therapies Team": {"Morgan Therapist"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("a move offers %v, want %v", got, want)
		}
	})
}
