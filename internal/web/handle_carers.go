package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
)

type carersData struct {
	Person  care.Person
	Carers  []care.Carer
	CanEdit bool
	Now     time.Time
	Today   string
}

func (s *Server) renderCarers(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) {
	id, _ := pathID(r)
	ctx := r.Context()
	d := carersData{Now: s.db.Now(), Today: isoDate(s.db.Now()), CanEdit: canEditCare(currentUser(r))}
	var lerr error
	if d.Person, lerr = s.db.PersonNoAudit(ctx, id); lerr == nil {
		d.Carers, lerr = s.db.Carers(ctx, actor(r), id)
	}
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	s.render(w, r, status, "carers", view{Title: "Carers and relatives", D: d, Form: form, Errors: errorsFrom(err)})
}

func (s *Server) handleCarers(w http.ResponseWriter, r *http.Request) {
	s.renderCarers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleCarerAdd(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	f := r.PostForm
	shared := map[string]bool{}
	for _, x := range f["share"] {
		shared[x] = true
	}
	c := care.Carer{PersonID: id, Name: strings.TrimSpace(f.Get("carer_name")), Relationship: strings.TrimSpace(f.Get("relationship")),
		Contact: strings.TrimSpace(f.Get("contact")),
		Share:   care.CarerShare{Appointments: shared["appointments"], CarePlan: shared["care-plan"], CrisisPlan: shared["crisis-plan"], Medication: shared["medication"]}}
	var v problem.Validation
	var ok bool
	if c.ConsentOn, ok = formDate(f, "consent_on"); !ok {
		v.Add("consent_on", "Enter the consent date as a real date, for example 2026-11-20")
	}
	if f.Get("until_kind") == "date" {
		if c.Until, ok = formDate(f, "until"); !ok || c.Until.IsZero() {
			v.Add("until", "Enter the date consent lasts until, or choose until the person withdraws it")
		}
	}
	err := v.Err()
	if err == nil {
		err = s.db.AddCarer(r.Context(), actor(r), &c)
	}
	if err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		s.renderCarers(w, r, statusFor(err), f, err)
		return
	}
	s.setFlash(w, c.Name+" has been added, with what the person agreed to share.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/carers", id), http.StatusSeeOther)
}

func (s *Server) handleCarerWithdraw(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	carerID, err := pathInt(r, "carer")
	if err == nil {
		err = s.db.WithdrawCarerConsent(r.Context(), actor(r), id, carerID, postedVersion(r), strings.TrimSpace(r.PostForm.Get("withdraw_reason")))
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderCarers(w, r, statusFor(err), r.PostForm, err)
		return
	}
	s.setFlash(w, "The person's withdrawal of consent has been recorded. Nothing more will be shared with them.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/carers", id), http.StatusSeeOther)
}
