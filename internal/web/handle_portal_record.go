package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// myRecord is everything held about a person that the UK GDPR right of
// access covers, as they download it: who they are, their referrals and
// decisions, episodes, plans, goals and ratings, appointments, measures,
// medication, the people they involve, formulations, and what they have
// said and asked for here. The JSON keys are the file's documented format.
type myRecord struct {
	Generated    time.Time              `json:"generated_at"`
	Person       care.Person            `json:"person"`
	Referrals    []store.ReferralRow    `json:"referrals"`
	Episodes     []store.EpisodeRow     `json:"episodes"`
	CarePlans    []care.CarePlan        `json:"care_plans"`
	CrisisPlan   *care.CrisisPlan       `json:"crisis_plan,omitempty"`
	Goals        []care.Goal            `json:"goals"`
	Appointments []store.AppointmentRow `json:"appointments"`
	Measures     []measures.Response    `json:"measures"`
	Medication   []care.Medication      `json:"medication"`
	Carers       []care.Carer           `json:"people_involved"`
	Formulations []care.Formulation     `json:"formulations"`
	Comments     []care.PlanComment     `json:"plan_comments"`
	Requests     []care.PortalRequest   `json:"requests"`
}

// gatherRecord reads the whole of a person's record for them, each read
// audited as its own screen would be.
func (s *Server) gatherRecord(r *http.Request, id int64) (myRecord, error) {
	ctx, a := r.Context(), actor(r)
	rec := myRecord{Generated: s.db.Now()}
	var err error
	if rec.Person, err = s.viewPerson(r, id); err != nil {
		return rec, err
	}
	if rec.Referrals, err = s.db.Referrals(ctx, store.ReferralFilter{PersonID: id}); err != nil {
		return rec, err
	}
	if rec.Episodes, err = s.db.Episodes(ctx, store.EpisodeFilter{PersonID: id}); err != nil {
		return rec, err
	}
	for _, e := range rec.Episodes {
		plan, err := s.db.CarePlan(ctx, a, e.ID)
		if err != nil {
			return rec, err
		}
		if plan.Version > 0 {
			rec.CarePlans = append(rec.CarePlans, plan)
		}
	}
	crisis, err := s.db.CrisisPlan(ctx, a, id)
	if err != nil {
		return rec, err
	}
	if crisis.Version > 0 {
		rec.CrisisPlan = &crisis
	}
	if rec.Goals, err = s.db.Goals(ctx, id); err != nil {
		return rec, err
	}
	if rec.Appointments, err = s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, Limit: store.AllRows}); err != nil {
		return rec, err
	}
	if rec.Measures, err = s.db.MeasureResponses(ctx, a, id); err != nil {
		return rec, err
	}
	if rec.Medication, err = s.db.Medications(ctx, a, id); err != nil {
		return rec, err
	}
	if rec.Carers, err = s.db.Carers(ctx, a, id); err != nil {
		return rec, err
	}
	for _, ref := range rec.Referrals {
		f, found, err := s.db.Formulation(ctx, a, ref.ID)
		if err != nil {
			return rec, err
		}
		if found {
			rec.Formulations = append(rec.Formulations, f)
		}
	}
	if rec.Comments, err = s.db.PlanComments(ctx, id, ""); err != nil {
		return rec, err
	}
	rec.Requests, err = s.db.PortalRequests(ctx, id)
	return rec, err
}

// exportRecord gathers the record of the person in the path and audits
// its export in the form named.
func (s *Server) exportRecord(r *http.Request, form string) (myRecord, error) {
	id, err := pathID(r)
	if err != nil {
		return myRecord{}, err
	}
	rec, err := s.gatherRecord(r, id)
	if err != nil {
		return rec, err
	}
	return rec, s.db.Audit(r.Context(), actor(r), auth.ActionExport, id, form)
}

// handleMyRecord is the person's copy of their record as a page they can
// read and print; the download is audited as an export.
func (s *Server) handleMyRecord(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.exportRecord(r, "my-record/html")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portal_record", view{Title: "A copy of my record", D: rec})
	return nil
}

// handleMyRecordJSON is the same record as a file a computer can read.
func (s *Server) handleMyRecordJSON(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.exportRecord(r, "my-record/json")
	if err != nil {
		return err
	}
	body, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("encode record of person %d: %w", rec.Person.ID, err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="my-record-%s.json"`, rec.Generated.Format("2006-01-02")))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(body)
	return err
}

// preferencesData is the form where a person keeps how they like to be
// called and what helps them.
type preferencesData struct {
	Person care.Person
}

func preferencesValues(p care.Person) url.Values {
	return url.Values{"preferred_name": {p.PreferredName}, "pronouns": {p.Pronouns}, "communication_needs": {p.CommunicationNeeds},
		"trauma_preferences": {p.TraumaPreferences}, form.VersionField: {strconv.Itoa(p.Version)}}
}

func (s *Server) renderOwnPreferences(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	p, perr := s.viewPerson(r, id)
	if perr != nil {
		return perr
	}
	if posted == nil {
		posted = preferencesValues(p)
	}
	s.render(w, r, status, "portal_preferences", view{Title: "About me", D: preferencesData{Person: p}, Form: posted,
		Errors: linkedTo(err, "preferred_name", "pronouns", "communication_needs", "trauma_preferences")})
	return nil
}

func (s *Server) handleOwnPreferencesForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderOwnPreferences(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleOwnPreferences(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	p := care.OwnPreferences{PersonID: id, PreferredName: f.Text("preferred_name"), Pronouns: f.Text("pronouns"),
		CommunicationNeeds: f.Text("communication_needs"), TraumaPreferences: f.Text("trauma_preferences"), Version: f.Version()}
	if err = f.Err(); err == nil {
		err = f.With(s.db.SaveOwnPreferences(r.Context(), actor(r), p))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Thank you. Your team will see this.")
		return seeOther("/")
	case problem.Invalid, problem.Conflict:
		return s.renderOwnPreferences(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}
