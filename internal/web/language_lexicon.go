package web

import (
	"context"
	"slices"
	"sync/atomic"
	"time"

	"throughline/internal/auth"
	"throughline/internal/language"
)

// lexicon is the compiled lexicon the live check and the saved-text
// summaries share. It starts as the seed so a page drawn before the
// database is read still guides; the check endpoint and the lexicon pages
// reload it from the database at most every lexiconFresh, and at once
// after a manager changes an entry, so summaries never query per page.
var lexicon atomic.Pointer[loadedLexicon]

type loadedLexicon struct {
	matcher  *language.Matcher
	loadedAt time.Time
}

const lexiconFresh = 30 * time.Second

func init() {
	lexicon.Store(&loadedLexicon{matcher: language.NewMatcher(language.Seed())})
}

// matcher returns the current lexicon, reloading it when it is stale.
func (s *Server) matcher(ctx context.Context) (*language.Matcher, error) {
	cur := lexicon.Load()
	if now := time.Now(); now.Sub(cur.loadedAt) < lexiconFresh {
		return cur.matcher, nil
	}
	return s.reloadLexicon(ctx)
}

func (s *Server) reloadLexicon(ctx context.Context) (*language.Matcher, error) {
	entries, err := s.db.LanguageEntries(ctx)
	if err != nil {
		return nil, err
	}
	m := language.NewMatcher(entries)
	lexicon.Store(&loadedLexicon{matcher: m, loadedAt: time.Now()})
	return m, nil
}

// savedTextFlags is what the "language-flags" partial shows above saved
// text: nothing for a service user (the guide is for staff) or for text
// marked as the person's own words.
type savedTextFlags struct {
	Flags []flagView
}

// flagView is one flag with the phrase as written, for underlining.
type flagView struct {
	Phrase string
	language.Flag
}

func flagViews(text string, flags []language.Flag) []flagView {
	out := make([]flagView, len(flags))
	for i, f := range flags {
		out[i] = flagView{Phrase: text[f.Start:f.End], Flag: f}
	}
	return out
}

// languageFlags is the template function behind every saved-text summary:
// {{template "language-flags" (languageFlags $.User .Text)}}, with a third
// argument true where the text is in the person's own words.
func languageFlags(u *auth.User, text string, ownWords ...bool) savedTextFlags {
	if u == nil || u.Role == auth.ServiceUser || slices.Contains(ownWords, true) {
		return savedTextFlags{}
	}
	return savedTextFlags{Flags: flagViews(text, lexicon.Load().matcher.Check(text))}
}

// languageCheckOf is the check of a box's text as the form is drawn, so a
// saved text reopened for editing shows its flags without JavaScript. Boxes
// the guide checks are only drawn for staff.
func languageCheckOf(text any) languageCheck {
	s, ok := text.(string)
	if !ok {
		return languageCheck{}
	}
	return languageCheck{Flags: flagViews(s, lexicon.Load().matcher.Check(s))}
}

func init() {
	funcs["languageFlags"] = languageFlags
	funcs["languageCheckOf"] = languageCheckOf
}
