package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// sharingData is the person's own page of who they share what with.
type sharingData struct {
	Person  care.Person
	Carers  []care.Carer
	Now     time.Time
	Today   string
	Shares  []form.Option
	Until   []form.Option
	FormFor int64 // the carer whose form holds typed values
}

func sharingURL(personID int64) string { return fmt.Sprintf("/people/%d/sharing", personID) }

func (s *Server) renderSharing(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error, formFor int64) error {
	now := s.db.Now()
	d := sharingData{Now: now, Today: uktime.Date(now), Shares: carerShares, FormFor: formFor,
		Until: form.Options("withdrawn", "Until I say stop", "date", "Until a date I choose")}
	var lerr error
	if d.Person, lerr = s.guardedPerson(r, personID); lerr != nil {
		return lerr
	}
	if d.Carers, lerr = s.db.Carers(r.Context(), actor(r), personID); lerr != nil {
		return lerr
	}
	errs := errorsFrom(err)
	errs.pointAt(map[string]string{"share": fmt.Sprintf("share-%d", formFor), "until": fmt.Sprintf("until-%d", formFor),
		"until_kind": fmt.Sprintf("until_kind-%d", formFor), form.VersionField: fmt.Sprintf("share-%d", formFor)})
	s.render(w, r, status, "carer_portal_sharing", view{Title: "Who you share with", D: d, Form: values, Errors: errs})
	return nil
}

// handleSharing shows the person who they share what with, and until when.
func (s *Server) handleSharing(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderSharing(w, r, id, http.StatusOK, nil, nil, 0)
}

// handleSharingChange records the person's own change to what a carer may
// see and until when.
func (s *Server) handleSharingChange(w http.ResponseWriter, r *http.Request) error {
	id, carerID, err := personAndCarer(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	share, until, version := carerShareFrom(f), carerUntil(f), f.Version()
	if err = f.Err(); err == nil {
		err = s.db.UpdateCarerShare(r.Context(), actor(r), id, carerID, version, share, until)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			return err
		}
		return s.renderSharing(w, r, id, statusFor(err), r.PostForm, err, carerID)
	}
	s.setFlash(w, "Your choices have been saved.")
	return seeOther(sharingURL(id))
}

// handleSharingWithdraw stops sharing anything with a carer, at once.
func (s *Server) handleSharingWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, carerID, err := personAndCarer(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	if err = f.Err(); err == nil {
		err = s.db.WithdrawCarerConsent(r.Context(), actor(r), id, carerID, version, "Stopped by the person from their own page")
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			return err
		}
		return s.renderSharing(w, r, id, statusFor(err), r.PostForm, err, carerID)
	}
	s.setFlash(w, "You have stopped sharing with them. They can no longer see anything from today.")
	return seeOther(sharingURL(id))
}

func personAndCarer(r *http.Request) (personID, carerID int64, err error) {
	if personID, err = pathID(r); err != nil {
		return 0, 0, err
	}
	carerID, err = pathInt(r, "carer")
	return personID, carerID, err
}
