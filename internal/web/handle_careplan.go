package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
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

type carePlanData struct {
	rowLabels
	Person   care.Person
	Episode  store.EpisodeRow
	Episodes []store.EpisodeRow
	Plan     care.CarePlan
	PlanRows []factRow
	Form     planForm
	Goals    []goalView // active goals
	Closed   []goalView // achieved or set aside, with their last rating
	Liaisons []care.Liaison
	Versions []store.PlanVersion
	Overdue  bool
	CanEdit  bool
	Conflict *planConflict
	Domains  []form.Option // life domains, for the liaison form
	Agencies []form.Option
	Ratings  []form.Option // 0 to 10
	Today    string
	Print    bool
	Talk     planTalk // portal: what the person said about the plan
}

// The care plan's fixed choices, made once: the life domains and agencies
// for the liaison form.
var lifeDomainOptions, agencyOptions = func() (domains, agencies []form.Option) {
	for _, d := range care.LifeDomains {
		domains = append(domains, form.Option{Value: d.Code, Label: d.Label})
	}
	for _, a := range care.Agencies {
		agencies = append(agencies, form.Option{Value: a.Code, Label: a.Label})
	}
	return domains, agencies
}()

// askedEpisode reads the episode a care plan request names (0: none).
func askedEpisode(values url.Values) (int64, error) {
	f := form.Read(values)
	id := f.ID("episode", "No such episode for this person")
	if f.Err() != nil {
		return 0, problem.Errorf(problem.NotFound, "No such episode for this person")
	}
	return id, nil
}

// chooseEpisode picks the episode a care plan page is about: the one asked
// for (a non-zero id), else the person's most recent active one, else
// their latest.
func (s *Server) chooseEpisode(r *http.Request, personID, asked int64) (store.EpisodeRow, []store.EpisodeRow, error) {
	eps, err := s.db.Episodes(r.Context(), store.EpisodeFilter{PersonID: personID})
	if err != nil {
		return store.EpisodeRow{}, nil, err
	}
	if len(eps) == 0 {
		return store.EpisodeRow{}, nil, problem.Errorf(problem.NotFound, "There is no episode of care yet. A care plan belongs to an episode with a team.")
	}
	if asked != 0 {
		for _, e := range eps {
			if e.ID == asked {
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

// postedEpisode reads the person in the path and the episode a care plan
// form is posted for.
func (s *Server) postedEpisode(r *http.Request) (int64, store.EpisodeRow, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, store.EpisodeRow{}, err
	}
	asked, err := askedEpisode(r.PostForm)
	if err != nil {
		return 0, store.EpisodeRow{}, err
	}
	e, _, err := s.chooseEpisode(r, id, asked)
	return id, e, err
}

// carePlanShown is what the care plan page shows besides the saved
// records: after a refused save, what was typed and what went wrong.
type carePlanShown struct {
	status   int
	episode  int64      // the episode asked for (0: the person's current one)
	plan     url.Values // the plan form's values (nil: the saved plan)
	part     url.Values // a goal, rating or liaison form's values
	err      error
	conflict *planConflict
	print    bool // the printable plan, which has no forms
}

// carePlanPage gathers everything the care plan page shows.
func (s *Server) carePlanPage(r *http.Request, personID int64, shown carePlanShown) (carePlanData, error) {
	ctx := r.Context()
	var d carePlanData
	p, err := s.guardedPerson(r, personID)
	if err != nil {
		return d, err
	}
	d.Person = p
	if d.Episode, d.Episodes, err = s.chooseEpisode(r, personID, shown.episode); err != nil {
		return d, err
	}
	if d.Plan, err = s.db.CarePlanNoAudit(ctx, d.Episode.ID); err != nil {
		return d, err
	}
	// The view is audited as store.CarePlan audits it, through the gate.
	if err = s.auditView(r, personID, store.CarePlanRecord(d.Episode.ID)); err != nil {
		return d, err
	}
	goals, err := s.db.EpisodeGoals(ctx, personID, d.Episode.ID)
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
	now := s.db.Now()
	d.Overdue, d.CanEdit, d.Print = d.Plan.ReviewOverdue(now), canEditCare(currentUser(r)) && d.Episode.Active(), shown.print
	// Those who may change the plan get its form, with the team's workers
	// as owners; anyone else the plan as rows; the printable plan neither.
	switch {
	case d.Print:
	case d.CanEdit:
		workers, err := s.db.TeamWorkers(ctx, []int64{d.Episode.TeamID})
		if err != nil {
			return d, err
		}
		planValues := shown.plan
		if planValues == nil {
			planValues = carePlanValues(d.Plan)
			if d.Plan.Version == 0 {
				planValues.Set("review_on", uktime.Date(now.AddDate(0, 3, 0)))
			}
		}
		d.Form = buildPlanForm(planValues, problem.Fields(shown.err), workers)
	default:
		d.PlanRows = planRows(d.Plan, nil)
	}
	d.Domains, d.Agencies, d.Ratings = lifeDomainOptions, agencyOptions, goalRatings
	d.Today = uktime.Date(now)
	d.Conflict = shown.conflict
	// Portal: what the person said about their plan.
	d.Talk, err = s.planTalk(r, personID, care.PlanCare)
	return d, err
}

func (s *Server) renderCarePlan(w http.ResponseWriter, r *http.Request, personID int64, shown carePlanShown) error {
	d, err := s.carePlanPage(r, personID, shown)
	if err != nil {
		return err
	}
	errs := errorsFrom(shown.err)
	if errs != nil {
		errs.pointAt(carePlanAnchors(d, shown.err))
	}
	s.render(w, r, shown.status, "careplan", view{Title: "Care plan", D: d, Form: shown.part, Errors: errs})
	return nil
}

// carePlanAnchors links each problem in the error summary to the control
// it is about: most fields are named as their control, a goal's status
// and version go to its first status button, and a conflict to the
// warning that sets the two versions side by side.
func carePlanAnchors(d carePlanData, err error) map[string]string {
	first := "need-" + care.LifeDomains[0].Code // the plan form's first control
	ids := map[string]string{"conflict": "conflict", form.VersionField: first, "episode": first, "need": first,
		"goal_person": "goal_text", "goal_status": "goal_text", "goal_note": "goal_text"}
	for field := range problem.Fields(err) {
		if _, ok := ids[field]; !ok {
			ids[field] = field
		}
	}
	for _, g := range append(append([]goalView{}, d.Goals...), d.Closed...) {
		status := fmt.Sprintf("goal-%d-status", g.ID)
		ids[fmt.Sprintf("goal-%d-version", g.ID)] = status
		ids[fmt.Sprintf("rate-%d-note", g.ID)] = fmt.Sprintf("rate-%d-rating", g.ID)
		ids[fmt.Sprintf("rate-%d-goal", g.ID)] = fmt.Sprintf("rate-%d-rating", g.ID)
	}
	return ids
}

// askedPlan reads the person in the path and the episode in the query
// (0: the person's current one) of a care plan page.
func askedPlan(r *http.Request) (int64, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	asked, err := askedEpisode(r.URL.Query())
	return id, asked, err
}

func (s *Server) handleCarePlan(w http.ResponseWriter, r *http.Request) error {
	id, asked, err := askedPlan(r)
	if err != nil {
		return err
	}
	return s.renderCarePlan(w, r, id, carePlanShown{status: http.StatusOK, episode: asked})
}

func (s *Server) handleCarePlanPrint(w http.ResponseWriter, r *http.Request) error {
	id, asked, err := askedPlan(r)
	if err != nil {
		return err
	}
	d, err := s.carePlanPage(r, id, carePlanShown{episode: asked, print: true})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "careplan_print", view{Title: "Care plan for " + d.Person.DisplayName(), D: d})
	return nil
}

// handleCarePlanSave saves the plan through the one save-with-conflict
// flow (savePlan); a plan whose episode has ended cannot change at all.
func (s *Server) handleCarePlanSave(w http.ResponseWriter, r *http.Request) error {
	id, e, err := s.postedEpisode(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	typed, invalid := parseCarePlan(r.PostForm, id, e.ID)
	return s.savePlan(w, r, planSave{
		What:    "care plan",
		Version: typed.Version,
		Invalid: invalid,
		Closed:  e.CheckActive(care.ChangeCarePlan),
		Save: func() (int, error) {
			err := s.db.SaveCarePlan(ctx, actor(r), &typed)
			return typed.Version, err
		},
		Saved: func() (savedPlan, error) {
			saved, err := s.db.CarePlan(ctx, actor(r), e.ID)
			return savedPlan{Version: saved.Version, By: saved.UpdatedBy, At: saved.UpdatedAt, Rows: planRows(saved, nil)}, err
		},
		Yours: func() []factRow { return planRows(typed, s.staffNames(r, typed)) },
		Done:  carePlanURL(id, e.ID),
		Render: func(status int, values url.Values, err error, c *planConflict) error {
			return s.renderCarePlan(w, r, id, carePlanShown{status: status, episode: e.ID, plan: values, err: err, conflict: c})
		},
	})
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

func (s *Server) handleGoalAdd(w http.ResponseWriter, r *http.Request) error {
	id, e, err := s.postedEpisode(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	g := care.Goal{PersonID: id, EpisodeID: e.ID, Text: f.Text("goal_text"), OwnWords: f.Text("own_words") == "yes"}
	if rating := f.OptionalInt("goal_rating", "Rate the goal from 0 to 10"); rating != nil {
		g.Ratings = []care.GoalRating{{Rating: *rating, Note: f.Text("goal_note")}}
	}
	if err = f.Err(); err == nil {
		err = s.db.AddGoal(r.Context(), actor(r), &g)
	}
	return s.afterCarePlanPart(w, r, id, e.ID, prefixed(err, "goal_", map[string]string{"goal_rating": "rating"}), "goals", "The goal has been added to the care plan.")
}

// personGoal reads the person and the {goal} in the path and checks the
// goal is the person's.
func (s *Server) personGoal(r *http.Request) (int64, care.Goal, error) {
	personID, err := pathID(r)
	if err != nil {
		return 0, care.Goal{}, err
	}
	goalID, err := pathInt(r, "goal")
	if err != nil {
		return 0, care.Goal{}, err
	}
	goals, err := s.db.Goals(r.Context(), personID)
	if err != nil {
		return 0, care.Goal{}, err
	}
	for _, g := range goals {
		if g.ID == goalID {
			return personID, g, nil
		}
	}
	return 0, care.Goal{}, problem.Errorf(problem.NotFound, "No such goal for this person")
}

func (s *Server) handleGoalRate(w http.ResponseWriter, r *http.Request) error {
	id, goal, err := s.personGoal(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	// No rating chosen is -1, which the domain refuses with the field's message.
	rating := care.GoalRating{GoalID: goal.ID, Rating: -1, Note: f.Text("note")}
	if n := f.OptionalInt("rating", "Rate the goal from 0 to 10"); n != nil {
		rating.Rating = *n
	}
	if err = f.Err(); err == nil {
		err = s.db.RateGoal(r.Context(), actor(r), &rating)
	}
	return s.afterCarePlanPart(w, r, id, goal.EpisodeID, prefixed(err, fmt.Sprintf("rate-%d-", goal.ID), nil), "goals", "The new rating has been recorded.")
}

// handleGoalStatus marks a goal achieved or set aside, or reopens it.
func (s *Server) handleGoalStatus(w http.ResponseWriter, r *http.Request) error {
	id, goal, err := s.personGoal(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version, status := f.Version(), f.Text("status")
	if err = f.Err(); err == nil {
		err = s.db.SetGoalStatus(r.Context(), actor(r), id, goal.ID, version, status)
	}
	done := map[string]string{care.GoalAchieved: "The goal is marked achieved.", care.GoalSetAside: "The goal has been set aside.", care.GoalActive: "The goal is active again."}[status]
	return s.afterCarePlanPart(w, r, id, goal.EpisodeID, prefixed(err, fmt.Sprintf("goal-%d-", goal.ID), nil), "goals", done)
}

func (s *Server) handleLiaisonAdd(w http.ResponseWriter, r *http.Request) error {
	id, e, err := s.postedEpisode(r)
	if err != nil {
		return err
	}
	plan, err := s.db.CarePlan(r.Context(), actor(r), e.ID)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	l := care.Liaison{PersonID: id, PlanID: plan.ID, On: f.Date("liaison_on", "Enter the date as a real date, for example 2026-11-20"),
		Agency: f.Text("liaison_agency"), Contact: f.Text("liaison_contact"), Discussed: f.Text("liaison_discussed"), Domain: f.Text("liaison_domain")}
	switch {
	case plan.ID == 0:
		err = problem.Errorf(problem.Conflict, "Save the care plan first; liaison is recorded against its needs")
	case f.Err() != nil:
		err = f.Err()
	default:
		err = s.db.AddLiaison(r.Context(), actor(r), &l)
	}
	return s.afterCarePlanPart(w, r, id, e.ID, err, "liaison", "The liaison contact has been recorded.")
}

// afterCarePlanPart goes back to the section of the care plan a goal,
// rating or liaison form is in, with a message; or, when the form was
// refused, shows the care plan again keeping what was typed in that form.
// Any other error is returned to be shown on its own.
func (s *Server) afterCarePlanPart(w http.ResponseWriter, r *http.Request, personID, episodeID int64, err error, section, done string) error {
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, carePlanURL(personID, episodeID)+"#"+section, http.StatusSeeOther)
		return nil
	}
	switch problem.Code(err) {
	case problem.Invalid, problem.Conflict:
		return s.renderCarePlan(w, r, personID, carePlanShown{status: statusFor(err), episode: episodeID, part: r.PostForm, err: err})
	}
	return err
}
