package web

import (
	"net/http"
	"net/url"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type carerPortalData struct {
	store.CarerShared
}

func (s *Server) renderCarerPortal(w http.ResponseWriter, r *http.Request, status int, values url.Values, err error) error {
	c, gerr := gatedCarer(r)
	if gerr != nil {
		return gerr
	}
	shared, gerr := s.db.CarerSharedView(r.Context(), actor(r), c)
	if gerr != nil {
		return gerr
	}
	s.render(w, r, status, "carer_portal", view{Title: "What " + shared.PersonName + " shares with you", D: carerPortalData{shared}, Form: values, Errors: errorsFrom(err)})
	return nil
}

// handleCarerPortal is the carer's page: what the person shares with them
// and until when, a way to tell the team their worries, and where to ask
// for a carer's assessment of their own.
func (s *Server) handleCarerPortal(w http.ResponseWriter, r *http.Request) error {
	return s.renderCarerPortal(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleCarerConcern(w http.ResponseWriter, r *http.Request) error {
	c, err := gatedCarer(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	concern := care.CarerConcern{Text: f.Text("concern")}
	if err = s.db.AddCarerConcern(r.Context(), actor(r), c, &concern); err != nil {
		if problem.Code(err) != problem.Invalid {
			return err
		}
		return s.renderCarerPortal(w, r, statusFor(err), r.PostForm, err)
	}
	s.setFlash(w, "Thank you. Your message has gone to the team, and someone will get back to you.")
	return seeOther("/carer")
}
