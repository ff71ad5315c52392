package web

import (
	"net/http"
	"net/url"
	"strconv"

	"throughline/internal/auth"
	"throughline/internal/language"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type languagePage struct {
	Entries  []language.Entry
	Sources  []string
	Manager  bool
	Entry    language.Entry
	History  []store.LanguageVersion
	Creating bool
}

// handleLanguage lists the lexicon with why each phrase harms, its
// alternatives and its source; retired entries are listed apart.
func (s *Server) handleLanguage(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.db.LanguageEntries(r.Context())
	if err != nil {
		return err
	}
	d := languagePage{Entries: entries, Manager: currentUser(r).Role == auth.TeamManager}
	seen := map[string]bool{}
	for _, e := range entries {
		if !e.Retired && !seen[e.Source] {
			seen[e.Source] = true
			d.Sources = append(d.Sources, e.Source)
		}
	}
	s.render(w, r, http.StatusOK, "language", view{Title: "Language guide", D: d})
	return nil
}

func (s *Server) handleLanguageNew(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "language_entry", view{Title: "Add a phrase to the language guide", D: languagePage{Manager: true, Creating: true}})
	return nil
}

// entryFromForm reads a manager's entry; forms are one per line.
func entryFromForm(f *form.Form) language.Entry {
	return language.Entry{
		Term:         f.Text("term"),
		Variants:     f.Lines("variants"),
		Except:       f.Lines("excepts"),
		Why:          f.Text("why"),
		Alternatives: f.Lines("alternatives"),
		Source:       f.Text("source"),
		Retired:      f.Text("retired") == "yes",
		Version:      f.Version(),
	}
}

func (s *Server) handleLanguageAdd(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	e := entryFromForm(f)
	if err := f.Err(); err != nil {
		return s.languageEntryProblem(w, r, e, err)
	}
	if err := s.db.AddLanguageEntry(r.Context(), actor(r), &e); err != nil {
		return s.languageEntryProblem(w, r, e, err)
	}
	if _, err := s.reloadLexicon(r.Context()); err != nil {
		return err
	}
	s.setFlash(w, "“"+e.Term+"” added to the language guide.")
	return seeOther("/language/" + strconv.FormatInt(e.ID, 10))
}

func (s *Server) handleLanguageEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "entry")
	if err != nil {
		return err
	}
	e, err := s.db.LanguageEntry(r.Context(), id)
	if err != nil {
		return err
	}
	return s.languageEntryPage(w, r, http.StatusOK, e, nil)
}

func (s *Server) handleLanguageUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "entry")
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	e := entryFromForm(f)
	e.ID = id
	if err := f.Err(); err != nil {
		return s.languageEntryProblem(w, r, e, err)
	}
	if err := s.db.UpdateLanguageEntry(r.Context(), actor(r), &e); err != nil {
		return s.languageEntryProblem(w, r, e, err)
	}
	if _, err := s.reloadLexicon(r.Context()); err != nil {
		return err
	}
	msg := "Saved. The guide uses the new wording from now on."
	if e.Retired {
		msg = "Retired. The guide no longer flags “" + e.Term + "”; its history is kept."
	}
	s.setFlash(w, msg)
	return seeOther("/language/" + strconv.FormatInt(e.ID, 10))
}

// languageEntryProblem shows the form again with what was typed and what
// is wrong, for invalid input and for an edit someone else overtook.
func (s *Server) languageEntryProblem(w http.ResponseWriter, r *http.Request, e language.Entry, err error) error {
	if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
		return err
	}
	return s.languageEntryPage(w, r, statusFor(err), e, err)
}

func (s *Server) languageEntryPage(w http.ResponseWriter, r *http.Request, status int, e language.Entry, formErr error) error {
	d := languagePage{Entry: e, Manager: currentUser(r).Role == auth.TeamManager, Creating: e.ID == 0}
	title := "Add a phrase to the language guide"
	if e.ID != 0 {
		title = "Language guide: " + e.Term
		h, err := s.db.LanguageHistory(r.Context(), e.ID)
		if err != nil {
			return err
		}
		d.History = h
	}
	var values url.Values
	if formErr != nil {
		values = r.PostForm
	}
	s.render(w, r, status, "language_entry", view{Title: title, D: d, Errors: errorsFrom(formErr), Form: values})
	return nil
}
