package care

import (
	"slices"
	"testing"
)

// TestNameWords: a person is found from the start of any word of their
// names, or of the part of a word after a hyphen or apostrophe, however
// the letters are accented or capitalised.
func TestNameWords(t *testing.T) {
	tests := []struct {
		p    Person
		want []string
	}{
		{Person{GivenName: "Sam", FamilyName: "Okafor"}, []string{"okafor", "sam"}},
		{Person{GivenName: "Zoë", PreferredName: "Zo", FamilyName: "Łukasiewicz"}, []string{"lukasiewicz", "zo", "zoe"}},
		{Person{GivenName: "Kwame", FamilyName: "Asante-Lowe"}, []string{"-lowe", "asante-lowe", "kwame", "lowe"}},
		{Person{GivenName: "Niamh", FamilyName: "O'Brien"}, []string{"'brien", "brien", "niamh", "o'brien"}},
		{Person{GivenName: "Mary Ann", FamilyName: "van der Berg"}, []string{"ann", "berg", "der", "mary", "van"}},
		{Person{GivenName: "50%_off", FamilyName: "Tester"}, []string{"%_off", "50%_off", "_off", "off", "tester"}},
		{Person{GivenName: "Jo-", FamilyName: "Straße"}, []string{"-", "jo-", "strasse"}},
	}
	for _, tt := range tests {
		if got := NameWords(tt.p); !slices.Equal(got, tt.want) {
			t.Errorf("NameWords(%q %q %q) = %q, want %q", tt.p.GivenName, tt.p.PreferredName, tt.p.FamilyName, got, tt.want)
		}
	}
	if got, want := FoldName("ÉLODIE Müller-Þór"), "elodie muller-thor"; got != want {
		t.Errorf("FoldName = %q, want %q", got, want)
	}
}
