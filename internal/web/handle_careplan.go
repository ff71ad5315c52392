package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type goalView struct {
	care.Goal
	StatusLabel string
	Latest      string // the latest rating, or "" when never rated
	Trend       string // every rating in words, oldest first
	Points      string // an SVG polyline of the ratings, 0–10 over a 100×30 box
}

func goalViews(goals []care.Goal, episodeID int64) []goalView {
	var out []goalView
	for _, g := range goals {
		if g.EpisodeID != 0 && g.EpisodeID != episodeID {
			continue
		}
		v := goalView{Goal: g, StatusLabel: care.GoalStatusLabel(g.Status)}
		var words, pts []string
		for i, r := range g.Ratings {
			words = append(words, strconv.Itoa(r.Rating))
			x := 50
			if len(g.Ratings) > 1 {
				x = i * 100 / (len(g.Ratings) - 1)
			}
			pts = append(pts, fmt.Sprintf("%d,%d", x, 30-r.Rating*3))
		}
		if n := len(g.Ratings); n > 0 {
			v.Latest = strconv.Itoa(g.Ratings[n-1].Rating)
		}
		v.Trend, v.Points = strings.Join(words, " → "), strings.Join(pts, " ")
		out = append(out, v)
	}
	return out
}

type planConflict struct {
	SavedBy string
	SavedAt time.Time
	Rows    []conflictRow
	Saved   []factRow
}

type carePlanData struct {
	Person    care.Person
	Episode   store.EpisodeRow
	Episodes  []store.EpisodeRow
	Plan      care.CarePlan
	PlanRows  []factRow
	Form      planForm
	Goals     []goalView // active goals
	Closed    []goalView // achieved or set aside, with their last rating
	Liaisons  []care.Liaison
	Versions  []store.PlanVersion
	Overdue   bool
	CanEdit   bool
	Conflict  *planConflict
	Domains   []care.LifeDomain
	Agencies  []care.Agency
	Agreement []care.Agreement
	Ratings   []int
	Today     string
	Print     bool
}

// chooseEpisode picks the episode a care plan page is about: the one asked
// for, else the person's most recent active one, else their latest.
func (s *Server) chooseEpisode(r *http.Request, personID int64, asked string) (store.EpisodeRow, []store.EpisodeRow, error) {
	eps, err := s.db.Episodes(r.Context(), store.EpisodeFilter{PersonID: personID})
	if err != nil {
		return store.EpisodeRow{}, nil, err
	}
	if len(eps) == 0 {
		return store.EpisodeRow{}, nil, problem.Errorf(problem.NotFound, "There is no episode of care yet. A care plan belongs to an episode with a team.")
	}
	if asked != "" {
		id, _ := strconv.ParseInt(asked, 10, 64)
		for _, e := range eps {
			if e.ID == id {
				return e, eps, nil
			}
		}
		return store.EpisodeRow{}, nil, problem.Errorf(problem.NotFound, "No such episode for this person")
	}
	for _, e := range eps {
		if e.Active() {
			return e, eps, nil
		}
	}
	return eps[0], eps, nil
}

// carePlanPage gathers everything the care plan page shows. planValues
// are the plan form's values (nil: the saved plan).
func (s *Server) carePlanPage(r *http.Request, asked string, planValues url.Values, fields map[string]string) (carePlanData, error) {
	id, _ := pathID(r)
	ctx := r.Context()
	var d carePlanData
	p, err := s.db.PersonNoAudit(ctx, id)
	if err != nil {
		return d, err
	}
	d.Person = p
	if d.Episode, d.Episodes, err = s.chooseEpisode(r, id, asked); err != nil {
		return d, err
	}
	if d.Plan, err = s.db.CarePlan(ctx, actor(r), d.Episode.ID); err != nil {
		return d, err
	}
	workers, err := s.db.TeamWorkers(ctx, []int64{d.Episode.TeamID})
	if err != nil {
		return d, err
	}
	goals, err := s.db.Goals(ctx, id)
	if err != nil {
		return d, err
	}
	for _, g := range goalViews(goals, d.Episode.ID) {
		if g.Status == care.GoalActive {
			d.Goals = append(d.Goals, g)
		} else {
			d.Closed = append(d.Closed, g)
		}
	}
	if d.Plan.ID != 0 {
		if d.Liaisons, err = s.db.Liaisons(ctx, d.Plan.ID); err != nil {
			return d, err
		}
		if d.Versions, err = s.db.CarePlanVersions(ctx, d.Plan.ID); err != nil {
			return d, err
		}
	}
	if planValues == nil {
		planValues = carePlanValues(d.Plan)
		if d.Plan.Version == 0 {
			planValues.Set("review_on", isoDate(s.db.Now().AddDate(0, 3, 0)))
		}
	}
	d.Form = buildPlanForm(planValues, fields, workers)
	d.PlanRows = planRows(d.Plan, nil)
	now := s.db.Now()
	d.Overdue, d.CanEdit = d.Plan.ReviewOverdue(now), canEditCare(currentUser(r)) && d.Episode.Active()
	d.Domains, d.Agencies, d.Agreement = care.LifeDomains, care.Agencies, care.Agreements
	d.Ratings, d.Today = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, isoDate(now)
	return d, nil
}

func (s *Server) renderCarePlan(w http.ResponseWriter, r *http.Request, status int, asked string, planValues, form url.Values, err error, conflict *planConflict) {
	d, lerr := s.carePlanPage(r, asked, planValues, problem.Fields(err))
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	d.Conflict = conflict
	s.render(w, r, status, "careplan", view{Title: "Care plan", D: d, Form: form, Errors: errorsFrom(err)})
}

func (s *Server) handleCarePlan(w http.ResponseWriter, r *http.Request) {
	s.renderCarePlan(w, r, http.StatusOK, r.URL.Query().Get("episode"), nil, nil, nil, nil)
}

func (s *Server) handleCarePlanPrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.carePlanPage(r, r.URL.Query().Get("episode"), nil, nil)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	d.Print = true
	s.render(w, r, http.StatusOK, "careplan_print", view{Title: "Care plan for " + d.Person.DisplayName(), D: d})
}

// carePlanConflictError is shown above the two versions.
var carePlanConflictError = &problem.Error{Code: problem.Conflict,
	Message: "Someone else saved this care plan while you were editing. Your changes have not been saved yet: compare the two versions below.",
	Fields:  map[string]string{"conflict": "Someone else saved this care plan while you were editing"}}

// handleCarePlanSave saves the plan if nobody else has saved it since the
// form was opened. Otherwise it answers 409 with the saved version beside
// what was typed, and everything typed still in the form.
func (s *Server) handleCarePlanSave(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	ctx := r.Context()
	asked := r.PostForm.Get("episode")
	e, _, err := s.chooseEpisode(r, id, asked)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	asked = strconv.FormatInt(e.ID, 10)
	typed, invalid := parseCarePlan(r.PostForm, id, e.ID)
	if invalid == nil {
		err = s.db.SaveCarePlan(ctx, actor(r), &typed)
		switch problem.Code(err) {
		case "":
			s.setFlash(w, fmt.Sprintf("The care plan has been saved (version %d).", typed.Version))
			http.Redirect(w, r, fmt.Sprintf("/people/%d/care-plan?episode=%d", id, e.ID), http.StatusSeeOther)
			return
		case problem.Invalid:
			invalid = err
		case problem.Conflict:
		default:
			s.renderProblem(w, r, err)
			return
		}
	}
	saved, err := s.db.CarePlan(ctx, actor(r), e.ID)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	form := cloneValues(r.PostForm)
	if err := e.CheckActive(care.ChangeCarePlan); err != nil {
		s.renderCarePlan(w, r, http.StatusConflict, asked, form, nil, err, nil)
		return
	}
	if typed.Version == saved.Version {
		s.renderCarePlan(w, r, http.StatusUnprocessableEntity, asked, form, nil, invalid, nil)
		return
	}
	// Someone saved in between: show both; saving again now replaces the
	// version the person has seen.
	c := &planConflict{SavedBy: saved.UpdatedBy, SavedAt: saved.UpdatedAt, Saved: planRows(saved, nil)}
	c.Rows = diffRows(c.Saved, planRows(typed, s.staffNames(r, typed)))
	form.Set("version", strconv.Itoa(saved.Version))
	status, shown := http.StatusConflict, error(carePlanConflictError)
	if invalid != nil {
		status = http.StatusUnprocessableEntity
		shown = problem.Merge(carePlanConflictError, invalid)
	}
	s.renderCarePlan(w, r, status, asked, form, nil, shown, c)
}

// staffNames names the staff owning typed actions, which have ids only.
func (s *Server) staffNames(r *http.Request, p care.CarePlan) map[int64]string {
	out := map[int64]string{}
	for _, n := range p.Needs {
		for _, a := range n.Actions {
			if a.StaffID != 0 && out[a.StaffID] == "" {
				if u, err := s.db.UserByID(r.Context(), a.StaffID); err == nil {
					out[a.StaffID] = u.DisplayName
				}
			}
		}
	}
	return out
}

func (s *Server) handleGoalAdd(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	f := r.PostForm
	e, _, err := s.chooseEpisode(r, id, f.Get("episode"))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	g := care.Goal{PersonID: id, EpisodeID: e.ID, Text: strings.TrimSpace(f.Get("goal_text")), OwnWords: f.Get("own_words") == "yes"}
	var v problem.Validation
	if rating := f.Get("goal_rating"); rating != "" {
		n, err := strconv.Atoi(rating)
		if err != nil {
			v.Add("goal_rating", "Rate the goal from 0 to 10")
		}
		g.Ratings = []care.GoalRating{{Rating: n, Note: strings.TrimSpace(f.Get("goal_note"))}}
	}
	if err = v.Err(); err == nil {
		err = s.db.AddGoal(r.Context(), actor(r), &g)
	}
	if err != nil {
		s.afterCarePlanPart(w, r, e.ID, prefixed(err, "goal_", map[string]string{"goal_rating": "rating"}))
		return
	}
	s.setFlash(w, "The goal has been added to the care plan.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/care-plan?episode=%d#goals", id, e.ID), http.StatusSeeOther)
}

// personGoal reads the {goal} in the path and checks it is the person's.
func (s *Server) personGoal(r *http.Request, personID int64) (care.Goal, error) {
	goalID, err := pathInt(r, "goal")
	if err != nil {
		return care.Goal{}, err
	}
	goals, err := s.db.Goals(r.Context(), personID)
	if err != nil {
		return care.Goal{}, err
	}
	for _, g := range goals {
		if g.ID == goalID {
			return g, nil
		}
	}
	return care.Goal{}, problem.Errorf(problem.NotFound, "No such goal for this person")
}

func (s *Server) handleGoalRate(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	goal, err := s.personGoal(r, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	n, convErr := strconv.Atoi(r.PostForm.Get("rating"))
	rating := care.GoalRating{GoalID: goal.ID, Rating: n, Note: strings.TrimSpace(r.PostForm.Get("note"))}
	if convErr != nil {
		rating.Rating = -1 // refused by Validate with the field's message
	}
	err = s.db.RateGoal(r.Context(), actor(r), &rating)
	if err != nil {
		s.afterCarePlanPart(w, r, goal.EpisodeID, prefixed(err, fmt.Sprintf("rate-%d-", goal.ID), nil))
		return
	}
	s.setFlash(w, "The new rating has been recorded.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/care-plan?episode=%d#goals", id, goal.EpisodeID), http.StatusSeeOther)
}

// handleGoalStatus marks a goal achieved or set aside, or reopens it.
func (s *Server) handleGoalStatus(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	goal, err := s.personGoal(r, id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	status := r.PostForm.Get("status")
	if err := s.db.SetGoalStatus(r.Context(), actor(r), id, goal.ID, version, status); err != nil {
		s.afterCarePlanPart(w, r, goal.EpisodeID, prefixed(err, fmt.Sprintf("goal-%d-", goal.ID), nil))
		return
	}
	msg := map[string]string{care.GoalAchieved: "The goal is marked achieved.", care.GoalSetAside: "The goal has been set aside.", care.GoalActive: "The goal is active again."}[status]
	s.setFlash(w, msg)
	http.Redirect(w, r, fmt.Sprintf("/people/%d/care-plan?episode=%d#goals", id, goal.EpisodeID), http.StatusSeeOther)
}

func (s *Server) handleLiaisonAdd(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	f := r.PostForm
	e, _, err := s.chooseEpisode(r, id, f.Get("episode"))
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	plan, err := s.db.CarePlan(r.Context(), actor(r), e.ID)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	on, ok := formDate(f, "liaison_on")
	l := care.Liaison{PersonID: id, PlanID: plan.ID, On: on, Agency: f.Get("liaison_agency"), Contact: strings.TrimSpace(f.Get("liaison_contact")),
		Discussed: strings.TrimSpace(f.Get("liaison_discussed")), Domain: f.Get("liaison_domain")}
	switch {
	case plan.ID == 0:
		err = problem.Errorf(problem.Conflict, "Save the care plan first; liaison is recorded against its needs")
	case !ok:
		var v problem.Validation
		v.Add("liaison_on", "Enter the date as a real date, for example 2026-11-20")
		err = v.Err()
	default:
		err = s.db.AddLiaison(r.Context(), actor(r), &l)
	}
	if err != nil {
		s.afterCarePlanPart(w, r, e.ID, err)
		return
	}
	s.setFlash(w, "The liaison contact has been recorded.")
	http.Redirect(w, r, fmt.Sprintf("/people/%d/care-plan?episode=%d#liaison", id, e.ID), http.StatusSeeOther)
}

// afterCarePlanPart shows the care plan again after a goal, rating or
// liaison form was refused, keeping what was typed in that form.
func (s *Server) afterCarePlanPart(w http.ResponseWriter, r *http.Request, episodeID int64, err error) {
	switch problem.Code(err) {
	case problem.Invalid, problem.Conflict:
		s.renderCarePlan(w, r, statusFor(err), strconv.FormatInt(episodeID, 10), nil, r.PostForm, err, nil)
	default:
		s.renderProblem(w, r, err)
	}
}
