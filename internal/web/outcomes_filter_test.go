package web

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/web/form"
)

// TestFilterOutcomes: the outcomes page's filter keeps the rows of the
// team, modality and measure asked for (all when none is), offers the
// values the rows have, and refuses a value they do not have.
func TestFilterOutcomes(t *testing.T) {
	rows := []outcomeRow{
		{Team: "North", Modality: "SCM", Measure: "PHQ-9"},
		{Team: "North", Modality: "SCM", Measure: "CORE-10"},
		{Team: "East", Modality: "MBT", Measure: "PHQ-9"},
		{Team: "East", Modality: "SCM", Measure: "PHQ-9"},
	}
	tests := []struct {
		name  string
		query url.Values
		want  []int // indexes into rows
		field string
	}{
		{"no filter", url.Values{}, []int{0, 1, 2, 3}, ""},
		{"a measure", url.Values{"measure": {"PHQ-9"}}, []int{0, 2, 3}, ""},
		{"a team and a modality", url.Values{"team": {"East"}, "modality": {"SCM"}}, []int{3}, ""},
		{"nothing matches", url.Values{"team": {"North"}, "modality": {"MBT"}}, nil, ""},
		{"a team no row has", url.Values{"team": {"West"}}, nil, "team"},
		{"a measure no row has", url.Values{"measure": {"GAD-7"}}, nil, "measure"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := outcomesData{Rows: append([]outcomeRow(nil), rows...)}
			err := filterOutcomes(&d, tc.query)
			if tc.field != "" {
				if _, ok := problem.Fields(err)[tc.field]; !ok {
					t.Fatalf("err = %v, want a problem with %s", err, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []outcomeRow
			for _, i := range tc.want {
				want = append(want, rows[i])
			}
			if got := d.Rows; !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("rows = %v, want %v", got, want)
			}
			if got, want := d.Total, len(rows); got != want {
				t.Errorf("total = %d, want %d", got, want)
			}
			if got, want := optionValues(d.Teams), []string{"East", "North"}; !reflect.DeepEqual(got, want) {
				t.Errorf("teams offered %v, want %v", got, want)
			}
			if got, want := optionValues(d.Measures), []string{"PHQ-9", "CORE-10"}; !reflect.DeepEqual(got, want) {
				t.Errorf("measures offered %v, want %v (in the rows' order, the catalogue's)", got, want)
			}
		})
	}
}

// TestOutcomesFilterOnThePage: the page draws the filter and refuses a
// measure it does not offer with the field's message.
func TestOutcomesFilterOnThePage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		comm, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/measures/outcomes", comm, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="outcomes-filter"`) {
			t.Errorf("outcomes: %d, want the filter", res.StatusCode)
		}
		res, body = f.do(t, "GET", "/measures/outcomes?measure=Nonsense", comm, nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose from the list, or all") {
			t.Errorf("an unknown measure: %d, want 422 with the problem", res.StatusCode)
		}
	})
}

func optionValues(opts []form.Option) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Value)
	}
	return out
}

// TestOutcomesFilterWaitsForTheFigures: while the figures are being
// prepared (serve's worker busy, another process holding the set), a
// filter asked for is not refused for want of rows: the page says the
// figures are coming, and keeps the filter for when they are.
func TestOutcomesFilterWaitsForTheFigures(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.srv.agg.running.Store(true)
		params := teamsParams(nil)
		if err := f.db.WantAggregate(ctx, reportOutcomes, params, f.db.Now()); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := f.db.ClaimAggregate(ctx, reportOutcomes, params, "another process", f.db.Now(), aggregatePolicy.Lease); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		comm, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/measures/outcomes?measure=PHQ-9", comm, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "These figures are being prepared") || strings.Contains(body, "Choose from the list") {
			t.Errorf("a filter while preparing: %d, want 200 saying the figures are being prepared", res.StatusCode)
		}
		if !strings.Contains(body, `href="/measures/outcomes?measure=PHQ-9"`) {
			t.Error("the page's Check again link does not keep the filter")
		}
	})
}
