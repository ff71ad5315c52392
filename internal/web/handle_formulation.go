package web

import (
	"net/http"
	"net/url"
	"strconv"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

type formulationData struct {
	Referral store.ReferralRow
	Person   care.Person
	Sections []care.FormulationSection
	Current  *care.Formulation
	Saved    *care.Formulation // the newer version saved by someone else, after a conflict
	Comments []care.FormulationComment
	Self     bool
	CanEdit  bool
	History  []care.Formulation
	TooLong  int
}

func formulationForm(f care.Formulation) url.Values {
	v := url.Values{"version": {strconv.Itoa(f.Version)}}
	for _, s := range care.FormulationSections {
		v.Set(s.Field, f.Section(s.Field))
	}
	return v
}

// loadFormulation gathers what the formulation pages show.
func (s *Server) loadFormulation(r *http.Request, ref store.ReferralRow) (formulationData, error) {
	ctx, a := r.Context(), actor(r)
	d := formulationData{Referral: ref, Sections: care.FormulationSections, Self: a.Relationship == auth.RelSelf}
	d.CanEdit = !d.Self
	var err error
	if d.Person, err = s.db.PersonNoAudit(ctx, ref.PersonID); err != nil {
		return d, err
	}
	f, found, err := s.db.Formulation(ctx, a, ref.ID)
	if err != nil {
		return d, err
	}
	if found {
		d.Current = &f
		if d.Comments, err = s.db.FormulationComments(ctx, f.ID); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (s *Server) handleFormulation(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	d, err := s.loadFormulation(r, ref)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	f := url.Values{"version": {"0"}}
	if d.Current != nil {
		f = formulationForm(*d.Current)
	}
	s.render(w, r, http.StatusOK, "formulation", view{Title: "Formulation", D: d, Form: f})
}

func (s *Server) handleFormulationSave(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	pf := r.PostForm
	version, _ := strconv.Atoi(pf.Get("version"))
	typed := care.Formulation{PersonID: ref.PersonID, ReferralID: ref.ID, Version: version}
	for _, sec := range care.FormulationSections {
		typed.SetSection(sec.Field, formText(pf, sec.Field))
	}
	err := s.db.SaveFormulation(r.Context(), actor(r), &typed)
	if err == nil {
		s.setFlash(w, "Formulation saved as version "+strconv.Itoa(typed.Version)+". Earlier versions are kept.")
		http.Redirect(w, r, referralPath(ref, "formulation"), http.StatusSeeOther)
		return
	}
	if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
		s.renderProblem(w, r, err)
		return
	}
	d, lerr := s.loadFormulation(r, ref)
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	f := pf
	if problem.Code(err) == problem.Conflict && d.Current != nil {
		// Both versions stay on screen: theirs beside the form, which still
		// holds what was typed; saving again replaces theirs knowingly.
		d.Saved = d.Current
		f = cloneValues(pf)
		f.Set("version", strconv.Itoa(d.Current.Version))
	}
	s.render(w, r, statusFor(err), "formulation", view{Title: "Formulation", D: d, Form: f, Errors: errorsFrom(err)})
}

func (s *Server) handleFormulationHistory(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	d, err := s.loadFormulation(r, ref)
	if err == nil {
		d.History, err = s.db.FormulationHistory(r.Context(), ref.ID)
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "formulation_history", view{Title: "Earlier versions of the formulation", D: d})
}

func (s *Server) handleFormulationPrint(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	d, err := s.loadFormulation(r, ref)
	if err == nil && d.Current == nil {
		err = problem.Errorf(problem.NotFound, "No formulation has been written yet")
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "formulation_print", view{Title: "Our shared understanding: " + d.Person.DisplayName(), D: d})
}

func (s *Server) handleFormulationComment(w http.ResponseWriter, r *http.Request) {
	ref, ok := s.pathReferral(w, r)
	if !ok {
		return
	}
	d, err := s.loadFormulation(r, ref)
	if err == nil && d.Current == nil {
		err = problem.Errorf(problem.NotFound, "No formulation has been written yet")
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	c := care.FormulationComment{FormulationID: d.Current.ID, PersonID: ref.PersonID, Text: formText(r.PostForm, "comment")}
	if err := s.db.AddFormulationComment(r.Context(), actor(r), &c); err != nil {
		if problem.Code(err) != problem.Invalid {
			s.renderProblem(w, r, err)
			return
		}
		f := formulationForm(*d.Current)
		f.Set("comment", r.PostForm.Get("comment"))
		s.render(w, r, statusFor(err), "formulation", view{Title: "Formulation", D: d, Form: f, Errors: errorsFrom(err)})
		return
	}
	s.setFlash(w, "Your comment has been added.")
	http.Redirect(w, r, referralPath(ref, "formulation"), http.StatusSeeOther)
}
