package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
)

func importSmall(t *testing.T, f *fixture) {
	t.Helper()
	b, err := os.ReadFile("../directory/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	file, err := directory.ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ImportDirectory(context.Background(), auth.System, file); err != nil {
		t.Fatal(err)
	}
}

func TestGapMapPages(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		tok, _ := f.session(t, f.users[auth.Commissioner])
		tests := []struct {
			name   string
			path   string
			status int
			want   []string
		}{
			// The fixture adds a specialist-cen service with no rules: it accepts everyone.
			{"default grid", "/gaps", 200, []string{"Risk by Engagement", "<strong>0</strong> of 12 profiles are in the gap", `data-chart=`}},
			{"age by locality", "/gaps?row=age&col=locality&risk=low&engagement=able&duration_needed=short", 200, []string{"Age by Locality", "<th scope=\"col\" class=\"tl-num\">S</th>"}},
			{"same axis twice", "/gaps?row=risk&col=risk", 422, []string{"two different dimensions", "Risk by Engagement"}},
			{"bad value", "/gaps?diagnosis=severe", 422, []string{"diagnosis must be one of"}},
			{"cell", "/gaps/cell?" + url.Values{"profile": {"risk=high,engagement=chaotic"}}.Encode(), 200, []string{"Who accepts this profile", "Accepted by 1 non-crisis service", "Crisis Team"}},
			{"cell missing dims", "/gaps/cell?profile=risk=high", 422, []string{"needs engagement"}},
			{"cell bad profile", "/gaps/cell?profile=mood=low", 422, []string{"unknown dimension"}},
		}
		for _, tt := range tests {
			res, body := f.do(t, "GET", tt.path, tok, nil)
			if res.StatusCode != tt.status {
				t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: page lacks %q", tt.name, w)
				}
			}
		}
	})
}

func TestGapMapShowsGapWithoutCatchAllService(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		importSmall(t, f)
		// Give the fixture's catch-all service real thresholds so the small
		// directory's gap shows: low risk and chaotic engagement are held by no one.
		s, _ := f.db.Service(context.Background(), "cen")
		s.Eligibility = map[string][]string{"diagnosis": {"cen"}}
		if err := f.db.SaveService(context.Background(), auth.System, &s); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Commissioner])
		res, body := f.do(t, "GET", "/gaps", tok, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "<strong>6</strong> of 12 profiles are in the gap") || strings.Count(body, `class="tl-gap"`) != 6 {
			t.Errorf("gap count wrong: %d", res.StatusCode)
		}
		res, body = f.do(t, "GET", "/gaps/grid.csv", tok, nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		want := "risk \\ engagement,able,variable,chaotic\nlow,0,0,0\nmoderate,1,1,0\nhigh,1,1,0\nvery-high,1,1,0\n"
		if !strings.HasSuffix(body, want) {
			t.Errorf("csv body:\n%s\nwant suffix:\n%s", body, want)
		}
		res, body = f.do(t, "GET", "/gaps/cell?"+url.Values{"profile": {"risk=high,engagement=chaotic"}}.Encode(), tok, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "In the gap") || !strings.Contains(body, "also accept engagement = chaotic") {
			t.Errorf("gap cell: %d", res.StatusCode)
		}
	})
}
