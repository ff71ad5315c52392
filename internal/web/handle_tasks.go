package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type tasksData struct {
	Now     time.Time
	Mine    []store.TaskRow
	Team    []store.TaskRow
	Manager bool
}

// handleTasks lists my open tasks, and for team managers every open task
// in their teams, overdue ones flagged in words.
func (s *Server) handleTasks(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	d := tasksData{Now: s.db.Now(), Manager: u.Role == auth.TeamManager}
	var err error
	d.Mine, err = s.db.Tasks(ctx, store.TaskFilter{AssigneeID: u.ID, OpenOnly: true})
	if err == nil && d.Manager {
		d.Team, err = s.db.Tasks(ctx, store.TaskFilter{TeamIDs: teamIDs(u), OpenOnly: true})
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tasks", view{Title: "Tasks", D: d})
}

type followUpData struct {
	Person      care.Person
	Task        store.TaskRow
	Appointment *store.AppointmentRow
	Now         time.Time
	Methods     []care.OutreachMethod
	OutreachOut []care.OutreachOutcome
}

func (s *Server) followUpData(r *http.Request) (followUpData, error) {
	id, _ := pathID(r)
	d := followUpData{Now: s.db.Now(), Methods: care.OutreachMethods, OutreachOut: care.OutreachOutcomes}
	tid, err := subID(r, "tid")
	if err != nil {
		return d, err
	}
	ctx := r.Context()
	if d.Person, err = s.db.Person(ctx, actor(r), id); err != nil {
		return d, err
	}
	tasks, err := s.db.Tasks(ctx, store.TaskFilter{PersonID: id, Limit: 2000})
	if err != nil {
		return d, err
	}
	found := false
	for _, t := range tasks {
		if t.ID == tid {
			d.Task, found = t, true
		}
	}
	if !found {
		return d, problem.Errorf(problem.NotFound, "No task with that id for this person")
	}
	if d.Task.AppointmentID != 0 {
		aps, err := s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, Limit: 2000})
		if err != nil {
			return d, err
		}
		for i := range aps {
			if aps[i].ID == d.Task.AppointmentID {
				d.Appointment = &aps[i]
			}
		}
	}
	return d, nil
}

func (s *Server) handleFollowUpForm(w http.ResponseWriter, r *http.Request) {
	d, err := s.followUpData(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	form := url.Values{"outreach_date": {d.Now.Format(time.DateOnly)}, "version": {fmt.Sprint(d.Task.Version)}}
	s.render(w, r, http.StatusOK, "followup", view{Title: "Follow up: " + d.Person.DisplayName(), D: d, Form: form})
}

// handleFollowUp records the outreach that follows up a task and closes it.
func (s *Server) handleFollowUp(w http.ResponseWriter, r *http.Request) {
	d, err := s.followUpData(r)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	var v problem.Validation
	o := parseOutreach(r.PostForm, d.Person.ID, &v)
	outreachAt(&o, d.Now)
	version := formWhole(r.PostForm, "version", &v, "Reload the page and try again")
	if v.Err() == nil {
		err = s.db.CompleteFollowUp(r.Context(), actor(r), d.Person.ID, d.Task.ID, version, &o)
	}
	if err = combine(&v, err); err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			s.renderProblem(w, r, err)
			return
		}
		s.render(w, r, statusFor(err), "followup", view{Title: "Follow up: " + d.Person.DisplayName(), D: d, Form: r.PostForm, Errors: errorsFrom(err)})
		return
	}
	s.setFlash(w, "Follow-up recorded and the task is done.")
	http.Redirect(w, r, "/tasks", http.StatusSeeOther)
}

// taskTable is one list of tasks on the tasks page.
type taskTable struct {
	ID, Heading string
	Rows        []store.TaskRow
	Now         time.Time
	Assignee    bool
}

// Tables are the lists the page shows: mine, then my teams' for managers.
func (d tasksData) Tables() []taskTable {
	out := []taskTable{{"my-tasks", "Your tasks", d.Mine, d.Now, false}}
	if d.Manager {
		out = append(out, taskTable{"team-tasks", "Your teams' tasks", d.Team, d.Now, true})
	}
	return out
}
