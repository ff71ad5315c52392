package web

import (
	"bytes"
	"net/http"
	"unicode/utf8"

	"throughline/internal/problem"
)

// maxLiveCheck bounds the text the live check reads: far more than any
// box holds, small enough that a keystroke's check stays quick.
const maxLiveCheck = 100_000

// languageCheck is the live check's answer, drawn in the aria-live region
// under a box.
type languageCheck struct {
	Flags []flagView
	Empty bool
}

// handleLanguageCheck is the live check behind every clinical text box:
// htmx posts the box's field name and its text as the clinician types and
// puts the answer in the region below the box. It never changes the text
// and never stops a save.
func (s *Server) handleLanguageCheck(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	field := r.PostForm.Get("language_field")
	text := r.PostForm.Get(field)
	switch {
	case field == "":
		return problem.Errorf(problem.Invalid, "Say which box to check (language_field)")
	case len(text) > maxLiveCheck:
		return problem.Errorf(problem.Invalid, "The text is too long to check as you type; it will be checked when saved")
	case !utf8.ValidString(text):
		return problem.Errorf(problem.Invalid, "The text could not be read")
	}
	m, err := s.matcher(r.Context())
	if err != nil {
		return err
	}
	flags := flagViews(text, m.Check(text))
	var b bytes.Buffer
	if err := s.pages["language"].t.ExecuteTemplate(&b, "language-check", languageCheck{Flags: flags, Empty: text == ""}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err = b.WriteTo(w)
	return err
}
