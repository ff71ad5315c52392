package language

import (
	"slices"
	"testing"

	"throughline/internal/problem"
	"unicode/utf8"
)

func TestCheckFindsSeedPhrasesByWholeWords(t *testing.T) {
	m := NewMatcher(Seed())
	tests := []struct {
		name, text string
		want       []string // the flagged text, in order
	}{
		{"single word", "Reduce manipulative behaviour", []string{"manipulative"}},
		{"upper case", "MANIPULATIVE at times", []string{"MANIPULATIVE"}},
		{"hyphenated", "Reduce attention-seeking and manipulative behaviour; non-compliant with meds", []string{"attention-seeking", "manipulative", "non-compliant"}},
		{"hyphen as space", "attention seeking", []string{"attention seeking"}},
		{"phrase over a line break", "known as a frequent\nflyer at A&E", []string{"frequent\nflyer"}},
		{"longest form wins", "attention seeking behaviour again", []string{"attention seeking behaviour"}},
		{"variant", "a frequent attender", []string{"frequent attender"}},
		{"trailing punctuation", "She refused.", []string{"refused"}},
		{"diagnosis as a noun", "She is a borderline.", []string{"a borderline"}},
		{"PD patient", "Another PD patient on the list", []string{"PD patient"}},
		{"curly apostrophe", "I think it’s behavioural", []string{"it’s behavioural"}},
		{"several", "kicked off, time-waster, splitting the team", []string{"kicked off", "time-waster", "splitting the team"}},
		{"not in quotes after closing", `She said "I'm a time-waster" and then refused meds`, []string{"refused"}},

		{"attention to detail", "Good attention to detail in her diary", nil},
		{"felt manipulated", "She felt manipulated by her ex-partner", nil},
		{"manipulation of another", "He describes his ex-partner's manipulation", nil},
		{"word inside a word", "unmanipulative refusedness", nil},
		{"service refused", "She was refused a bed at the crisis house", nil},
		{"diagnosis named", "She has a borderline personality disorder diagnosis", nil},
		{"sentence break", "Flights: frequent. Flyer miles", nil},
		{"straight quotes", `She said "staff think I'm manipulative"`, nil},
		{"curly quotes", "She said “I’m just attention-seeking” again", nil},
		{"unclosed quote ends at paragraph", "She said \"I'm manipulative\n\nmanipulative", []string{"manipulative"}},
		{"empty", "", nil},
		{"splitting her time", "She is splitting her time between two homes", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range m.Check(tt.text) {
				got = append(got, tt.text[f.Start:f.End])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestCheckReportsTermWhyAndSuggestion(t *testing.T) {
	m := NewMatcher(Seed())
	got := m.Check("non-compliant")
	if len(got) != 1 {
		t.Fatalf("got %d flags, want 1", len(got))
	}
	f := got[0]
	if f.Term != "non-compliant" || f.Start != 0 || f.End != 13 || f.Why == "" || f.Suggestion == "" {
		t.Errorf("got %+v", f)
	}
}

func TestRetiredEntriesAreNotMatched(t *testing.T) {
	entries := Seed()
	for i := range entries {
		entries[i].Retired = entries[i].Term == "manipulative"
	}
	if got := NewMatcher(entries).Check("manipulative and refused"); len(got) != 1 || got[0].Term != "refused" {
		t.Errorf("got %+v, want only refused", got)
	}
}

func TestSeedEntriesAreValidAndCited(t *testing.T) {
	for _, e := range Seed() {
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", e.Term, err)
		}
		// Every seed form must match itself, or the entry is dead.
		for _, form := range e.Forms() {
			if got := NewMatcher([]Entry{e}).Check(form); len(got) != 1 {
				t.Errorf("form %q of %q: got %d flags, want 1", form, e.Term, len(got))
			}
		}
	}
}

func TestValidateNamesEachProblem(t *testing.T) {
	tests := []struct {
		name  string
		entry Entry
		want  []string
	}{
		{"empty", Entry{}, []string{"alternatives", "source", "term", "why"}},
		{"punctuation only", Entry{Term: "--", Why: "w", Alternatives: []string{"a"}, Source: "s"}, []string{"term"}},
		{"bad variant", Entry{Term: "x", Variants: []string{"!!"}, Why: "w", Alternatives: []string{"a"}, Source: "s"}, []string{"variants"}},
		{"fine", Entry{Term: "x", Why: "w", Alternatives: []string{"a"}, Source: "s"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for k := range problem.Fields(tt.entry.Validate()) {
				got = append(got, k)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"manipulative", "frequent\nflyer", "“a borderline”", "was refused", "it’s behavioural", "\xff\xfe refused", "\"unclosed manipulative"} {
		f.Add(s)
	}
	m := NewMatcher(Seed())
	f.Fuzz(func(t *testing.T, text string) {
		// Boundaries as the matcher walks the text: an invalid byte is a
		// rune of its own, so offsets stay meaningful even then.
		bounds := map[int]bool{len(text): true}
		for i := 0; i < len(text); {
			bounds[i] = true
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		prev := 0
		for _, fl := range m.Check(text) {
			if fl.Start < prev || fl.Start >= fl.End || fl.End > len(text) {
				t.Fatalf("flag %+v out of order or bounds (prev end %d, len %d)", fl, prev, len(text))
			}
			if !bounds[fl.Start] || !bounds[fl.End] {
				t.Fatalf("flag %+v not on rune boundaries", fl)
			}
			prev = fl.End
		}
	})
}
