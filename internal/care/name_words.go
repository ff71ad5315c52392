package care

import (
	"slices"
	"strings"
	"unicode"
)

// foldedLetters maps accented Latin letters to the plain letters people
// type when they do not have the accent to hand.
var foldedLetters = func() map[rune]string {
	m := map[rune]string{}
	for plain, accented := range map[string]string{
		"a": "àáâãäåāăąǎ", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
		"ae": "æ", "oe": "œ", "ss": "ß", "th": "þ",
	} {
		for _, r := range accented {
			m[r] = plain
		}
	}
	return m
}()

// FoldName lower-cases s and takes the accents off its letters, so that
// a name is found however it is typed: Zoë as zoe, Łukasz as lukasz.
func FoldName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if plain, ok := foldedLetters[r]; ok {
			b.WriteString(plain)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NameWords are the folded words a person can be found by: each word of
// their given, preferred and family names, and the rest of a word from
// each mark in it (a hyphen, an apostrophe) and from just after the mark.
// A search word finds a person when it begins one of these, so Asante-Lowe
// is found by asante, lowe or asante-lowe, and O'Brien by o'brien or brien.
func NameWords(p Person) []string {
	var out []string
	for _, w := range strings.Fields(FoldName(p.GivenName + " " + p.PreferredName + " " + p.FamilyName)) {
		out = append(out, w)
		for i, r := range w {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				out = append(out, w[i:], w[i+len(string(r)):])
			}
		}
	}
	slices.Sort(out)
	return slices.DeleteFunc(slices.Compact(out), func(w string) bool { return w == "" })
}
