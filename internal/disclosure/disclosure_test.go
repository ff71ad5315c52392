package disclosure

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestNewCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {1, Hidden}, {4, Hidden}, {7, Hidden}, {8, "10"}, {12, "10"}, {13, "15"}, {20, "20"}, {22, "20"}, {23, "25"}, {1234, "1235"}}
	for _, tt := range tests {
		c := NewCount(tt.n)
		if got := c.String(); got != tt.want {
			t.Errorf("NewCount(%d) = %q, want %q", tt.n, got, tt.want)
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		wantJSON := tt.want
		if tt.want == Hidden {
			wantJSON = "null"
		}
		if string(b) != wantJSON {
			t.Errorf("json of %d = %s, want %s", tt.n, b, wantJSON)
		}
	}
}

func TestShare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		part, whole int
		want        string
	}{
		{0, 0, "none"},
		{0, 20, "0% (0 of 20)"},
		{4, 20, Hidden},  // the part is small
		{20, 24, Hidden}, // the rest is small
		{10, 4, Hidden},  // the whole is hidden
		{10, 40, "25% (10 of 40)"},
		{12, 22, "50% (10 of 20)"}, // worked out from the rounded counts
		{14, 22, Hidden},           // rounded 15 of 20 leaves 5 to work out
		{20, 20, "100% (20 of 20)"},
	}
	for _, tt := range tests {
		if got := NewShare(tt.part, tt.whole).WithCounts("none"); got != tt.want {
			t.Errorf("NewShare(%d, %d) = %q, want %q", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestEnough(t *testing.T) {
	t.Parallel()
	if Enough(7) || !Enough(8) {
		t.Error("a median is shown over 8 or more people only")
	}
}

// decisions is referrals = accepted + declined + pending for services.
func decisions(rows [][]int) *Table {
	names := make([]string, len(rows))
	for i := range rows {
		names[i] = string(rune('A' + i))
	}
	t := NewTable("decisions", names, []string{"referrals", "accepted", "declined", "pending"}, rows)
	t.RowSums(0, 1, 2, 3)
	return t
}

func TestProtect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		row  []int
		want []string
	}{
		{"nothing small", []int{40, 20, 20, 0}, []string{"40", "20", "20", "0"}},
		{"declined small: the smallest other part goes too", []int{20, 16, 4, 0}, []string{"20", Hidden, Hidden, "0"}},
		{"two small parts protect each other", []int{30, 24, 3, 3}, []string{"30", "25", Hidden, Hidden}},
		{"small total", []int{5, 0, 5, 0}, []string{Hidden, "0", Hidden, "0"}},
		{"the smaller of two parts goes", []int{60, 40, 2, 18}, []string{"60", "40", Hidden, Hidden}},
	}
	for _, tt := range tests {
		tab := decisions([][]int{tt.row})
		tab.Protect()
		var got []string
		for _, c := range tab.Row(0) {
			got = append(got, c.String())
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		if f := Recoverable(tab); len(f) > 0 {
			t.Errorf("%s: protected table still gives away %v", tt.name, f)
		}
	}
}

// TestRecoverableWomensCentre is the example as main published it:
// "20 referrals, <5 declined, 20%" gives 4.
func TestRecoverableWomensCentre(t *testing.T) {
	t.Parallel()
	observed := func(s string) Count {
		c, err := Observed(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tab := &Table{Name: "decisions", Rows: []string{"Women's Centre"}, Cols: []string{"referrals", "accepted", "declined", "pending"},
		Cells: [][]Count{{observed("20"), observed("16"), observed(Hidden), observed("0")}}}
	tab.Sums = []Sum{{Total: Cell{0, 0}, Parts: []Cell{{0, 1}, {0, 2}, {0, 3}}}}
	rate, err := ObservedShare("20%", tab.Cells[0][2], tab.Cells[0][0])
	if err != nil {
		t.Fatal(err)
	}
	tab.Ratios = []Ratio{{Part: Cell{0, 2}, Whole: Cell{0, 0}, Share: rate}}
	got := Recoverable(tab)
	var text []string
	for _, f := range got {
		text = append(text, f.String())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"16 is shown unrounded", "only hidden cell of a total: it is about 4", "20% share of 20 is shown beside it: it is about 4"} {
		if !strings.Contains(all, want) {
			t.Errorf("findings lack %q:\n%s", want, all)
		}
	}

	// The same true counts disclosed here give nothing away.
	safe := decisions([][]int{{20, 16, 4, 0}})
	safe.Protect()
	safe.Share(Cell{0, 2}, Cell{0, 0}, Cell{0, 1}, Cell{0, 3})
	if f := Recoverable(safe); len(f) > 0 {
		t.Errorf("disclosed table gives away %v", f)
	}
}

func TestRecoverableRest(t *testing.T) {
	t.Parallel()
	// A share of a whole whose other part is hidden gives that part away.
	tab := &Table{Name: "t", Rows: []string{"r"}, Cols: []string{"whole", "part", "rest"},
		Cells: [][]Count{{NewCount(40), NewCount(35), NewCount(5)}}}
	tab.Ratios = []Ratio{{Part: Cell{0, 1}, Whole: Cell{0, 0}, Rest: []Cell{{0, 2}}, Share: Share{percent: 88, shown: true}}}
	if got := Recoverable(tab); len(got) != 1 || !strings.Contains(got[0].Problem, "the rest is about 5") {
		t.Errorf("findings %v, want the rest of about 5", got)
	}
}

func TestObserved(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "<5", "-5", "five"} {
		if _, err := Observed(bad); err == nil {
			t.Errorf("Observed(%q) accepted", bad)
		}
	}
	if _, err := ObservedShare("about half", Count{}, Count{}); err == nil {
		t.Error("ObservedShare accepted words")
	}
}

// FuzzProtect: whatever the counts, a protected table with its shares
// gives nothing away.
func FuzzProtect(f *testing.F) {
	f.Add([]byte{20, 16, 4, 0, 30, 24, 3, 3})
	f.Add([]byte{5, 0, 5, 0, 60, 40, 2, 18, 9, 1, 8, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var rows [][]int
		for i := 0; i+2 < len(b) && len(rows) < 8; i += 3 {
			a, d, p := int(b[i]%40), int(b[i+1]%40), int(b[i+2]%10)
			rows = append(rows, []int{a + d + p, a, d, p})
		}
		if len(rows) == 0 {
			return
		}
		tab := decisions(rows)
		// And a total row, so columns add up too.
		total := make([]int, 4)
		for _, r := range rows {
			for j, n := range r {
				total[j] += n
			}
		}
		tab.Rows = append(tab.Rows, "total")
		tab.Cells = append(tab.Cells, NewTable("", nil, nil, [][]int{total}).Cells[0])
		parts := make([]int, len(rows))
		for i := range parts {
			parts[i] = i
		}
		tab.ColumnSums(len(rows), parts...)
		tab.Protect()
		for i := range tab.Rows {
			tab.Share(Cell{i, 2}, Cell{i, 0}, Cell{i, 1}, Cell{i, 3})
		}
		if got := Recoverable(tab); len(got) > 0 {
			t.Errorf("rows %v: %v", rows, got)
		}
	})
}

// TestProtectEndsOnASumThatDoesNotAddUp: a small total over parts that are
// all zero (figures that disagree) leaves nothing to hide; Protect used to
// go round for ever hiding the hidden total again.
func TestProtectEndsOnASumThatDoesNotAddUp(t *testing.T) {
	t.Parallel()
	tab := decisions([][]int{{5, 0, 0, 0}})
	done := make(chan struct{})
	go func() {
		tab.Protect()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Protect did not return")
	}
	var got []string
	for _, c := range tab.Row(0) {
		got = append(got, c.String())
	}
	if want := []string{Hidden, "0", "0", "0"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %v, want %v", got, want)
	}
}
