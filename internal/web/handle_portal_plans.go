package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// planKindOf is the plan a portal address is about: /care-plan/... or
// /crisis-plan/....
func planKindOf(r *http.Request) care.PlanKind {
	if strings.Contains(r.URL.Path, "/crisis-plan/") {
		return care.PlanCrisis
	}
	return care.PlanCare
}

// planURL is the page of a person's plan.
func planURL(personID int64, kind care.PlanKind) string {
	return fmt.Sprintf("/people/%d/%s", personID, kind)
}

// planTalk is what a person has said about one of their plans, shown on
// the plan page: to them, with a way to say more; to staff, with a way to
// mark new comments as seen.
type planTalk struct {
	Kind     care.PlanKind
	PersonID int64
	Comments []care.PlanComment
	Unread   int
	Self     bool // the person themselves is reading
	CanSee   bool // a worker who may mark comments as seen
}

func (s *Server) planTalk(r *http.Request, personID int64, kind care.PlanKind) (planTalk, error) {
	t := planTalk{Kind: kind, PersonID: personID, Self: isSelf(r), CanSee: canEditCare(currentUser(r))}
	var err error
	if t.Comments, err = s.db.PlanComments(r.Context(), personID, kind); err != nil {
		return t, err
	}
	for _, c := range t.Comments {
		if c.Unread() {
			t.Unread++
		}
	}
	return t, nil
}

// planCommentData is the page where a person says what they think of the
// version of a plan they have just read.
type planCommentData struct {
	Person      care.Person
	Kind        care.PlanKind
	PlanID      int64
	Version     int
	SavedAt     string
	EpisodeID   int64
	Agreements  []form.Option
	Earlier     []care.PlanComment
	BackToPlan  string
	Description string
}

// plan reads the plan the person is commenting on: their crisis plan, or
// the care plan of the episode asked for (else their current one).
func (s *Server) planCommentData(r *http.Request, personID int64, values url.Values) (planCommentData, error) {
	d := planCommentData{Kind: planKindOf(r), BackToPlan: planURL(personID, planKindOf(r))}
	var err error
	if d.Person, err = s.viewPerson(r, personID); err != nil {
		return d, err
	}
	ctx := r.Context()
	switch d.Kind {
	case care.PlanCrisis:
		plan, err := s.db.CrisisPlan(ctx, actor(r), personID)
		if err != nil {
			return d, err
		}
		d.PlanID, d.Version, d.SavedAt = plan.ID, plan.Version, uktime.DateTime(plan.UpdatedAt)
	default:
		asked, err := askedEpisode(values)
		if err != nil {
			return d, err
		}
		ep, _, err := s.chooseEpisode(r, personID, asked)
		if err != nil {
			return d, err
		}
		plan, err := s.db.CarePlan(ctx, actor(r), ep.ID)
		if err != nil {
			return d, err
		}
		d.PlanID, d.Version, d.SavedAt, d.EpisodeID = plan.ID, plan.Version, uktime.DateTime(plan.UpdatedAt), ep.ID
		d.BackToPlan += fmt.Sprintf("?episode=%d", ep.ID)
	}
	if d.Version == 0 {
		return d, problem.Errorf(problem.NotFound, "Your %s has not been written yet. Your worker will write it with you.", d.Kind.Label())
	}
	for _, a := range care.PersonAgreements {
		d.Agreements = append(d.Agreements, form.Option{Value: string(a), Label: a.Label()})
	}
	all, err := s.db.PlanComments(ctx, personID, d.Kind)
	for _, c := range all {
		if c.PlanID == d.PlanID {
			d.Earlier = append(d.Earlier, c)
		}
	}
	return d, err
}

func (s *Server) renderPlanComment(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	id, perr := pathID(r)
	if perr != nil {
		return perr
	}
	d, derr := s.planCommentData(r, id, r.URL.Query())
	if derr != nil {
		return derr
	}
	if posted == nil {
		posted = url.Values{"plan_version": {strconv.Itoa(d.Version)}}
	}
	s.render(w, r, status, "portal_plan_comment", view{Title: "What I think of my " + d.Kind.Label(), D: d, Form: posted,
		Errors: linkedTo(err, "agreement", "comment")})
	return nil
}

func (s *Server) handlePlanCommentForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlanComment(w, r, http.StatusOK, nil, nil)
}

// handlePlanComment keeps what the person said against the version they
// read; if the plan changed meanwhile their words stay in the box.
func (s *Server) handlePlanComment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	c := care.PlanComment{PersonID: id, Plan: planKindOf(r), PlanID: f.ID("plan_id", "There is no saved plan to comment on yet"),
		PlanVersion: f.Int("plan_version", "There is no saved plan to comment on yet"),
		Agreement:   care.PersonAgreement(f.Text("agreement")), Text: f.Text("comment")}
	if err = f.Err(); err == nil {
		err = f.With(s.db.AddPlanComment(r.Context(), actor(r), &c))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Thank you. Your team can now see what you said about your "+c.Plan.Label()+".")
		return seeOther(planURL(id, c.Plan) + "#what-i-think")
	case problem.Invalid, problem.Conflict:
		return s.renderPlanComment(w, r, statusFor(err), r.PostForm, err)
	}
	return err
}

// handlePlanCommentsSeen marks the person's new comments on a plan as seen
// by the worker, so they leave the team's home page.
func (s *Server) handlePlanCommentsSeen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	kind := planKindOf(r)
	n, err := s.db.MarkPlanCommentsSeen(r.Context(), actor(r), id, kind)
	if err != nil {
		return err
	}
	s.setFlash(w, fmt.Sprintf("%d new %s marked as seen.", n, plural(n, "comment", "comments")))
	return seeOther(planURL(id, kind) + "#what-i-think")
}

// handleOwnGoalRating records the person's own 0 to 10 rating of a goal.
func (s *Server) handleOwnGoalRating(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	goal, err := pathInt(r, "goal")
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	rating := care.GoalRating{GoalID: goal, Rating: f.Int("rating", "Choose a number from 0 to 10"), Note: f.Text("note")}
	if err = f.Err(); err == nil {
		err = s.db.RateOwnGoal(r.Context(), actor(r), id, &rating)
	}
	if err != nil {
		if problem.Code(err) == problem.Invalid {
			return problem.Errorf(problem.Invalid, "Choose a number from 0 to 10 for how your goal is going, then press Save my rating")
		}
		return err
	}
	s.setFlash(w, fmt.Sprintf("Thank you. You rated this goal %d out of 10.", rating.Rating))
	return seeOther(planURL(id, care.PlanCare) + "#goals")
}

// isSelf reports whether the signed-in user is the person whose record
// this is.
func isSelf(r *http.Request) bool { return currentUser(r).Role == auth.ServiceUser }

// plural is one or many, by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// newCommentsData lists the people on a worker's caseload who have said
// something about their plans that nobody has marked as seen yet.
type newCommentsData struct {
	People []store.UnreadComments
	Limit  int
}

// handleNewPlanComments is its own page (and the home page loads its list
// after drawing, so the home page stays within its statement budget).
func (s *Server) handleNewPlanComments(w http.ResponseWriter, r *http.Request) error {
	d := newCommentsData{Limit: store.PageSize}
	var err error
	if d.People, err = s.db.UnreadPlanComments(r.Context(), currentUser(r).ID, d.Limit); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portal_new_comments", view{Title: "New comments on plans", D: d})
	return nil
}
