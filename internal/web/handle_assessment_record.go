package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

type assessmentFormData struct {
	Referral    store.ReferralRow
	RiskLevels  []form.Option
	SocialNeeds []form.Option
	Children    []form.Option
	Trauma      []form.Option
	Saved       *care.Assessment // the version saved now, after a conflict
}

func assessmentForm(x care.Assessment) url.Values {
	return url.Values{"functioning": {x.Functioning}, "coping": {x.Coping}, "strengths": {x.Strengths}, "risk_narrative": {x.RiskNarrative},
		"risk_level": {x.RiskLevel}, "social_needs": x.SocialNeeds, "social_note": {x.SocialNote}, "dependent_children": {x.DependentChildren},
		"safeguarding_note": {x.SafeguardingNote}, "trauma": {x.Trauma}, "trauma_note": {x.TraumaNote}, "goals": {x.Goals},
		form.VersionField: {strconv.Itoa(x.Version)}}
}

func parseAssessmentForm(f *form.Form, ref store.ReferralRow) care.Assessment {
	return care.Assessment{ReferralID: ref.ID, PersonID: ref.PersonID, Functioning: f.Text("functioning"), Coping: f.Text("coping"),
		Strengths: f.Text("strengths"), RiskNarrative: f.Text("risk_narrative"), RiskLevel: f.Text("risk_level"),
		SocialNeeds: f.List("social_needs"), SocialNote: f.Text("social_note"), DependentChildren: f.Text("dependent_children"),
		SafeguardingNote: f.Text("safeguarding_note"), Trauma: f.Text("trauma"), TraumaNote: f.Text("trauma_note"),
		Goals: f.Text("goals"), Version: f.Version()}
}

// choiceOptions offers a domain list of choices.
func choiceOptions(cs []care.Choice) []form.Option {
	out := make([]form.Option, len(cs))
	for i, c := range cs {
		out[i] = form.Option{Value: c.Code, Label: c.Label}
	}
	return out
}

func (s *Server) handleAssessmentForm(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	x, found, err := s.db.Assessment(r.Context(), actor(r), ref.ID)
	if err != nil {
		return err
	}
	typed := url.Values{"trauma": {care.TraumaNotAsked}, "dependent_children": {"unknown"}, form.VersionField: {"0"}}
	if found {
		typed = assessmentForm(x)
	}
	s.renderAssessment(w, r, http.StatusOK, assessmentFormData{Referral: ref}, typed, nil)
	return nil
}

func (s *Server) renderAssessment(w http.ResponseWriter, r *http.Request, status int, d assessmentFormData, typed url.Values, err error) {
	for _, l := range care.RiskLevels {
		d.RiskLevels = append(d.RiskLevels, form.Option{Value: l, Label: strings.ToUpper(l[:1]) + strings.ReplaceAll(l[1:], "-", " ")})
	}
	d.SocialNeeds = choiceOptions(care.SocialNeedAreas)
	d.Children = choiceOptions(care.DependentChildrenAnswers)
	d.Trauma = choiceOptions(care.TraumaAnswers)
	fe := errorsFrom(err)
	fe.pointAt(assessmentAnchors)
	s.render(w, r, status, "assessment_form", view{Title: "Assessment record", D: d, Form: typed, Errors: fe})
}

// assessmentAnchors are the form's controls; a group of radios or boxes is
// reached at its first.
var assessmentAnchors = idsNamed("functioning", "coping", "strengths", "risk_level", "risk_narrative", "social_needs", "social_note",
	"dependent_children", "safeguarding_note", "trauma", "trauma_note", "goals")

func (s *Server) handleAssessmentSave(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), actor(r)
	f := form.Read(r.PostForm)
	x := parseAssessmentForm(f, ref)
	if err = f.Err(); err == nil {
		err = s.db.SaveAssessment(ctx, a, &x)
	}
	d := assessmentFormData{Referral: ref}
	typed := r.PostForm
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Assessment record saved.")
		http.Redirect(w, r, pathwayURL(ref.PersonID), http.StatusSeeOther)
		return nil
	case problem.Invalid:
	case problem.Conflict:
		saved, found, rerr := s.db.Assessment(ctx, a, ref.ID)
		if rerr != nil {
			return rerr
		}
		if found {
			// Saving again now replaces the version shown beside the form.
			d.Saved = &saved
			typed = cloneValues(typed)
			typed.Set(form.VersionField, strconv.Itoa(saved.Version))
		}
	default:
		return err
	}
	s.renderAssessment(w, r, statusFor(err), d, typed, err)
	return nil
}
