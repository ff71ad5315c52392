package web

import (
	"net/http"
	"net/url"

	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type capacityData struct {
	Workers      []store.WorkerCapacity
	Near, Over   int
	StaffOptions []form.Option
}

func (s *Server) renderCapacity(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	ctx, u := r.Context(), currentUser(r)
	var d capacityData
	var derr error
	if d.Workers, derr = s.db.Capacities(ctx, teamIDs(u)); derr != nil {
		return derr
	}
	for _, wc := range d.Workers {
		switch wc.Load.Level {
		case staff.Near:
			d.Near++
		case staff.Over:
			d.Over++
		}
	}
	people, derr := s.db.TeamStaff(ctx, teamIDs(u))
	if derr != nil {
		return derr
	}
	d.StaffOptions = staffOptions(people)
	if posted == nil {
		posted = url.Values{"full_time": {"40"}, "time_percent": {"100"}}
	}
	s.render(w, r, status, "capacity", view{Title: "Caseload capacity", D: d, Form: posted, Errors: errorsFrom(err)})
	return nil
}

// handleCapacity shows every worker's weighted caseload against their
// limit, flagged near (90%) and over (100%). Nothing is ever blocked.
func (s *Server) handleCapacity(w http.ResponseWriter, r *http.Request) error {
	return s.renderCapacity(w, r, http.StatusOK, nil, nil)
}

// handleCapacitySet sets one worker's limit.
func (s *Server) handleCapacitySet(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	c := staff.Capacity{UserID: f.ID("worker", "Choose from the list"),
		FullTime:    f.Int("full_time", "Enter the full-time limit as a whole number of points, like 40"),
		TimePercent: f.Int("time_percent", "Enter the share of full time as a whole number, like 60")}
	if c.UserID == 0 {
		f.Add("worker", "Choose whose limit to set")
	}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.SetCapacity(r.Context(), actor(r), c))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "The caseload limit has been saved.")
		return seeOther("/capacity")
	case problem.Invalid:
		return s.renderCapacity(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}
