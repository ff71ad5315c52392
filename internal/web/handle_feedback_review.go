package web

import (
	"net/http"
	"net/url"
	"strconv"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// feedbackReviewData is the manager's review of their teams' feedback.
type feedbackReviewData struct {
	List      store.Paged[care.Feedback]
	Pager     pager
	KeptOut   int // kept out by the spam checks in the last 30 days
	Themes    []form.Option
	Teams     []form.Option
	EditFor   int64 // the feedback whose form holds typed values
	Published []care.YouSaidWeDid
}

func (s *Server) renderFeedbackReview(w http.ResponseWriter, r *http.Request, status int, values url.Values, err error, editFor int64) error {
	ctx := r.Context()
	u := currentUser(r)
	page, perr := pageParam(r, "page")
	if perr != nil {
		return perr
	}
	d := feedbackReviewData{EditFor: editFor, Themes: []form.Option{{Value: "", Label: "No theme"}}}
	for _, t := range care.FeedbackThemes {
		d.Themes = append(d.Themes, form.Option{Value: t, Label: t})
	}
	var lerr error
	if d.List, lerr = s.db.FeedbackPage(ctx, teamIDs(u), page); lerr != nil {
		return lerr
	}
	if d.Pager, lerr = newPager(r, "page", d.List); lerr != nil {
		return lerr
	}
	if d.KeptOut, lerr = s.db.FeedbackKeptOut(ctx, s.db.Now().AddDate(0, 0, -30)); lerr != nil {
		return lerr
	}
	if d.Published, lerr = s.db.YouSaidWeDids(ctx); lerr != nil {
		return lerr
	}
	teams, lerr := s.db.Teams(ctx)
	if lerr != nil {
		return lerr
	}
	for _, t := range teams {
		for _, mine := range u.TeamIDs {
			if mine == t.ID {
				d.Teams = append(d.Teams, form.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
			}
		}
	}
	errs := errorsFrom(err)
	s.render(w, r, status, "feedback_review", view{Title: "Feedback", D: d, Form: values, Errors: errs})
	return nil
}

func (s *Server) handleFeedbackReview(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeedbackReview(w, r, http.StatusOK, nil, nil, 0)
}

func (s *Server) handleFeedbackReviewSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "fid")
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	rv := store.FeedbackReview{Hidden: f.Text("hidden") == "yes", Theme: f.Text("theme"), Reply: f.Text("reply")}
	if err = f.Err(); err == nil {
		err = s.db.ReviewFeedback(r.Context(), actor(r), teamIDs(currentUser(r)), id, version, rv)
	}
	if err != nil {
		if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
			return err
		}
		return s.renderFeedbackReview(w, r, statusFor(err), r.PostForm, err, id)
	}
	s.setFlash(w, "Your review has been saved.")
	return seeOther("/feedback/review")
}

func (s *Server) handleYouSaidWeDidPublish(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	y := care.YouSaidWeDid{YouSaid: f.Text("you_said"), WeDid: f.Text("we_did")}
	if team, perr := strconv.ParseInt(f.Text("action_team"), 10, 64); perr == nil {
		y.TeamID = team
	}
	if err := s.db.PublishYouSaidWeDid(r.Context(), actor(r), teamIDs(currentUser(r)), &y); err != nil {
		if problem.Code(err) != problem.Invalid {
			return err
		}
		return s.renderFeedbackReview(w, r, statusFor(err), r.PostForm, err, 0)
	}
	s.setFlash(w, "Published on the \"You said, we did\" page.")
	return seeOther("/feedback/review")
}
