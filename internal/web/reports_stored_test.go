package web

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/measures"
)

// TestStoredOverviewAndOutcomesMatchDirectComputation: the overview's and
// the outcomes' stored figures are the grouped counts and the outcome
// summaries computed directly, for a commissioner and a team manager.
func TestStoredOverviewAndOutcomesMatchDirectComputation(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		principlesPeople(t, f)
		su, csrf := f.session(t, f.users[auth.ServiceUser])
		for _, a := range []string{"[3,3,3,3,3,3,3,3,3]", "[1,1,1,1,1,1,1,1,1]"} {
			if res, out := apiRequest(t, f, "POST", fmt.Sprintf("/api/people/%d/measures/PHQ-9", f.person.ID), su, csrf, `{"answers":`+a+`}`); res.StatusCode != 201 {
				t.Fatalf("record: %d %v", res.StatusCode, out)
			}
		}
		freezeClock(f)
		var got overviewFigures
		if st, err := f.srv.storedFigures(ctx, reportOverview, overviewParams, &got); err != nil || !st.Ready {
			t.Fatalf("overview: %v %v", st.Ready, err)
		}
		want, _, err := f.srv.computeOverview(ctx, overviewParams)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || len(got.Referrals) == 0 {
			t.Errorf("overview: stored %+v, direct %+v", got, want)
		}
		for _, teams := range [][]int64{nil, f.users[auth.TeamManager].TeamIDs} {
			var stored []measures.Outcome
			if st, err := f.srv.storedFigures(ctx, reportOutcomes, teamsParams(teams), &stored); err != nil || !st.Ready {
				t.Fatalf("outcomes %v: %v %v", teams, st.Ready, err)
			}
			pairs, err := f.db.MeasurePairs(ctx, teams)
			if err != nil {
				t.Fatal(err)
			}
			if direct := measures.Summarise(pairs); !reflect.DeepEqual(stored, direct) || len(direct) == 0 {
				t.Errorf("outcomes %v: stored %+v, direct %+v", teams, stored, direct)
			}
		}
	})
}

func TestAsOfText(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 7, 3, 9, 30, 0, 0, time.UTC) // 10:30 in the UK (BST)
	tests := []struct {
		at   time.Time
		want string
	}{
		{now.Add(-75 * time.Minute), "09:15 today"},
		{time.Date(2026, 7, 2, 22, 50, 0, 0, time.UTC), "23:50 yesterday"},
		{time.Date(2026, 7, 2, 23, 5, 0, 0, time.UTC), "00:05 today"}, // UK midnight, not UTC
		{time.Date(2026, 3, 3, 2, 15, 0, 0, time.UTC), "02:15 on 3 March 2026"},
	}
	for _, tt := range tests {
		if got := asOfText(tt.at, now); got != tt.want {
			t.Errorf("asOfText(%v) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

// TestStaleFiguresSayNewerAreComing: figures nobody has read for a while
// are shown with their time and the page says newer ones are being
// prepared, and the read wakes the worker, which computes them.
func TestStaleFiguresSayNewerAreComing(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		now := freezeClock(f)
		token, _ := f.session(t, f.users[auth.Commissioner])
		if _, body := f.do(t, "GET", "/reports/overview", token, nil); !asOfLine.MatchString(body) || strings.Contains(body, "Newer figures") {
			t.Fatal("fresh overview not shown as fresh")
		}
		later := now.Add(2 * time.Hour)
		f.db.Now = func() time.Time { return later }
		f.srv.agg.running.Store(true)                       // as under serve: the request leaves the work to the worker
		token, _ = f.session(t, f.users[auth.Commissioner]) // the first has timed out
		_, body := f.do(t, "GET", "/reports/overview", token, nil)
		if !strings.Contains(body, "Newer figures are being prepared now.") || !strings.Contains(body, "Figures as of "+asOfText(now, later)) {
			t.Errorf("stale overview: %s", body)
		}
		select {
		case <-f.srv.agg.wake:
		default:
			t.Error("reading stale figures did not wake the worker")
		}
	})
}
