package directory

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func loadSmall(t testing.TB) *Engine {
	t.Helper()
	b, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return NewEngine(f.Services)
}

func mustProfile(t *testing.T, s string) Profile {
	t.Helper()
	p, err := ParseProfile(s, DefaultProfile())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEvaluate checks each dimension, age bounds, localities and
// locality=any against decisions worked out by hand from testdata/small.json.
func TestEvaluate(t *testing.T) {
	t.Parallel()
	e := loadSmall(t)
	base := "complexity=single,substance_use=none,housing=settled,"
	tests := []struct {
		name     string
		profile  string
		accepted []string
		declined map[string][]string
		inGap    bool
	}{
		{"low risk in the north", base + "risk=low,engagement=able,diagnosis=none,duration_needed=short,age=30,locality=N",
			[]string{"iapt-north"}, map[string][]string{"cmht-all": {"risk", "diagnosis"}, "youth-south": {"age", "locality"}, "crisis": {"risk"}}, false},
		{"long-term need fails talking therapies", base + "risk=low,engagement=able,diagnosis=none,age=30,locality=N,duration_needed=long",
			nil, map[string][]string{"iapt-north": {"duration_needed"}, "cmht-all": {"risk", "diagnosis"}, "youth-south": {"age", "locality"}, "crisis": {"risk"}}, true},
		{"young person in the south", base + "risk=low,engagement=chaotic,diagnosis=none,duration_needed=short,age=17,locality=S",
			[]string{"youth-south"}, map[string][]string{"iapt-north": {"engagement", "age", "locality"}, "cmht-all": {"risk", "engagement", "diagnosis", "age"}, "crisis": {"risk"}}, false},
		{"age upper bound inclusive", base + "risk=low,engagement=able,diagnosis=none,duration_needed=short,age=25,locality=S",
			[]string{"youth-south"}, map[string][]string{"iapt-north": {"locality"}, "cmht-all": {"risk", "diagnosis"}, "crisis": {"risk"}}, false},
		{"age above bound", base + "risk=low,engagement=able,diagnosis=none,duration_needed=short,age=26,locality=S",
			nil, map[string][]string{"iapt-north": {"locality"}, "cmht-all": {"risk", "diagnosis"}, "youth-south": {"age"}, "crisis": {"risk"}}, true},
		{"high risk chaotic: only crisis", base + "risk=high,engagement=chaotic,diagnosis=uncertain,duration_needed=short,age=30,locality=N",
			[]string{"crisis"}, map[string][]string{"iapt-north": {"risk", "engagement"}, "cmht-all": {"engagement"}, "youth-south": {"risk", "age", "locality"}}, true},
		{"locality any counts every service's area", base + "risk=low,engagement=able,diagnosis=none,duration_needed=short,age=20,locality=any",
			[]string{"iapt-north", "youth-south"}, map[string][]string{"cmht-all": {"risk", "diagnosis"}, "crisis": {"risk"}}, false},
		{"cmht upper age", base + "risk=high,engagement=able,diagnosis=cen,duration_needed=short,age=65,locality=S",
			[]string{"crisis"}, map[string][]string{"iapt-north": {"risk", "locality"}, "cmht-all": {"age"}, "youth-south": {"risk", "age"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Evaluate(mustProfile(t, tt.profile))
			if err != nil {
				t.Fatal(err)
			}
			want := tt.accepted
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got.Accepted, want) {
				t.Errorf("accepted = %v, want %v", got.Accepted, want)
			}
			gotDeclined := map[string][]string{}
			for _, d := range got.Declined {
				gotDeclined[d.ID] = d.Failed
			}
			if !reflect.DeepEqual(gotDeclined, tt.declined) {
				t.Errorf("declined = %v, want %v", gotDeclined, tt.declined)
			}
			if got.InGap != tt.inGap {
				t.Errorf("in_gap = %v, want %v", got.InGap, tt.inGap)
			}
		})
	}
}

func TestGrid(t *testing.T) {
	t.Parallel()
	e := loadSmall(t)
	base := DefaultProfile() // diagnosis=uncertain, complexity=multiple, age=30, locality=any, long
	g, err := e.Grid("risk", "engagement", base)
	if err != nil {
		t.Fatal(err)
	}
	// long duration rules out talking therapies; age 30 rules out youth;
	// cmht takes moderate+ risk with able/variable engagement; crisis is not counted.
	want := [][]int{
		{0, 0, 0}, // low
		{1, 1, 0}, // moderate
		{1, 1, 0}, // high
		{1, 1, 0}, // very-high
	}
	if !reflect.DeepEqual(g.Rows, []string{"low", "moderate", "high", "very-high"}) || !reflect.DeepEqual(g.Cols, []string{"able", "variable", "chaotic"}) {
		t.Errorf("axes = %v × %v", g.Rows, g.Cols)
	}
	if !reflect.DeepEqual(g.Cells, want) {
		t.Errorf("cells = %v, want %v", g.Cells, want)
	}
	short := base
	short.DurationNeeded = "short"
	g, _ = e.Grid("risk", "engagement", short)
	if got := g.Cells[0][0]; got != 1 {
		t.Errorf("low/able short-term = %d, want 1 (talking therapies)", got)
	}
	g, err = e.Grid("age", "locality", mustProfile(t, "risk=low,engagement=able,duration_needed=short"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.Cols, []string{"N", "S"}) {
		t.Errorf("locality axis = %v, want [N S]", g.Cols)
	}
	// age 16 in S: youth only; age 18 in N: talking therapies only.
	if g.Cells[0][1] != 1 || g.Cells[0][0] != 0 || g.Cells[2][0] != 1 {
		t.Errorf("age × locality cells = %v", g.Cells)
	}
	if _, err := e.Grid("risk", "risk", base); err == nil {
		t.Error("grid over the same dimension twice should fail")
	}
	if _, err := e.Grid("risk", "mood", base); err == nil {
		t.Error("grid over an unknown dimension should fail")
	}
	if _, err := e.Grid("diagnosis", "complexity", base); err == nil || !strings.Contains(err.Error(), "risk") {
		t.Errorf("grid without risk in the profile: %v, want an error naming risk", err)
	}
}

func TestOneChangeClosesGap(t *testing.T) {
	t.Parallel()
	e := loadSmall(t)
	p := mustProfile(t, "risk=high,engagement=chaotic,diagnosis=uncertain")
	got, err := e.OneChange(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Service.ID != "cmht-all" || got[0].Change != "also accept engagement = chaotic" {
		t.Fatalf("one change = %+v, want cmht-all accepting chaotic engagement", got)
	}
	// Applying the change really closes the cell.
	svcs := append([]Service(nil), e.Services()...)
	for i := range svcs {
		if svcs[i].ID == "cmht-all" {
			el := map[string][]string{}
			for k, v := range svcs[i].Eligibility {
				el[k] = v
			}
			el["engagement"] = append(append([]string{}, el["engagement"]...), "chaotic")
			svcs[i].Eligibility = el
		}
	}
	res, _ := NewEngine(svcs).Evaluate(p)
	if res.InGap {
		t.Error("cell still in the gap after the suggested change")
	}
	old := mustProfile(t, "risk=high,engagement=able,diagnosis=cen,age=70")
	got, _ = e.OneChange(old)
	if len(got) != 1 || got[0].Change != "raise the maximum age from 64 to 70" {
		t.Errorf("age change = %+v", got)
	}
	near, _ := e.NearMisses(p, 2)
	if len(near) != 2 || len(near[0].Failed) > len(near[1].Failed) {
		t.Errorf("near misses not sorted by fewest failures: %+v", near)
	}
}

func TestParseProfile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		wantErr string
	}{
		{"risk=high,engagement=chaotic,age=30,locality=N", ""},
		{"risk=extreme", "risk must be one of"},
		{"mood=low", "unknown dimension"},
		{"age=-1", "age must be"},
		{"risk", "not dimension=value"},
		{"risk=low,risk=high", "given twice"},
		{"risk=extreme,age=x", "risk must be one of low, moderate, high, very-high, not \"extreme\"; age must be"},
	}
	for _, tt := range tests {
		_, err := ParseProfile(tt.in, DefaultProfile())
		if tt.wantErr == "" && err != nil {
			t.Errorf("%q: %v", tt.in, err)
		}
		if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%q: err = %v, want %q", tt.in, err, tt.wantErr)
		}
	}
	p := mustProfile(t, "risk=high,engagement=variable")
	back, err := ParseProfile(p.String(), Profile{})
	if err != nil || back != p {
		t.Errorf("String round trip = %+v, %v; want %+v", back, err, p)
	}
}

// TestEveryDimensionCanFail: one service per dimension, each accepting only
// one value, so each failure is attributed to exactly that dimension.
func TestEveryDimensionCanFail(t *testing.T) {
	t.Parallel()
	ok := mustProfile(t, "risk=low,engagement=able,diagnosis=none,complexity=single,age=30,locality=N,substance_use=none,housing=settled,duration_needed=short")
	eighteen, forty := 18, 40
	var svcs []Service
	for _, d := range categorical {
		svcs = append(svcs, Service{ID: d, Name: d, Tier: "voluntary", Eligibility: map[string][]string{d: {ok.Get(d)}}})
	}
	svcs = append(svcs, Service{ID: "age", Name: "age", Tier: "voluntary", MinAge: &eighteen, MaxAge: &forty},
		Service{ID: "locality", Name: "locality", Tier: "voluntary", Localities: []string{"N"}})
	e := NewEngine(svcs)
	if res, _ := e.Evaluate(ok); len(res.Declined) != 0 {
		t.Fatalf("base profile declined by %v", res.Declined)
	}
	changed := map[string]string{"risk": "high", "engagement": "chaotic", "diagnosis": "cen", "complexity": "complex-trauma",
		"age": "41", "locality": "S", "substance_use": "primary", "housing": "homeless", "duration_needed": "long"}
	for _, d := range DimensionOrder {
		p := ok
		if err := p.Set(d, changed[d]); err != nil {
			t.Fatal(err)
		}
		res, err := e.Evaluate(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Declined) != 1 || res.Declined[0].ID != d || !reflect.DeepEqual(res.Declined[0].Failed, []string{d}) {
			t.Errorf("%s=%s: declined = %+v, want only service %s failing on %s", d, changed[d], res.Declined, d, d)
		}
	}
	young := ok
	young.Age = 17
	if res, _ := e.Evaluate(young); len(res.Declined) != 1 || res.Declined[0].ID != "age" {
		t.Errorf("age below minimum: %+v", res.Declined)
	}
	anywhere := ok
	anywhere.Locality = AnyLocality
	if res, _ := e.Evaluate(anywhere); len(res.Declined) != 0 {
		t.Errorf("locality=any declined by %+v", res.Declined)
	}
}

// TestAcceptingAgreesWithEvaluate: for every combination of risk,
// engagement and housing, at ages and localities on each side of the
// small directory's rules, Accepting accepts exactly the services
// Evaluate accepts and finds the same gap; a profile that cannot be
// compiled is accepted nowhere and is in the gap.
func TestAcceptingAgreesWithEvaluate(t *testing.T) {
	t.Parallel()
	e := loadSmall(t)
	checked, gaps := 0, 0
	for _, risk := range Dimensions["risk"] {
		for _, engagement := range Dimensions["engagement"] {
			for _, housing := range Dimensions["housing"] {
				for _, where := range []string{"age=16,locality=N", "age=30,locality=S", "age=70,locality=any"} {
					p := mustProfile(t, "risk="+risk+",engagement="+engagement+",housing="+housing+","+where)
					want, err := e.Evaluate(p)
					if err != nil {
						t.Fatal(err)
					}
					accepted, gap := e.Accepting(p)
					var got []string
					for i, ok := range accepted {
						if ok {
							got = append(got, e.Services()[i].ID)
						}
					}
					if !reflect.DeepEqual(got, want.Accepted) && len(got)+len(want.Accepted) > 0 || gap != want.InGap {
						t.Errorf("%s: Accepting %v (gap %v), Evaluate %v (gap %v)", p, got, gap, want.Accepted, want.InGap)
					}
					checked++
					if gap {
						gaps++
					}
				}
			}
		}
	}
	if gaps == 0 || gaps == checked {
		t.Errorf("%d of %d profiles in the gap: the directory tests too little", gaps, checked)
	}
	bad := mustProfile(t, "risk=high")
	bad.Locality = ""
	accepted, gap := e.Accepting(bad)
	if !gap || slices.Contains(accepted, true) {
		t.Errorf("a profile with no locality: accepted %v, gap %v; want none, in the gap", accepted, gap)
	}
}
