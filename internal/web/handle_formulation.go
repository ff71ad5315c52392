package web

import (
	"net/http"
	"net/url"
	"strconv"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
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
	v := url.Values{form.VersionField: {strconv.Itoa(f.Version)}}
	for _, s := range care.FormulationSections {
		v.Set(s.Field, f.Section(s.Field))
	}
	return v
}

// formulationURL is the formulation page of a referral.
func formulationURL(ref store.ReferralRow) string { return personReferralURL(ref, "formulation") }

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

// currentFormulation is the referral and its formulation, which must have
// been written.
func (s *Server) currentFormulation(r *http.Request) (store.ReferralRow, formulationData, error) {
	ref, err := s.pathReferral(r)
	if err != nil {
		return ref, formulationData{}, err
	}
	d, err := s.loadFormulation(r, ref)
	if err == nil && d.Current == nil {
		err = problem.Errorf(problem.NotFound, "No formulation has been written yet")
	}
	return ref, d, err
}

// renderFormulation shows the formulation page with the form as typed and
// the problems in err, if any.
func (s *Server) renderFormulation(w http.ResponseWriter, r *http.Request, status int, d formulationData, typed url.Values, err error) {
	names := []string{"comment"}
	if d.CanEdit {
		for _, sec := range d.Sections {
			names = append(names, sec.Field)
		}
	}
	s.render(w, r, status, "formulation", view{Title: "Formulation", D: d, Form: typed, Errors: linkedTo(err, names...)})
}

func (s *Server) handleFormulation(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	d, err := s.loadFormulation(r, ref)
	if err != nil {
		return err
	}
	typed := url.Values{form.VersionField: {"0"}}
	if d.Current != nil {
		typed = formulationForm(*d.Current)
	}
	s.renderFormulation(w, r, http.StatusOK, d, typed, nil)
	return nil
}

func (s *Server) handleFormulationSave(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	typed := care.Formulation{PersonID: ref.PersonID, ReferralID: ref.ID, Version: f.Version()}
	for _, sec := range care.FormulationSections {
		typed.SetSection(sec.Field, f.Text(sec.Field))
	}
	if err = f.Err(); err == nil {
		err = s.db.SaveFormulation(r.Context(), actor(r), &typed)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Formulation saved as version "+strconv.Itoa(typed.Version)+". Earlier versions are kept.")
		http.Redirect(w, r, formulationURL(ref), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
	default:
		return err
	}
	d, lerr := s.loadFormulation(r, ref)
	if lerr != nil {
		return lerr
	}
	shown := r.PostForm
	if problem.Code(err) == problem.Conflict && d.Current != nil {
		// Both versions stay on screen: theirs beside the form, which still
		// holds what was typed; saving again replaces theirs knowingly.
		d.Saved = d.Current
		shown = cloneValues(shown)
		shown.Set(form.VersionField, strconv.Itoa(d.Current.Version))
	}
	s.renderFormulation(w, r, statusFor(err), d, shown, err)
	return nil
}

func (s *Server) handleFormulationHistory(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	d, err := s.loadFormulation(r, ref)
	if err != nil {
		return err
	}
	if d.History, err = s.db.FormulationHistory(r.Context(), ref.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "formulation_history", view{Title: "Earlier versions of the formulation", D: d})
	return nil
}

func (s *Server) handleFormulationPrint(w http.ResponseWriter, r *http.Request) error {
	_, d, err := s.currentFormulation(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "formulation_print", view{Title: "Our shared understanding: " + d.Person.DisplayName(), D: d})
	return nil
}

func (s *Server) handleFormulationComment(w http.ResponseWriter, r *http.Request) error {
	ref, d, err := s.currentFormulation(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	c := care.FormulationComment{FormulationID: d.Current.ID, PersonID: ref.PersonID, Text: f.Text("comment")}
	err = s.db.AddFormulationComment(r.Context(), actor(r), &c)
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Your comment has been added.")
		http.Redirect(w, r, formulationURL(ref), http.StatusSeeOther)
		return nil
	case problem.Invalid:
		shown := formulationForm(*d.Current)
		shown.Set("comment", f.Text("comment"))
		s.renderFormulation(w, r, statusFor(err), d, shown, err)
		return nil
	}
	return err
}
