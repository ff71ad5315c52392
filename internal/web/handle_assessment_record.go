package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// assessmentText are the assessment record's free-text fields, in form order.
var assessmentText = []formField{
	{Name: "functioning", Label: "Current functioning", Hint: "Day to day: sleep, eating, work or study, looking after self and home"},
	{Name: "coping", Label: "Coping", Hint: "What the person does when things get hard, including what helps and what costs them"},
	{Name: "strengths", Label: "Strengths", Hint: "What the person is good at and cares about, and who is on their side"},
	{Name: "risk_narrative", Label: "Risk", Hint: "Risk to self and from others, in context: what makes it higher or lower"},
	{Name: "social_note", Label: "About these social needs", Hint: "What is happening and what support the person would like"},
	{Name: "safeguarding_note", Label: "Safeguarding considerations", Hint: "Needed when there are dependent children, even if no action is needed"},
	{Name: "trauma_note", Label: "What the person chose to share", Hint: "Only what they chose to tell us, in their words where possible. Leave blank if they chose not to talk about it."},
	{Name: "goals", Label: "The person's goals, in their own words", Hint: "Write what they said, as they said it"},
}

type assessmentFormData struct {
	Referral    store.ReferralRow
	Fields      map[string]formField
	RiskLevels  []checkOption
	SocialNeeds []checkOption
	Children    []checkOption
	Trauma      []checkOption
	Saved       *care.Assessment // the version saved now, after a conflict
}

func assessmentForm(x care.Assessment) url.Values {
	return url.Values{"functioning": {x.Functioning}, "coping": {x.Coping}, "strengths": {x.Strengths}, "risk_narrative": {x.RiskNarrative},
		"risk_level": {x.RiskLevel}, "social_needs": x.SocialNeeds, "social_note": {x.SocialNote}, "dependent_children": {x.DependentChildren},
		"safeguarding_note": {x.SafeguardingNote}, "trauma": {x.Trauma}, "trauma_note": {x.TraumaNote}, "goals": {x.Goals},
		"version": {strconv.Itoa(x.Version)}}
}

func parseAssessmentForm(f url.Values, ref store.ReferralRow) care.Assessment {
	version, _ := strconv.Atoi(f.Get("version"))
	return care.Assessment{ReferralID: ref.ID, PersonID: ref.PersonID, Functioning: formText(f, "functioning"), Coping: formText(f, "coping"),
		Strengths: formText(f, "strengths"), RiskNarrative: formText(f, "risk_narrative"), RiskLevel: f.Get("risk_level"),
		SocialNeeds: formValues(f, "social_needs"), SocialNote: formText(f, "social_note"), DependentChildren: f.Get("dependent_children"),
		SafeguardingNote: formText(f, "safeguarding_note"), Trauma: f.Get("trauma"), TraumaNote: formText(f, "trauma_note"),
		Goals: formText(f, "goals"), Version: version}
}

func choiceOptions(cs []care.Choice, selected []string) []checkOption {
	out := make([]checkOption, len(cs))
	for i, c := range cs {
		out[i] = checkOption{c.Code, c.Label, contains(selected, c.Code)}
	}
	return out
}

func (s *Server) handleAssessmentForm(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	x, found, err := s.db.Assessment(r.Context(), actor(r), ref.ID)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	f := url.Values{"trauma": {care.TraumaNotAsked}, "dependent_children": {"unknown"}, "version": {"0"}}
	if found {
		f = assessmentForm(x)
	}
	s.renderAssessment(w, r, http.StatusOK, assessmentFormData{Referral: ref}, f, nil)
}

func (s *Server) renderAssessment(w http.ResponseWriter, r *http.Request, status int, d assessmentFormData, f url.Values, fe *formErrors) {
	d.Fields = map[string]formField{}
	for _, spec := range assessmentText {
		spec.Type, spec.Value = "textarea", f.Get(spec.Name)
		if fe != nil {
			spec.Error = fe.Fields[spec.Name]
		}
		d.Fields[spec.Name] = spec
	}
	var risks []care.Choice
	for _, l := range care.RiskLevels {
		risks = append(risks, care.Choice{Code: l, Label: strings.ToUpper(l[:1]) + strings.ReplaceAll(l[1:], "-", " ")})
	}
	d.RiskLevels = choiceOptions(risks, f["risk_level"])
	d.SocialNeeds = choiceOptions(care.SocialNeedAreas, f["social_needs"])
	d.Children = choiceOptions(care.DependentChildrenAnswers, f["dependent_children"])
	d.Trauma = choiceOptions(care.TraumaAnswers, f["trauma"])
	s.render(w, r, status, "assessment_form", view{Title: "Assessment record", D: d, Form: f, Errors: fe})
}

func (s *Server) handleAssessmentSave(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	ctx, a := r.Context(), actor(r)
	x := parseAssessmentForm(r.PostForm, ref)
	err := s.db.SaveAssessment(ctx, a, &x)
	if err == nil {
		s.setFlash(w, "Assessment record saved.")
		http.Redirect(w, r, pathwayPath(ref.PersonID), http.StatusSeeOther)
		return
	}
	d := assessmentFormData{Referral: ref}
	f := r.PostForm
	switch problem.Code(err) {
	case problem.Invalid:
	case problem.Conflict:
		saved, found, rerr := s.db.Assessment(ctx, a, ref.ID)
		if rerr != nil {
			s.renderProblem(w, r, rerr)
			return
		}
		if found {
			// Saving again now replaces the version shown beside the form.
			d.Saved = &saved
			f = cloneValues(f)
			f.Set("version", strconv.Itoa(saved.Version))
		}
	default:
		s.renderProblem(w, r, err)
		return
	}
	s.renderAssessment(w, r, statusFor(err), d, f, errorsFrom(err))
}

// pathwayGroup builds a radio or checkbox group inside a template.
func pathwayGroup(name, legend, hint, err string, options []checkOption) checkGroup {
	return checkGroup{Name: name, Legend: legend, Hint: hint, Error: err, Options: options}
}
