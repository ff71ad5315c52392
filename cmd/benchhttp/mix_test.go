package main

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
)

func TestChooseMixProportions(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 100_000
	counts := map[MixKind]int{}
	for range n {
		counts[chooseMix(rng)]++
	}
	for kind, want := range map[MixKind]float64{MixRecord: 0.70, MixOther: 0.20, MixWrite: 0.10} {
		if got := float64(counts[kind]) / n; math.Abs(got-want) > 0.005 {
			t.Errorf("kind %d: share %.4f, want %.2f", kind, got, want)
		}
	}
}

// The mix scenario as the clients run it: what it asks for, in what
// shares, and that its writes carry the client's own CSRF token.
func TestMixScenarioRequests(t *testing.T) {
	home, plan := golden(t, "home.html"), golden(t, "care-plan.html")
	people, err := caseload(home)
	if err != nil {
		t.Fatal(err)
	}
	goal, err := findForm(plan, http.MethodPost, "/care-plan/goals")
	if err != nil {
		t.Fatal(err)
	}
	search, err := findForm(golden(t, "people.html"), http.MethodGet, "/people")
	if err != nil {
		t.Fatal(err)
	}
	site := &Site{People: people, Writable: people[:1], Goals: map[int64]Form{74: goal}, Search: search, SearchField: "q"}
	var mix Scenario
	for _, sc := range site.scenarios() {
		if sc.Name == "70/20/10 mix" {
			mix = sc
		}
	}
	if mix.Next == nil {
		t.Fatal("no mix scenario")
	}
	c := &Client{csrf: "client-token"}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 20_000
	var record, other, writes int
	for range n {
		req := mix.Next(c, rng)
		switch {
		case req.Method == http.MethodPost:
			writes++
			if got, want := req.Form.Get("csrf_token"), "client-token"; got != want {
				t.Fatalf("write csrf_token = %q, want the client's %q", got, want)
			}
			if req.Form.Get("episode") != "27" || req.Form.Get("goal_text") == "" || req.Want != http.StatusSeeOther {
				t.Fatalf("write = %+v", req)
			}
		case strings.HasPrefix(req.Path, "/people/"):
			record++
		default:
			other++
		}
		if req.Method == http.MethodGet && req.Want != http.StatusOK {
			t.Fatalf("read %s wants %d", req.Path, req.Want)
		}
	}
	for name, got := range map[string]int{"record": record, "other": other, "write": writes} {
		want := map[string]float64{"record": 0.7, "other": 0.2, "write": 0.1}[name]
		if share := float64(got) / n; math.Abs(share-want) > 0.01 {
			t.Errorf("%s share %.3f, want %.2f", name, share, want)
		}
	}
	if goal.Values.Get("csrf_token") != sessionToken {
		t.Error("a write changed the page's own form")
	}
}
