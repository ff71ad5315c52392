package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
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

func (s *Server) renderMedication(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error, stopFor int64) error {
	ctx := r.Context()
	now := s.db.Now()
	d := medicationData{StopFor: stopFor, Now: now, Today: uktime.Date(now), CanEdit: canEditCare(currentUser(r))}
	var lerr error
	if d.Person, lerr = s.guardedPerson(r, personID); lerr != nil {
		return lerr
	}
	if d.Medications, lerr = s.db.Medications(ctx, actor(r), personID); lerr != nil {
		return lerr
	}
	eps, lerr := s.db.Episodes(ctx, store.EpisodeFilter{PersonID: personID, ActiveOnly: true})
	if lerr != nil {
		return lerr
	}
	for _, e := range eps {
		if e.Pathway == care.PathwayCommunity {
			d.Episodes = append(d.Episodes, e)
		}
	}
	errs := errorsFrom(err)
	// The stop form of each medicine has its own ids; its problems, its
	// version among them, go to the one that was sent.
	stopped, reason := fmt.Sprintf("stopped_on-%d", stopFor), fmt.Sprintf("stop_reason-%d", stopFor)
	errs.pointAt(map[string]string{"name": "name", "dose": "dose", "frequency": "frequency", "prescriber": "prescriber",
		"started_on": "started_on", "review_on": "review_on", "episode": "name",
		"stopped_on": stopped, "stop_reason": reason, form.VersionField: stopped})
	s.render(w, r, status, "medication", view{Title: "Medication", D: d, Form: values, Errors: errs})
	return nil
}

func (s *Server) handleMedication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderMedication(w, r, id, http.StatusOK, nil, nil, 0)
}

// noCommunityEpisode refuses a medicine for someone with no open
// Community Team episode, which keeps their medication.
const noCommunityEpisode = "Medication is kept for an open Community Team episode; this person has none"

func (s *Server) handleMedicationAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	m := care.Medication{PersonID: id, EpisodeID: f.ID("episode", noCommunityEpisode), Name: f.Text("name"), Dose: f.Text("dose"),
		Frequency: f.Text("frequency"), Prescriber: f.Text("prescriber"),
		StartedOn: f.Date("started_on", "Enter the start date as a real date, for example 2026-11-20"),
		ReviewOn:  f.Date("review_on", "Enter the review date as a real date, for example 2027-02-20")}
	err = f.Err()
	if err == nil && m.EpisodeID == 0 {
		err = problem.Errorf(problem.Invalid, noCommunityEpisode)
	}
	if err == nil {
		err = s.db.AddMedication(r.Context(), actor(r), &m)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict && c != problem.NotFound {
			return err
		}
		return s.renderMedication(w, r, id, statusFor(err), r.PostForm, err, 0)
	}
	s.setFlash(w, m.Name+" has been added to the medication list.")
	http.Redirect(w, r, medicationURL(id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleMedicationStop(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	medID, err := pathInt(r, "med")
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	stop := care.Medication{StoppedOn: f.Date("stopped_on", "Enter the stop date as a real date, for example 2026-11-20"), StopReason: f.Text("stop_reason")}
	if err = f.Err(); err == nil {
		err = s.db.StopMedication(r.Context(), actor(r), id, medID, version, stop)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			return err
		}
		return s.renderMedication(w, r, id, statusFor(err), r.PostForm, err, medID)
	}
	s.setFlash(w, "The medicine has been recorded as stopped.")
	http.Redirect(w, r, medicationURL(id), http.StatusSeeOther)
	return nil
}
