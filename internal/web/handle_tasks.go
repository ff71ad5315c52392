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
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

type tasksData struct {
	Now        time.Time
	Mine, Team store.Paged[store.TaskRow]
	// Each list has its own pager, so paging one keeps the other's page.
	MinePager, TeamPager pager
	Manager              bool
}

// handleTasks lists my open tasks, and for team managers every open task
// in their teams, overdue ones flagged in words.
func (s *Server) handleTasks(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	ctx := r.Context()
	d := tasksData{Now: s.db.Now(), Manager: u.Role == auth.TeamManager}
	mine, err := pageParam(r, "page")
	if err != nil {
		return err
	}
	if d.Mine, err = s.db.TasksPage(ctx, store.TaskFilter{AssigneeID: u.ID, OpenOnly: true}, mine); err != nil {
		return err
	}
	if d.MinePager, err = newPager(r, "page", d.Mine); err != nil {
		return err
	}
	if d.Manager {
		team, err := pageParam(r, "team_page")
		if err != nil {
			return err
		}
		if d.Team, err = s.db.TasksPage(ctx, store.TaskFilter{TeamIDs: teamIDs(u), OpenOnly: true}, team); err != nil {
			return err
		}
		if d.TeamPager, err = newPager(r, "team_page", d.Team); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "tasks", view{Title: "Tasks", D: d})
	return nil
}

// tasksURL is the signed-in worker's task list.
const tasksURL = "/tasks"

type followUpData struct {
	Person      care.Person
	Task        store.TaskRow
	Appointment *store.AppointmentRow
	Now         time.Time
	outreachChoices
}

func (s *Server) followUpData(r *http.Request) (followUpData, error) {
	d := followUpData{Now: s.db.Now(), outreachChoices: newOutreachChoices()}
	id, err := pathID(r)
	if err != nil {
		return d, err
	}
	tid, err := pathInt(r, "tid")
	if err != nil {
		return d, err
	}
	ctx := r.Context()
	if d.Person, err = s.viewPerson(r, id); err != nil {
		return d, err
	}
	tasks, err := s.db.Tasks(ctx, store.TaskFilter{PersonID: id, Limit: store.AllRows})
	if err != nil {
		return d, err
	}
	i := slices.IndexFunc(tasks, func(t store.TaskRow) bool { return t.ID == tid })
	if i < 0 {
		return d, problem.Errorf(problem.NotFound, "No task with that id for this person")
	}
	d.Task = tasks[i]
	if d.Task.AppointmentID != 0 {
		aps, err := s.db.Appointments(ctx, store.AppointmentFilter{PersonID: id, Limit: store.AllRows})
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

func (s *Server) renderFollowUp(w http.ResponseWriter, r *http.Request, status int, d followUpData, posted url.Values, err error) {
	s.render(w, r, status, "followup", view{Title: "Follow up: " + d.Person.DisplayName(), D: d, Form: posted, Errors: linkedTo(err, outreachControls...)})
}

func (s *Server) handleFollowUpForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.followUpData(r)
	if err != nil {
		return err
	}
	// Portal: a person's request is dealt with where it can be actioned.
	if d.Task.Kind == care.TaskPortalRequest {
		return seeOther(fmt.Sprintf("/people/%d/requests#request-%d", d.Person.ID, d.Task.ID))
	}
	s.renderFollowUp(w, r, http.StatusOK, d, url.Values{"outreach_date": {uktime.Date(d.Now)}, form.VersionField: {fmt.Sprint(d.Task.Version)}}, nil)
	return nil
}

// handleFollowUp records the outreach that follows up a task and closes it.
func (s *Server) handleFollowUp(w http.ResponseWriter, r *http.Request) error {
	d, err := s.followUpData(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	o := readOutreach(f, d.Person.ID, d.Now)
	version := f.Version()
	if err = f.Err(); err == nil {
		err = f.With(onControls(s.db.CompleteFollowUp(r.Context(), actor(r), d.Person.ID, d.Task.ID, version, &o), outreachFields))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Follow-up recorded and the task is done.")
		http.Redirect(w, r, tasksURL, http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		s.renderFollowUp(w, r, statusFor(err), d, r.PostForm, err)
		return nil
	}
	return err
}

// taskTable is one list of tasks on the tasks page.
type taskTable struct {
	ID, Heading string
	Rows        []store.TaskRow
	Now         time.Time
	Assignee    bool
	Pager       pager
}

// Tables are the lists the page shows: mine, then my teams' for managers.
func (d tasksData) Tables() []taskTable {
	out := []taskTable{{"my-tasks", "Your tasks", d.Mine.Rows, d.Now, false, d.MinePager}}
	if d.Manager {
		out = append(out, taskTable{"team-tasks", "Your teams' tasks", d.Team.Rows, d.Now, true, d.TeamPager})
	}
	return out
}
