package measures

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"throughline/internal/disclosure"
	"throughline/internal/problem"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCORE10WordingGolden pins the CORE-10 form: its licence allows use only
// with the wording unchanged and the copyright line shown.
func TestCORE10WordingGolden(t *testing.T) {
	m := Catalogue()["CORE-10"]
	var b strings.Builder
	fmt.Fprintln(&b, m.Stem)
	for i, it := range m.ItemText {
		fmt.Fprintf(&b, "%d. %s\n", i+1, it)
	}
	for _, o := range m.Options {
		fmt.Fprintf(&b, "%d %s\n", o.Value, o.Label)
	}
	fmt.Fprintln(&b, m.Copyright)
	got := b.String()
	const path = "testdata/core10.golden"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("CORE-10 wording changed; the licence requires it unchanged\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestEveryFormHasItsWording(t *testing.T) {
	t.Parallel()
	for id, m := range Catalogue() {
		if m.Stem == "" || len(m.Options) != m.MaxItem-m.MinItem+1 {
			t.Errorf("%s: stem %q, %d options for %d..%d", id, m.Stem, len(m.Options), m.MinItem, m.MaxItem)
		}
		if id != "GBO" && len(m.ItemText) != m.Items {
			t.Errorf("%s: %d item texts for %d items", id, len(m.ItemText), m.Items)
		}
		for i, o := range m.Options {
			if o.Value != m.MinItem+i || o.Label == "" {
				t.Errorf("%s option %d = %+v", id, i, o)
			}
		}
	}
	if got := Catalogue()["DIALOG"].OptionLabel(7); got != "Totally satisfied" {
		t.Errorf("DIALOG 7 = %q", got)
	}
}

func TestCheckNamesTheQuestion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		measure, answers string
		fields           []string
	}{
		{"PHQ-9", "1,1,1,1,1,1,1,,", []string{"item-8", "item-9"}},
		{"PHQ-9", "1,1,1,1,1,1,1,1,", nil}, // one missing is prorated
		{"PHQ-9", "1,1,9,1,1,1,1,1,1", []string{"item-3"}},
		{"PHQ-9", "1,1", []string{"answers"}},
		{"CORE-10", "1,1,1,1,1,,1,1,1,", []string{"item-6", "item-10"}},
		// "does not apply" items (3, 6, 9, 10) are never marked as unanswered
		{"DIALOG", "4,4,,4,4,,4,4,,5,5", nil},
		{"DIALOG", "4,4,,4,,,,,,5,5", []string{"item-5", "item-7", "item-8"}},
		// treatment satisfaction needs two of its three items
		{"DIALOG", "4,4,4,4,4,4,4,4,,,5", []string{"answers"}},
		{"GBO", ",,", []string{"item-1"}},
	}
	cat := Catalogue()
	for _, tt := range tests {
		a, err := ParseAnswers(tt.answers)
		if err != nil {
			t.Fatal(err)
		}
		_, err = cat[tt.measure].Check(a)
		fields := problem.Fields(err)
		if len(fields) != len(tt.fields) {
			t.Errorf("%s %q: fields %v, want %v (%v)", tt.measure, tt.answers, fields, tt.fields, err)
			continue
		}
		for _, f := range tt.fields {
			if fields[f] == "" {
				t.Errorf("%s %q: no message for %s in %v", tt.measure, tt.answers, f, fields)
			}
		}
	}
}

func TestResponseValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	one := 5
	tests := []struct {
		name  string
		r     Response
		field string
	}{
		{"fine", Response{PersonID: 1, MeasureID: "PHQ-9", TakenAt: now, Source: SourceStaff}, ""},
		{"no date", Response{PersonID: 1, MeasureID: "PHQ-9", Source: SourceStaff}, "taken_on"},
		{"future", Response{PersonID: 1, MeasureID: "PHQ-9", TakenAt: now.AddDate(0, 0, 3), Source: SourceStaff}, "taken_on"},
		{"ancient", Response{PersonID: 1, MeasureID: "PHQ-9", TakenAt: now.AddDate(-3, 0, 0), Source: SourceStaff}, "taken_on"},
		{"bad source", Response{PersonID: 1, MeasureID: "PHQ-9", TakenAt: now, Source: "fax"}, "source"},
		{"gbo without goal", Response{PersonID: 1, MeasureID: "GBO", TakenAt: now, Source: SourceStaff, Answers: []*int{&one, nil, nil}, GoalIDs: []int64{0, 0, 0}}, "item-1"},
		{"gbo same goal twice", Response{PersonID: 1, MeasureID: "GBO", TakenAt: now, Source: SourceStaff, Answers: []*int{&one, &one, nil}, GoalIDs: []int64{7, 7, 0}}, "item-2"},
	}
	for _, tt := range tests {
		err := tt.r.Validate(now)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if problem.Fields(err)[tt.field] == "" {
			t.Errorf("%s: fields %v, want %s", tt.name, problem.Fields(err), tt.field)
		}
	}
}

func TestDueNow(t *testing.T) {
	t.Parallel()
	day := func(d int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	rules := []ScheduleRule{
		{MeasureID: "PHQ-9", AtAssessment: true, AtEnding: true},
		{MeasureID: "CORE-10", AtAssessment: true, EverySessions: 6, AtEnding: true},
		{MeasureID: "GBO", EverySessions: 3},
	}
	tests := []struct {
		name string
		f    Facts
		want string // measure:reason-start, comma-separated
	}{
		{"nothing known", Facts{}, ""},
		{"assessed, nothing recorded", Facts{AssessedAt: day(10)}, "PHQ-9:at assessment,CORE-10:at assessment"},
		{"assessed, recorded a week before", Facts{AssessedAt: day(10), Last: map[string]time.Time{"PHQ-9": day(3), "CORE-10": day(3)}}, ""},
		{"assessed, recorded long before", Facts{AssessedAt: day(60), Last: map[string]time.Time{"PHQ-9": day(3), "CORE-10": day(50)}}, "PHQ-9:at assessment"},
		{"five sessions", Facts{EpisodeStart: day(0), Last: map[string]time.Time{"CORE-10": day(1), "GBO": day(1)}, SessionsSince: map[string]int{"CORE-10": 5, "GBO": 2}}, ""},
		{"six sessions", Facts{EpisodeStart: day(0), Last: map[string]time.Time{"CORE-10": day(1), "GBO": day(1)}, SessionsSince: map[string]int{"CORE-10": 6, "GBO": 3}}, "CORE-10:every 6,GBO:every 3"},
		{"ended, last long before", Facts{EpisodeStart: day(0), EndingAt: day(200), Last: map[string]time.Time{"PHQ-9": day(5), "CORE-10": day(190)}}, "PHQ-9:at the ending"},
		{"ended, recorded near the end", Facts{EpisodeStart: day(0), EndingAt: day(200), Last: map[string]time.Time{"PHQ-9": day(180), "CORE-10": day(190)}}, ""},
		{"sessions without an episode do not count", Facts{SessionsSince: map[string]int{"GBO": 9}}, ""},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range DueNow(rules, tt.f) {
			got = append(got, d.MeasureID+":"+d.Reason)
		}
		want := []string{}
		if tt.want != "" {
			want = strings.Split(tt.want, ",")
		}
		if len(got) != len(want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, want)
			continue
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("%s: got %v, want %v", tt.name, got, want)
			}
		}
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	configured := []ScheduleRule{
		{MeasureID: "CORE-10", EverySessions: 4},                  // global
		{MeasureID: "CORE-10", Modality: "DBT", EverySessions: 8}, // modality
		{MeasureID: "CORE-10", TeamID: 2, EverySessions: 10},      // team
		{MeasureID: "CORE-10", TeamID: 2, Modality: "MBT", EverySessions: 12},
		{MeasureID: "GBO", TeamID: 3}, // switched off for team 3
	}
	tests := []struct {
		team     int64
		modality string
		core10   int
		gbo      bool
	}{
		{1, "SCM", 4, true},
		{1, "DBT", 8, true},
		{2, "DBT", 10, true},
		{2, "MBT", 12, true},
		{3, "SCM", 4, false},
	}
	for _, tt := range tests {
		got := Resolve(configured, tt.team, tt.modality)
		core, gbo := 0, false
		for _, r := range got {
			switch r.MeasureID {
			case "CORE-10":
				core = r.EverySessions
			case "GBO":
				gbo = true
			}
		}
		if core != tt.core10 || gbo != tt.gbo {
			t.Errorf("team %d %s: CORE-10 every %d, GBO %v; want %d, %v", tt.team, tt.modality, core, gbo, tt.core10, tt.gbo)
		}
	}
	if n := len(Resolve(nil, 0, "")); n != len(DefaultSchedule) {
		t.Errorf("defaults: %d rules, want %d", n, len(DefaultSchedule))
	}
}

func TestTrajectoriesAndSummary(t *testing.T) {
	t.Parallel()
	cat := Catalogue()
	resp := func(m, a string, d int) Response {
		s, err := cat[m].Score(ans(t, a))
		if err != nil {
			t.Fatal(err)
		}
		return Response{MeasureID: m, TakenAt: time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC), Score: s}
	}
	// Given out of order: the trajectory sorts by date.
	tr := Trajectories([]Response{resp("PHQ-9", "1,1,1,1,1,1,1,1,1", 20), resp("PHQ-9", "2,2,2,2,2,2,2,2,2", 1), resp("GAD-7", "1,1,1,1,1,1,1", 3)})
	if len(tr) != 2 || tr[0].Measure.ID != "PHQ-9" || tr[0].Change == nil || tr[0].Change.First != 18 || tr[0].Change.Latest != 9 ||
		tr[0].Change.Direction != "reliable improvement" || !tr[0].Change.Recovered || tr[1].Change != nil {
		t.Fatalf("trajectories = %+v", tr)
	}
	if got := cat["PHQ-9"].RuleInWords(); !strings.Contains(got, "PHQ-9 reliable change is a drop of 6 or more (Kroenke") {
		t.Errorf("rule = %q", got)
	}
	if got := cat["DIALOG"].RuleInWords(); !strings.Contains(got, "no published reliable-change") {
		t.Errorf("DIALOG rule = %q", got)
	}
	var pairs []Pair
	for i := range 10 {
		c := Change{Measure: "PHQ-9", Direction: "no reliable change"}
		switch {
		case i < 6:
			c.Direction, c.Recovered = "reliable improvement", i < 5
		case i == 9:
			c.Direction = "reliable deterioration"
		}
		pairs = append(pairs, Pair{Team: "A", Modality: "MBT", Change: c, CaseAtFirst: i < 8})
	}
	pairs = append(pairs, Pair{Team: "A", Modality: "DBT", Change: Change{Measure: "PHQ-9", Direction: "reliable improvement"}})
	got := Summarise(pairs)
	want := []Outcome{
		{Team: "A", Modality: "DBT", MeasureID: "PHQ-9", Pairs: 1, Improved: 1},
		{Team: "A", Modality: "MBT", MeasureID: "PHQ-9", Pairs: 10, Improved: 6, Deteriorated: 1, CasesAtFirst: 8, Recovered: 5},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Summarise = %+v\nwant %+v", got, want)
	}
	// Of the ten MBT pairs, 6 improved, 1 deteriorated and 3 did not
	// change: all small, so only the 10 shows.
	shares := []struct {
		o                                 Outcome
		pairs, improved, worse, recovered string
	}{
		{got[1], "10", disclosure.Hidden, disclosure.Hidden, disclosure.Hidden},
		{got[0], disclosure.Hidden, disclosure.Hidden, disclosure.Hidden, "no pairs"}, // nobody in the clinical range at first
		{Outcome{Pairs: 40, Improved: 20, Deteriorated: 10, CasesAtFirst: 30, Recovered: 20}, "40", "50%", "25%", "67%"},
		// 4 unchanged hides the 36 improved; none deteriorated still shows.
		{Outcome{Pairs: 40, Improved: 36, CasesAtFirst: 20, Recovered: 0}, "40", disclosure.Hidden, "0%", "0%"},
		{Outcome{}, "0", "no pairs", "no pairs", "no pairs"},
	}
	for _, s := range shares {
		d := s.o.Disclose()
		if got := []string{d.Pairs.String(), d.Improved.Format("no pairs"), d.Deteriorated.Format("no pairs"), d.Recovered.Format("no pairs")}; !slices.Equal(got, []string{s.pairs, s.improved, s.worse, s.recovered}) {
			t.Errorf("%+v disclosed as %q, want %q", s.o, got, []string{s.pairs, s.improved, s.worse, s.recovered})
		}
		if f := disclosure.Recoverable(d.Table); len(f) > 0 {
			t.Errorf("%+v gives away %v", s.o, f)
		}
	}
}
