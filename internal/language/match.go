// Package language is the language guide: a lexicon of phrases that
// lived-experience and professional guidance identify as stigmatising when
// written about people with complex emotional needs, and a matcher that
// finds them in free text so staff can choose other words. It is a guide,
// not a gate: it reports byte offsets and never changes the text.
package language

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Flag is one phrase found in a text: Start and End are byte offsets into
// the text as given, so a caller can underline exactly what was written.
type Flag struct {
	Term       string `json:"term"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Why        string `json:"why"`
	Suggestion string `json:"suggestion"`
}

// Matcher finds a lexicon's phrases in text. Build it once with NewMatcher;
// it is safe for concurrent use.
type Matcher struct {
	// byFirst holds every phrase form keyed by its first word, longest
	// first, so the longest form wins at a position ("frequent attender"
	// rather than a shorter form that shares its first word).
	byFirst map[string][]phrase
	info    []entryInfo
}

type phrase struct {
	words []string
	entry int // index into entries
}

type entryInfo struct {
	term, why, suggestion string
	excepts               [][]string
}

// NewMatcher compiles the current (not retired) entries.
func NewMatcher(entries []Entry) *Matcher {
	m := &Matcher{byFirst: map[string][]phrase{}}
	for i, e := range entries {
		if e.Retired {
			continue
		}
		for _, form := range e.Forms() {
			ws := words(form)
			if len(ws) == 0 {
				continue
			}
			m.byFirst[ws[0]] = append(m.byFirst[ws[0]], phrase{words: ws, entry: i})
		}
	}
	for k := range m.byFirst {
		slices.SortStableFunc(m.byFirst[k], func(a, b phrase) int { return len(b.words) - len(a.words) })
	}
	m.info = make([]entryInfo, len(entries))
	for i, e := range entries {
		info := entryInfo{term: e.Term, why: e.Why, suggestion: strings.Join(e.Alternatives, "; ")}
		for _, x := range e.Except {
			if ws := words(x); len(ws) > 0 {
				info.excepts = append(info.excepts, ws)
			}
		}
		m.info[i] = info
	}
	return m
}

// token is one word of the text: its byte span and its folded form.
type token struct {
	start, end int
	norm       string
	// joined says only spaces, line breaks, hyphens, slashes or commas lie
	// between this token and the one before, so a phrase may continue
	// across it; a full stop or other sentence break ends a phrase.
	joined bool
	quoted bool
}

// Check returns the flagged phrases in text, sorted by Start and never
// overlapping. Words in the person's own voice — between double quotation
// marks, straight or curly — are never flagged.
func (m *Matcher) Check(text string) []Flag {
	toks := tokenize(text)
	var flags []Flag
	for i := 0; i < len(toks); {
		if toks[i].quoted {
			i++
			continue
		}
		n, entry := m.longestAt(toks, i)
		if n == 0 || m.excepted(toks, i, n, entry) {
			i++
			continue
		}
		info := m.info[entry]
		flags = append(flags, Flag{Term: info.term, Start: toks[i].start, End: toks[i+n-1].end, Why: info.why, Suggestion: info.suggestion})
		i += n
	}
	return flags
}

// longestAt returns the length in words of the longest phrase form that
// starts at token i, and its entry.
func (m *Matcher) longestAt(toks []token, i int) (int, int) {
	for _, p := range m.byFirst[toks[i].norm] {
		if matchAt(toks, i, p.words) {
			return len(p.words), p.entry
		}
	}
	return 0, 0
}

// excepted says whether one of the entry's exceptions (such as "was
// refused", where a service declined the person) covers the match.
func (m *Matcher) excepted(toks []token, i, n, entry int) bool {
	for _, x := range m.info[entry].excepts {
		for s := max(0, i-len(x)+1); s <= i+n-1; s++ {
			if s+len(x) > i && matchAt(toks, s, x) {
				return true
			}
		}
	}
	return false
}

func matchAt(toks []token, i int, ws []string) bool {
	if i+len(ws) > len(toks) {
		return false
	}
	for k, w := range ws {
		t := toks[i+k]
		if t.norm != w || t.quoted || (k > 0 && !t.joined) {
			return false
		}
	}
	return true
}

// words folds a lexicon form the same way text is folded.
func words(s string) []string {
	var ws []string
	for _, t := range tokenize(s) {
		ws = append(ws, t.norm)
	}
	return ws
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isApostrophe covers the straight and the curly apostrophe, which is also
// the closing single quotation mark; inside a word it is an apostrophe.
func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits text into words, noting which lie inside double
// quotation marks. An unclosed quotation runs to the end of its paragraph
// (a blank line), so a stray mark cannot hide the rest of a long note.
func tokenize(text string) []token {
	var toks []token
	inQuote := false
	joined := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			start := i
			var b strings.Builder
			for i < len(text) {
				r, size = utf8.DecodeRuneInString(text[i:])
				if isWordRune(r) {
					b.WriteRune(unicode.ToLower(r))
					i += size
					continue
				}
				if isApostrophe(r) && i+size < len(text) {
					if next, _ := utf8.DecodeRuneInString(text[i+size:]); isWordRune(next) {
						b.WriteByte('\'')
						i += size
						continue
					}
				}
				break
			}
			toks = append(toks, token{start: start, end: i, norm: b.String(), joined: joined, quoted: inQuote})
			joined = true
			continue
		case r == '"':
			inQuote = !inQuote
			joined = false
		case r == '“':
			inQuote = true
			joined = false
		case r == '”':
			inQuote = false
			joined = false
		case r == '\n' && strings.HasPrefix(strings.TrimLeft(text[i+size:], " \t\r"), "\n"):
			inQuote = false
			joined = false
		case unicode.IsSpace(r) || r == '-' || r == '‐' || r == '–' || r == '/' || r == ',' || r == '\'' || r == '’' || r == '‘':
			// a phrase may continue across these
		default:
			joined = false
		}
		i += size
	}
	return toks
}
