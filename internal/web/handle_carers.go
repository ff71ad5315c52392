package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

type carersData struct {
	rowLabels
	Person      care.Person
	Carers      []care.Carer
	CanEdit     bool
	WithdrawFor int64 // the carer whose withdrawal form holds typed values
	Now         time.Time
	Today       string
	Shares      []form.Option    // what the person may agree to share
	Until       []form.Option    // how long consent lasts
	SignIns     map[int64]string // carer id to the username of their sign-in
	Concerns    []care.CarerConcern
	NewSignIn   *carerSignIn // shown once, just after it was made
}

// carerSignIn is a carer's new sign-in, its temporary password shown once.
type carerSignIn struct {
	CarerName, Username, Password string
}

// carerShares are what a person may agree to share with a carer.
var carerShares = form.Options("appointments", "Appointments", "care-plan", "Care plan", "crisis-plan", "Crisis plan", "medication", "Medication")

// carerShareFrom reads the ticked carerShares.
func carerShareFrom(f *form.Form) care.CarerShare {
	shared := f.List("share")
	return care.CarerShare{Appointments: slices.Contains(shared, "appointments"), CarePlan: slices.Contains(shared, "care-plan"),
		CrisisPlan: slices.Contains(shared, "crisis-plan"), Medication: slices.Contains(shared, "medication")}
}

// carerUntil reads how long consent lasts: zero until withdrawn, or the
// date given, which must then be a real date.
func carerUntil(f *form.Form) time.Time {
	if f.Text("until_kind") != "date" {
		return time.Time{}
	}
	const until = "Enter the date consent lasts until, or choose until it is withdrawn"
	t := f.Date("until", until)
	if t.IsZero() {
		f.Add("until", until)
	}
	return t
}

func (s *Server) renderCarers(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error, withdrawFor int64) error {
	return s.renderCarersWith(w, r, personID, status, values, err, withdrawFor, nil)
}

func (s *Server) renderCarersWith(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error, withdrawFor int64, signIn *carerSignIn) error {
	ctx := r.Context()
	now := s.db.Now()
	d := carersData{Now: now, Today: uktime.Date(now), CanEdit: canEditCare(currentUser(r)), WithdrawFor: withdrawFor, NewSignIn: signIn,
		Shares: carerShares,
		Until:  form.Options("withdrawn", "Until the person withdraws it", "date", "Until a date (below)")}
	var lerr error
	if d.Person, lerr = s.guardedPerson(r, personID); lerr != nil {
		return lerr
	}
	if d.Carers, lerr = s.db.Carers(ctx, actor(r), personID); lerr != nil {
		return lerr
	}
	if d.SignIns, lerr = s.db.CarerSignIns(ctx, personID); lerr != nil {
		return lerr
	}
	if d.Concerns, lerr = s.db.CarerConcerns(ctx, personID); lerr != nil {
		return lerr
	}
	errs := errorsFrom(err)
	// The withdrawal form's problems, its version among them, are shown at
	// its note, the one control it has.
	note := fmt.Sprintf("withdraw_reason-%d", withdrawFor)
	errs.pointAt(map[string]string{"carer_name": "carer_name", "relationship": "relationship", "contact": "contact", "share": "share",
		"consent_on": "consent_on", "until": "until", "until_kind": "until_kind", "withdraw_reason": note, form.VersionField: note,
		"username": fmt.Sprintf("username-%d", withdrawFor)})
	s.render(w, r, status, "carers", view{Title: "Carers and relatives", D: d, Form: values, Errors: errs})
	return nil
}

func (s *Server) handleCarers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderCarers(w, r, id, http.StatusOK, nil, nil, 0)
}

func (s *Server) handleCarerAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	c := care.Carer{PersonID: id, Name: f.Text("carer_name"), Relationship: f.Text("relationship"), Contact: f.Text("contact"),
		Share: carerShareFrom(f), ConsentOn: f.Date("consent_on", "Enter the consent date as a real date, for example 2026-11-20"), Until: carerUntil(f)}
	if err = f.Err(); err == nil {
		err = s.db.AddCarer(r.Context(), actor(r), &c)
	}
	if err != nil {
		if problem.Code(err) != problem.Invalid {
			return err
		}
		return s.renderCarers(w, r, id, statusFor(err), r.PostForm, err, 0)
	}
	s.setFlash(w, c.Name+" has been added, with what the person agreed to share.")
	http.Redirect(w, r, carersURL(id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleCarerWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, carerID, err := personAndCarer(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version, reason := f.Version(), f.Text("withdraw_reason")
	if err = f.Err(); err == nil {
		err = s.db.WithdrawCarerConsent(r.Context(), actor(r), id, carerID, version, reason)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			return err
		}
		return s.renderCarers(w, r, id, statusFor(err), r.PostForm, err, carerID)
	}
	s.setFlash(w, "The person's withdrawal of consent has been recorded. Nothing more will be shared with them.")
	http.Redirect(w, r, carersURL(id), http.StatusSeeOther)
	return nil
}

// handleCarerSignIn gives a carer with consent a sign-in of their own and
// shows its temporary password once; they choose their own when they
// first sign in.
func (s *Server) handleCarerSignIn(w http.ResponseWriter, r *http.Request) error {
	id, carerID, err := personAndCarer(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	u := auth.User{Username: f.Required("username", "Enter a username for their sign-in")}
	if err = f.Err(); err == nil {
		temporary := auth.NewTemporaryPassword()
		if u.PasswordHash, err = auth.HashPassword(temporary, s.cfg.Argon2); err != nil {
			return err
		}
		if err = s.db.CreateCarerSignIn(r.Context(), actor(r), id, carerID, &u); err == nil {
			return s.renderCarersWith(w, r, id, http.StatusOK, nil, nil, 0, &carerSignIn{CarerName: u.DisplayName, Username: u.Username, Password: temporary})
		}
	}
	if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
		return err
	}
	return s.renderCarersWith(w, r, id, statusFor(err), r.PostForm, err, carerID, nil)
}
