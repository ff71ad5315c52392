package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type medicationData struct {
	Person      care.Person
	Medications []care.Medication
	Episodes    []store.EpisodeRow // open Community Team episodes medicines can be added to
	CanEdit     bool
	StopFor     int64 // the medicine whose stop form holds typed values
	Now         time.Time
	Today       string
}

func (s *Server) renderMedication(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error, stopFor int64) {
	id, _ := pathID(r)
	ctx := r.Context()
	d := medicationData{StopFor: stopFor, Now: s.db.Now(), Today: isoDate(s.db.Now()), CanEdit: canEditCare(currentUser(r))}
	var lerr error
	if d.Person, lerr = s.db.PersonNoAudit(ctx, id); lerr == nil {
		if d.Medications, lerr = s.db.Medications(ctx, actor(r), id); lerr == nil {
			var eps []store.EpisodeRow
			eps, lerr = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id, ActiveOnly: true})
			for _, e := range eps {
				if e.Pathway == care.PathwayCommunity {
					d.Episodes = append(d.Episodes, e)
				}
			}
		}
	}
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	s.render(w, r, status, "medication", view{Title: "Medication", D: d, Form: form, Errors: errorsFrom(err)})
}

func (s *Server) handleMedication(w http.ResponseWriter, r *http.Request) {
	s.renderMedication(w, r, http.StatusOK, nil, nil, 0)
}

func (s *Server) handleMedicationAdd(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	f := r.PostForm
	m := care.Medication{PersonID: id, EpisodeID: postedID(r, "episode"), Name: strings.TrimSpace(f.Get("name")), Dose: strings.TrimSpace(f.Get("dose")),
		Frequency: strings.TrimSpace(f.Get("frequency")), Prescriber: strings.TrimSpace(f.Get("prescriber"))}
	var v problem.Validation
	var ok bool
	if m.StartedOn, ok = formDate(f, "started_on"); !ok {
		v.Add("started_on", "Enter the start date as a real date, for example 2026-11-20")
	}
	if m.ReviewOn, ok = formDate(f, "review_on"); !ok {
		v.Add("review_on", "Enter the review date as a real date, for example 2027-02-20")
	}
	err := v.Err()
	if err == nil && m.EpisodeID == 0 {
		err = problem.Errorf(problem.Invalid, "Medication is kept for an open Community Team episode; this person has none")
	}
	if err == nil {
		err = s.db.AddMedication(r.Context(), actor(r), &m)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict && c != problem.NotFound {
			s.renderProblem(w, r, err)
			return
		}
		s.renderMedication(w, r, statusFor(err), f, err, 0)
		return
	}
	s.setFlash(w, m.Name+" has been added to the medication list.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/medication", id), http.StatusSeeOther)
}

func (s *Server) handleMedicationStop(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	medID, err := pathInt(r, "med")
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	f := r.PostForm
	on, ok := formDate(f, "stopped_on")
	if !ok {
		var v problem.Validation
		v.Add("stopped_on", "Enter the stop date as a real date, for example 2026-11-20")
		err = v.Err()
	} else {
		err = s.db.StopMedication(r.Context(), actor(r), id, medID, postedVersion(r), care.Medication{StoppedOn: on, StopReason: strings.TrimSpace(f.Get("stop_reason"))})
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.renderMedication(w, r, statusFor(err), f, err, medID)
		return
	}
	s.setFlash(w, "The medicine has been recorded as stopped.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/medication", id), http.StatusSeeOther)
}
