package web

import (
	"fmt"
	"net/http"
	"net/url"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

type trainingData struct {
	Courses  []staff.Course
	Mine     []store.TrainingRecord
	Requests []store.TrainingRecord // managers: waiting for an answer
	Manager  bool
	// The choices of the forms.
	CourseOptions, LivedOptions []form.Option
}

func (s *Server) renderTraining(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	ctx, u := r.Context(), currentUser(r)
	d := trainingData{Manager: u.Role == auth.TeamManager}
	var derr error
	if d.Courses, derr = s.db.TrainingCourses(ctx, false); derr != nil {
		return derr
	}
	if d.Mine, derr = s.db.MyTraining(ctx, u.ID); derr != nil {
		return derr
	}
	if d.Manager {
		if d.Requests, derr = s.db.TrainingRequests(ctx, teamIDs(u)); derr != nil {
			return derr
		}
	}
	for _, c := range d.Courses {
		d.CourseOptions = append(d.CourseOptions, form.Option{Value: fmt.Sprint(c.ID), Label: c.Name})
	}
	for _, l := range staff.LivedExperiences {
		d.LivedOptions = append(d.LivedOptions, form.Option{Value: string(l), Label: l.Label()})
	}
	if posted == nil {
		posted = url.Values{"completed_on": {uktime.Date(s.db.Now())}, "renewal_months": {"0"}}
	}
	s.render(w, r, status, "training", view{Title: "Training", D: d, Form: posted, Errors: errorsFrom(err)})
	return nil
}

// handleTraining shows the catalogue, your own training and, for a
// manager, the requests waiting for an answer.
func (s *Server) handleTraining(w http.ResponseWriter, r *http.Request) error {
	return s.renderTraining(w, r, http.StatusOK, nil, nil)
}

// trainingSaved answers a training form: back to the page with a message,
// or the page again with what was wrong and what was typed.
func (s *Server) trainingSaved(w http.ResponseWriter, r *http.Request, err error, done, anchor string) error {
	switch problem.Code(err) {
	case "":
		s.setFlash(w, done)
		return seeOther("/training" + anchor)
	case problem.Invalid:
		return s.renderTraining(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}

// handleTrainingCompleted records a course you completed.
func (s *Server) handleTrainingCompleted(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	course := f.ID("course", "Choose from the list")
	on := f.Date("completed_on", "Enter a real date, like 2026-03-17")
	if course == 0 {
		f.Add("course", "Choose the course you completed")
	}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.RecordTrainingCompleted(r.Context(), actor(r), course, on))
	}
	return s.trainingSaved(w, r, err, "Your training has been recorded.", "#mine")
}

// handleTrainingRequest asks to attend a course.
func (s *Server) handleTrainingRequest(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	course := f.ID("request_course", "Choose from the list")
	if course == 0 {
		f.Add("request_course", "Choose the course you would like to attend")
	}
	err := f.Err()
	if err == nil {
		err = s.db.RequestTraining(r.Context(), actor(r), course)
		// The store names the field course; on this page that is the
		// completion form's, so the message goes to the request's own.
		if msg := problem.Fields(err)["course"]; msg != "" {
			f.Add("request_course", msg)
			err = f.Err()
		}
	}
	return s.trainingSaved(w, r, err, "You have asked to attend. A manager of your team will answer.", "#mine")
}

// handleTrainingDecision approves or declines a request from your team.
func (s *Server) handleTrainingDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var approve bool
	switch r.PostForm.Get("decision") {
	case "approve":
		approve = true
	case "decline":
	default:
		return &statusError{status: http.StatusBadRequest, message: "Choose approve or decline."}
	}
	err = s.db.DecideTrainingRequest(r.Context(), actor(r), id, approve)
	msg := "Request declined."
	if approve {
		msg = "Request approved."
	}
	return s.trainingSaved(w, r, err, msg, "#requests")
}

// handleTrainingCourse adds a course to the catalogue.
func (s *Server) handleTrainingCourse(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	c := staff.Course{Name: f.Text("name"), Provider: f.Text("provider"), LivedExperience: staff.LivedExperience(f.Text("lived_experience")),
		RenewalMonths: f.Int("renewal_months", "Enter the renewal period as a whole number of months, 0 if it never needs renewing"), Modality: f.Text("modality")}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.AddTrainingCourse(r.Context(), actor(r), &c))
	}
	return s.trainingSaved(w, r, err, c.Name+" has been added to the catalogue.", "#catalogue")
}

// handleTrainingMatrix shows who in your teams holds what, what is due
// for renewal and what each team lacks.
func (s *Server) handleTrainingMatrix(w http.ResponseWriter, r *http.Request) error {
	m, err := s.db.TrainingMatrix(r.Context(), teamIDs(currentUser(r)), staff.Today(s.db.Now()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_matrix", view{Title: "Team training matrix", D: m})
	return nil
}
