package measures

import (
	"reflect"
	"strings"
	"testing"
)

func ans(t *testing.T, s string) []*int {
	t.Helper()
	a, err := ParseAnswers(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestScores uses totals worked out by hand from each measure's published rule.
func TestScores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		measure, answers string
		total            float64
		severity         string
		isCase           bool
		subscales        map[string]float64
		prorated         bool
		flags            int
	}{
		{"PHQ-9", "0,0,0,0,0,0,0,0,0", 0, "minimal", false, map[string]float64{}, false, 0},
		{"PHQ-9", "1,1,1,1,1,1,1,1,1", 9, "mild", false, map[string]float64{}, false, 1},
		{"PHQ-9", "2,2,2,1,1,1,1,0,0", 10, "moderate", true, map[string]float64{}, false, 0},
		{"PHQ-9", "3,3,3,3,3,3,3,3,3", 27, "severe", true, map[string]float64{}, false, 1},
		// one missing: 16 over 8 items → 16×9/8 = 18
		{"PHQ-9", "2,2,2,2,2,2,2,2,", 18, "moderately severe", true, map[string]float64{}, true, 0},
		{"GAD-7", "1,1,1,1,1,1,1", 7, "mild", false, map[string]float64{}, false, 0},
		{"GAD-7", "2,1,1,1,1,1,1", 8, "mild", true, map[string]float64{}, false, 0},
		{"GAD-7", "3,3,3,3,3,3,3", 21, "severe", true, map[string]float64{}, false, 0},
		// CORE-10: items 2 and 3 reversed (4-x). 0,4,4,0,... → all zero.
		{"CORE-10", "0,4,4,0,0,0,0,0,0,0", 0, "healthy", false, map[string]float64{}, false, 0},
		// 1,2,2,1,1,0,1,1,1,1 → 1+2+2+1+1+0+1+1+1+1 = 11 (reversed 2→2)
		{"CORE-10", "1,2,2,1,1,0,1,1,1,1", 11, "mild", true, map[string]float64{}, false, 0},
		// risk item 6 above 0 is flagged whatever the total: 0,4,4,0,0,1,0,0,0,0 → 1
		{"CORE-10", "0,4,4,0,0,1,0,0,0,0", 1, "healthy", false, map[string]float64{}, false, 1},
		// all 4s: 4×8 + 0 + 0 = 32; one missing (item 10): 28 over 9 → 28×10/9 = 31.11
		{"CORE-10", "4,4,4,4,4,4,4,4,4,", 31.11, "severe", true, map[string]float64{}, true, 1},
		// DIALOG: QoL mean of 1–8 = (4×8)/8 = 4; treatment mean of 9–11 = (7+6+5)/3 = 6
		{"DIALOG", "4,4,4,4,4,4,4,4,7,6,5", 4, "", false, map[string]float64{"quality_of_life": 4, "treatment_satisfaction": 6}, false, 0},
		// missing items use the mean of those answered: (1+2+3+4)/4 = 2.5; (7+7)/2 = 7
		{"DIALOG", "1,2,3,4,,,,,7,7,", 2.5, "", false, map[string]float64{"quality_of_life": 2.5, "treatment_satisfaction": 7}, false, 0},
		{"GBO", "3,5,", 4, "", false, map[string]float64{}, false, 0},
		{"GBO", "10,,", 10, "", false, map[string]float64{}, false, 0},
	}
	cat := Catalogue()
	for _, tt := range tests {
		got, err := cat[tt.measure].Score(ans(t, tt.answers))
		if err != nil {
			t.Errorf("%s %s: %v", tt.measure, tt.answers, err)
			continue
		}
		if got.Total != tt.total || got.Severity != tt.severity || got.Case != tt.isCase || got.Prorated != tt.prorated || len(got.Flags) != tt.flags {
			t.Errorf("%s %s = total %v %q case %v prorated %v flags %d; want %v %q %v %v %d", tt.measure, tt.answers,
				got.Total, got.Severity, got.Case, got.Prorated, len(got.Flags), tt.total, tt.severity, tt.isCase, tt.prorated, tt.flags)
		}
		if !reflect.DeepEqual(got.Subscales, tt.subscales) {
			t.Errorf("%s %s subscales = %v, want %v", tt.measure, tt.answers, got.Subscales, tt.subscales)
		}
	}
}

func TestScoreRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		measure, answers, want string
	}{
		{"PHQ-9", "1,1,1", "has 9 items; 3 answers"},
		{"PHQ-9", "4,0,0,0,0,0,0,0,0", "item 1 must be from 0 to 3, not 4"},
		{"PHQ-9", "-1,0,0,0,0,0,0,0,0", "not -1"},
		{"PHQ-9", "1,1,1,1,1,1,1,,", "at least 8 of 9"},
		{"CORE-10", "1,1,1,1,1,1,1,1,,", "at least 9 of 10"},
		{"DIALOG", "1,2,3,,,,,,7,7,7", "quality_of_life needs at least 4"},
		{"DIALOG", "0,4,4,4,4,4,4,4,4,4,4", "item 1 must be from 1 to 7"},
		{"GBO", ",,", "at least 1 of 3"},
		{"GBO", "11,,", "from 0 to 10"},
	}
	cat := Catalogue()
	for _, tt := range tests {
		_, err := cat[tt.measure].Score(ans(t, tt.answers))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: err = %v, want %q", tt.measure, tt.answers, err, tt.want)
		}
	}
	if _, err := ParseAnswers("1,x,2"); err == nil || !strings.Contains(err.Error(), `answer 2 ("x")`) {
		t.Errorf("ParseAnswers bad = %v", err)
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	cat := Catalogue()
	score := func(m, a string) Score {
		s, err := cat[m].Score(ans(t, a))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		measure, first, latest, direction string
		recovered                         bool
	}{
		{"PHQ-9", "2,2,2,2,2,2,2,2,2", "1,1,1,1,1,1,1,1,0", "reliable improvement", true},       // 18 → 8
		{"PHQ-9", "2,2,2,2,2,2,2,2,2", "2,2,2,2,2,2,1,1,0", "no reliable change", false},        // 18 → 14
		{"PHQ-9", "1,1,1,1,1,1,0,0,0", "2,2,2,2,2,2,1,1,1", "reliable deterioration", false},    // 6 → 15
		{"GAD-7", "2,2,2,2,1,1,1", "1,1,1,0,0,0,0", "reliable improvement", true},               // 11 → 3
		{"CORE-10", "3,1,1,3,3,0,3,3,3,3", "1,3,3,1,1,0,1,1,1,1", "reliable improvement", true}, // 27 → 9
		{"GBO", "2,3,", "6,7,", "reliable improvement", false},                                  // 2.5 → 6.5
		{"DIALOG", "3,3,3,3,3,3,3,3,3,3,3", "6,6,6,6,6,6,6,6,6,6,6", "not defined", false},
	}
	for _, tt := range tests {
		c := cat[tt.measure].Compare(score(tt.measure, tt.first), score(tt.measure, tt.latest))
		if c.Direction != tt.direction || c.Recovered != tt.recovered || c.Rule == "" {
			t.Errorf("%s %s → %s = %+v, want %q recovered %v", tt.measure, tt.first, tt.latest, c, tt.direction, tt.recovered)
		}
	}
}

func FuzzParseAnswers(f *testing.F) {
	for _, s := range []string{"1,2,3", ",,", "", "x", "1,,3,", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAnswers(s)
		if err != nil {
			return
		}
		for _, m := range Catalogue() {
			m.Score(a) // must never panic, whatever the count or values
		}
	})
}
