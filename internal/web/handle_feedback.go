package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/web/form"
)

// feedbackData is the feedback form, public or in the portal.
type feedbackData struct {
	Question string
	Answers  []form.Option
	Teams    []form.Option
	Action   string
	Stamp    string // the signed time the form was drawn (public form only)
	Portal   bool
}

func (s *Server) renderFeedbackForm(w http.ResponseWriter, r *http.Request, status int, action string, portal bool, values url.Values, err error) error {
	ctx := r.Context()
	d := feedbackData{Question: care.FFTQuestion, Action: action, Portal: portal}
	for _, a := range care.FFTAnswers {
		d.Answers = append(d.Answers, form.Option{Value: string(a), Label: a.Label()})
	}
	teams, terr := s.db.Teams(ctx)
	if terr != nil {
		return terr
	}
	for _, t := range teams {
		d.Teams = append(d.Teams, form.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
	}
	if !portal {
		var serr error
		if d.Stamp, serr = s.feedbackStamp(ctx, s.db.Now()); serr != nil {
			return serr
		}
	}
	errs := errorsFrom(err)
	errs.pointAt(map[string]string{"team": "team", "answer": "answer", "text": "text", "name": "name", "contact": "contact"})
	s.render(w, r, status, "feedback", view{Title: "Tell us what you think", D: d, Form: values, Errors: errs})
	return nil
}

// readFeedback reads the form's feedback; the team is checked by Validate.
func readFeedback(f *form.Form) care.Feedback {
	fb := care.Feedback{Answer: care.FFTAnswer(f.Text("answer")), Text: f.Text("text"), WantsContact: f.Text("contact_wish") == "yes"}
	if team, err := strconv.ParseInt(f.Text("team"), 10, 64); err == nil && team > 0 {
		fb.TeamID = team
	}
	if f.Text("anonymous") != "yes" {
		fb.Name, fb.Contact = f.Text("name"), f.Text("contact")
	}
	return fb
}

func (s *Server) handleFeedbackForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeedbackForm(w, r, http.StatusOK, "/feedback", false, nil, nil)
}

// handleFeedbackSend takes feedback from anyone. What the spam checks keep
// out gets the same thank-you page as real feedback.
func (s *Server) handleFeedbackSend(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := form.Read(r.PostForm)
	fb := readFeedback(f)
	renderedAt, err := s.feedbackStampTime(ctx, f.Text("form_stamp"))
	if err != nil {
		return err
	}
	key, err := s.db.FeedbackKey(ctx)
	if err != nil {
		return err
	}
	sub := care.FeedbackSubmission{Honeypot: f.Text("website"), RenderedAt: renderedAt}
	if _, err := s.db.AddFeedback(ctx, &fb, addressHash(key, remoteAddr(r)), &sub); err != nil {
		if problem.Code(err) != problem.Invalid {
			return err
		}
		return s.renderFeedbackForm(w, r, statusFor(err), "/feedback", false, r.PostForm, err)
	}
	s.render(w, r, http.StatusOK, "feedback_thanks", view{Title: "Thank you for your feedback"})
	return nil
}

func (s *Server) handlePortalFeedbackForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderFeedbackForm(w, r, http.StatusOK, fmt.Sprintf("/people/%d/feedback", id), true, nil, nil)
}

// handlePortalFeedbackSend takes feedback from a signed-in service user:
// the session and its CSRF token already show a person sent it.
func (s *Server) handlePortalFeedbackSend(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fb := readFeedback(form.Read(r.PostForm))
	fb.FromPortal = true
	if _, err := s.db.AddFeedback(r.Context(), &fb, "", nil); err != nil {
		if problem.Code(err) != problem.Invalid {
			return err
		}
		return s.renderFeedbackForm(w, r, statusFor(err), fmt.Sprintf("/people/%d/feedback", id), true, r.PostForm, err)
	}
	s.render(w, r, http.StatusOK, "feedback_thanks", view{Title: "Thank you for your feedback"})
	return nil
}

func (s *Server) handleYouSaidWeDid(w http.ResponseWriter, r *http.Request) error {
	list, err := s.db.YouSaidWeDids(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "feedback_you_said", view{Title: "You said, we did", D: list})
	return nil
}
