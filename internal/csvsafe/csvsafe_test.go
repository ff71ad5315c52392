package csvsafe

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestEncode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cell Cell
		want string
	}{
		{Text(`=HYPERLINK("http://evil.example","x")`), `'=HYPERLINK(""http://evil.example"",""x"")`},
		{Text("+1+1"), "'+1+1"},
		{Text("-2+3"), "'-2+3"},
		{Text("@SUM(A1)"), "'@SUM(A1)"},
		{Text("\tTab"), "'\tTab"},
		{Text("\rCR"), "'\rCR"},
		{Text("Women's Centre"), "Women's Centre"},
		{Text(""), ""},
		{Text("a=b"), "a=b"},
		{Int(-3), "-3"},
		{Float(-2.5), "-2.5"},
		{Int(40), "40"},
	}
	for _, tt := range tests {
		b, err := Encode([][]Cell{{tt.cell}})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSuffix(string(b), "\n")
		got = strings.TrimSuffix(strings.TrimPrefix(got, `"`), `"`)
		if got != tt.want {
			t.Errorf("%q written as %q, want %q", tt.cell.text, got, tt.want)
		}
	}
}

// FuzzText: no text cell read back from the CSV begins a formula, and
// nothing but the prefix is added.
func FuzzText(f *testing.F) {
	for _, s := range []string{"=1+1", "-", "@", "\t=x", "plain", "", "\"quoted\"\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := Encode([][]Cell{Texts(s, "after")})
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(recs) != 1 || len(recs[0]) != 2 {
			t.Fatalf("%q: read back %q, %v", s, recs, err)
		}
		got := recs[0][0]
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Errorf("%q read back as %q: a formula", s, got)
		}
		// encoding/csv's reader drops or rewrites carriage returns inside
		// a field; apart from those, only the quote may be added.
		norm := func(x string) string { return strings.ReplaceAll(x, "\r", "") }
		if g := norm(got); g != norm(s) && g != "'"+norm(s) {
			t.Errorf("%q read back as %q", s, got)
		}
	})
}
