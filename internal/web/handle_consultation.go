package web

import (
	"fmt"
	"net/http"
	"net/url"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
	"throughline/internal/store"
	"throughline/internal/web/form"
)

// Consultations are asked by referrer accounts: staff of a CMHT, NHS
// Talking Therapies or a voluntary service already hold one to refer, it
// names their organisation, and it opens no record but those they referred,
// which a consultation (describing, not linking to, the person) keeps so.
var consultationAskers = auth.Policy{Name: "consultation-asker", Roles: []auth.Role{auth.Referrer}}

type consultationsData struct {
	List  store.Paged[store.ConsultationRow]
	Pager pager
	Asker bool
	// The choices of the asking form.
	ServiceOptions, TeamOptions, IdentifiedOptions []form.Option
}

func (s *Server) renderConsultations(w http.ResponseWriter, r *http.Request, status int, posted url.Values, err error) error {
	ctx, u := r.Context(), currentUser(r)
	d := consultationsData{Asker: u.Role == auth.Referrer, IdentifiedOptions: []form.Option{{Value: "yes", Label: "I have named the person above"}}}
	page, derr := pageParam(r, "page")
	if derr != nil {
		return derr
	}
	asker := int64(0)
	if d.Asker {
		asker = u.ID
	}
	if d.List, derr = s.db.Consultations(ctx, teamIDs(u), asker, page); derr != nil {
		return derr
	}
	if d.Pager, derr = newPager(r, "page", d.List); derr != nil {
		return derr
	}
	if d.Asker {
		svcs, err := s.db.Services(ctx)
		if err != nil {
			return err
		}
		for _, sv := range svcs {
			if sv.Tier != "specialist-cen" {
				d.ServiceOptions = append(d.ServiceOptions, form.Option{Value: sv.ID, Label: sv.Name})
			}
		}
		sc, err := s.db.CENScope(ctx, nil)
		if err != nil {
			return err
		}
		for _, t := range sc.Teams {
			d.TeamOptions = append(d.TeamOptions, form.Option{Value: fmt.Sprint(t.ID), Label: t.Name})
		}
	}
	s.render(w, r, status, "consultations", view{Title: "Consultations", D: d, Form: posted, Errors: errorsFrom(err)})
	return nil
}

// handleConsultations lists consultations: those you asked, or those
// asked of your teams with a form to record the advice.
func (s *Server) handleConsultations(w http.ResponseWriter, r *http.Request) error {
	return s.renderConsultations(w, r, http.StatusOK, nil, nil)
}

// handleConsultationAsk asks a specialist team for consultation.
func (s *Server) handleConsultationAsk(w http.ResponseWriter, r *http.Request) error {
	f := form.Read(r.PostForm)
	c := staff.Consultation{FromServiceID: f.Text("from_service"), TeamID: f.ID("team", "Choose from the list"),
		About: f.Text("about"), Identified: f.Text("identified") == "yes", Question: f.Text("question")}
	err := f.Err()
	if err == nil {
		err = f.With(s.db.AskConsultation(r.Context(), actor(r), &c))
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "Your question has been sent. The team's advice will appear here.")
		return seeOther("/consultations")
	case problem.Invalid:
		return s.renderConsultations(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
	}
	return err
}

// handleConsultationAdvice records the advice the team gave.
func (s *Server) handleConsultationAdvice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := form.Read(r.PostForm)
	advice := f.Text(adviceField(id))
	err = f.With(s.db.AdviseConsultation(r.Context(), actor(r), id, advice))
	switch problem.Code(err) {
	case "":
		s.setFlash(w, "The advice has been recorded.")
		return seeOther("/consultations")
	case problem.Invalid:
		// Name the field by consultation, so the message sits by its own form.
		return s.renderConsultations(w, r, http.StatusUnprocessableEntity, r.PostForm, prefixed(err, fmt.Sprintf("c%d-", id), nil))
	}
	return err
}

// adviceField is the advice field of one consultation's form.
func adviceField(id int64) string { return fmt.Sprintf("c%d-advice", id) }
