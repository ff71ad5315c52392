package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// pathInt reads a positive integer path segment other than {id}.
func pathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, problem.Errorf(problem.NotFound, "That address does not name a record. Check the link and try again.")
	}
	return id, nil
}

// canEditCare reports whether the user may change care records (the
// careWriters policy); pages show their forms only then.
func canEditCare(u *auth.User) bool {
	return u != nil && slices.Contains(careWriters.Roles, u.Role)
}

// personEpisode reads the {episode} in the path and checks it is the
// person's, audited as a view.
func (s *Server) personEpisode(r *http.Request, personID int64) (store.EpisodeRow, error) {
	id, err := pathInt(r, "episode")
	if err != nil {
		return store.EpisodeRow{}, err
	}
	return s.episodeOf(r, personID, id)
}

func (s *Server) episodeOf(r *http.Request, personID, episodeID int64) (store.EpisodeRow, error) {
	e, err := s.db.Episode(r.Context(), actor(r), episodeID)
	if err == nil && e.PersonID != personID {
		err = problem.Errorf(problem.NotFound, "No such episode for this person")
	}
	return e, err
}

type careHubData struct {
	Person   care.Person
	Episodes []store.EpisodeRow
	CanEdit  bool
	Staff    bool
	// CrisisPlan: a crisis plan has been saved, so there is one to print
	// (the guard read its state for the banner).
	CrisisPlan bool
}

// handleCare is the ongoing-care page of a person's record: episodes and
// links to the care plan, crisis plan, medication and carers.
func (s *Server) handleCare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.viewPerson(r, id)
	if err != nil {
		return err
	}
	d := careHubData{Person: p, CanEdit: canEditCare(currentUser(r)), Staff: currentUser(r).Role != auth.ServiceUser}
	if b := bannerFrom(r); b != nil {
		d.CrisisPlan = b.CrisisExists
	}
	if d.Episodes, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "care", view{Title: "Ongoing care for " + p.DisplayName(), D: d})
	return nil
}

// The addresses of a person's ongoing-care pages, where a change sends the
// browser once it is saved.

func carePlanURL(personID, episodeID int64) string {
	return fmt.Sprintf("/people/%d/care-plan?episode=%d", personID, episodeID)
}

func crisisPlanURL(personID int64) string { return fmt.Sprintf("/people/%d/crisis-plan", personID) }

func episodeURL(personID, episodeID int64) string {
	return fmt.Sprintf("/people/%d/episodes/%d", personID, episodeID)
}

func carersURL(personID int64) string { return fmt.Sprintf("/people/%d/carers", personID) }

func medicationURL(personID int64) string { return fmt.Sprintf("/people/%d/medication", personID) }

// rowLabels words the labels of controls repeated row by row in a table
// of inputs (contacts, actions, ratings): the short label everyone sees,
// and for screen readers which row it belongs to, which the eye takes from
// the layout. Page data embed it so templates can call .Label.
type rowLabels struct{}

// Label is visible followed by hidden, both escaped, hidden visually only.
func (rowLabels) Label(visible, hidden string) template.HTML {
	return template.HTML(template.HTMLEscapeString(visible) +
		`<span class="nhsuk-u-visually-hidden">` + template.HTMLEscapeString(hidden) + `</span>`)
}
