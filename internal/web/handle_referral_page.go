package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// referralURL is a referral's own page.
func referralURL(id int64) string { return fmt.Sprintf("/referrals/%d", id) }

// referralAckURL is the acknowledgement letter of a referral just made.
func referralAckURL(id int64) string { return referralURL(id) + "/acknowledgement" }

// breakGlassURL offers emergency access to a person's record, coming back
// to next afterwards.
func breakGlassURL(personID int64, next string) string {
	return fmt.Sprintf("/people/%d/break-glass?next=%s", personID, url.QueryEscape(next))
}

// referralActor loads the referral in the {id} path segment and decides
// the relationship with it by the same rule as the person's record
// (auth.ReferralAccess over the store's PersonLinks): a referral to the
// user's team gives the team-referral relationship only while it is open.
// Others are refused; staff who may break glass are sent to offer it.
func (s *Server) referralActor(r *http.Request) (auth.Actor, care.ReferralDetail, error) {
	u := *currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return auth.Actor{}, care.ReferralDetail{}, err
	}
	d, err := s.db.ReferralDetailNoAudit(r.Context(), id)
	if err != nil {
		return auth.Actor{}, d, err
	}
	links, err := s.db.PersonLinks(r.Context(), u, d.PersonID)
	if err != nil {
		return auth.Actor{}, d, err
	}
	serves, err := s.teamServes(r.Context(), &u, d.ServiceID)
	if err != nil {
		return auth.Actor{}, d, err
	}
	decided := false
	// Reading only: the decision cannot be changed under this relationship.
	if !d.Status.Open() && r.Method == http.MethodGet && slices.Contains(auth.CareStaff, u.Role) {
		if decided, err = s.db.DecidedReferral(r.Context(), u.ID, d.ID, s.db.Now().Add(-auth.DecisionFollowThrough)); err != nil {
			return auth.Actor{}, d, err
		}
	}
	rel := auth.ReferralAccess(u, auth.ReferralLinks{Person: links, MadeIt: d.ReferrerUserID == u.ID, OpenToTeam: serves && d.Status.Open(), DecidedIt: decided})
	if rel == auth.RelNone {
		if auth.CanBreakGlass(u) && r.Method == http.MethodGet {
			return auth.Actor{}, d, seeOther(breakGlassURL(d.PersonID, r.URL.RequestURI()))
		}
		return auth.Actor{}, d, problem.Errorf(problem.Forbidden, "This referral is not available to you: you can see referrals you made, open referrals to your team, and the referrals of people on your team's caseload.")
	}
	return auth.Actor{User: u, Relationship: rel}, d, nil
}

// mayScreen reports whether a's user may screen the referral d: a screening
// role in a team of the service it was made to. Whether the user may see it
// at all is referralActor's question, already answered; a closed referral
// is seen only under another relationship, and the store refuses to screen
// it again.
func (s *Server) mayScreen(ctx context.Context, a auth.Actor, d care.ReferralDetail) (bool, error) {
	if !screeners.Allows(a.User.Role) {
		return false, nil
	}
	return s.teamServes(ctx, &a.User, d.ServiceID)
}

// teamServes reports whether one of u's teams belongs to the service.
func (s *Server) teamServes(ctx context.Context, u *auth.User, serviceID string) (bool, error) {
	teams, err := s.userTeams(ctx, u)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(teams, func(t directory.Team) bool { return t.ServiceID == serviceID }), nil
}

// userTeams lists the teams u belongs to.
func (s *Server) userTeams(ctx context.Context, u *auth.User) ([]directory.Team, error) {
	all, err := s.db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(t directory.Team) bool { return !slices.Contains(u.TeamIDs, t.ID) }), nil
}

type referralPage struct {
	actor       auth.Actor // who opened it, under which relationship
	Referral    care.ReferralDetail
	Person      care.Person
	Preferences care.Preferences
	Service     directory.Service
	Onward      *directory.Service
	Events      []store.ReferralEvent
	CheckIns    []care.CheckIn
	Staff       bool // care staff see screening links and check-ins
	CanScreen   bool
	Screenable  bool
	Methods     []form.Option
	Today       string // UK local date, YYYY-MM-DD

	// OutsideCriteria is why the onward service was chosen though its
	// published criteria do not take the person (Trust 12, branch forms).
	OutsideCriteria string
}

// loadReferralPage reads what the referral pages show, auditing the view.
func (s *Server) loadReferralPage(r *http.Request) (referralPage, error) {
	a, d, err := s.referralActor(r)
	if err != nil {
		return referralPage{}, err
	}
	ctx := r.Context()
	pg := referralPage{actor: a, Methods: plainOptions(care.CheckInMethods), Today: uktime.Date(s.db.Now())}
	if pg.Referral, err = s.db.ReferralDetail(ctx, a, d.ID); err != nil {
		return pg, err
	}
	if pg.Person, err = s.db.PersonNoAudit(ctx, d.PersonID); err != nil {
		return pg, err
	}
	if pg.Service, err = s.db.Service(ctx, d.ServiceID); err != nil {
		return pg, err
	}
	if d.OnwardServiceID != "" {
		on, err := s.db.Service(ctx, d.OnwardServiceID)
		if err != nil {
			return pg, err
		}
		pg.Onward = &on
		if pg.OutsideCriteria, err = s.db.DeclineOutsideCriteria(ctx, d.ID); err != nil {
			return pg, err
		}
	}
	if pg.Events, err = s.db.ReferralEvents(ctx, d.ID); err != nil {
		return pg, err
	}
	pg.Staff = slices.Contains(auth.CareStaff, a.User.Role)
	if pg.Staff {
		if pg.CheckIns, err = s.db.CheckIns(ctx, d.ID); err != nil {
			return pg, err
		}
		if pg.Preferences, err = s.db.Preferences(ctx, d.PersonID); err != nil {
			return pg, err
		}
		if pg.CanScreen, err = s.mayScreen(ctx, a, d); err != nil {
			return pg, err
		}
	}
	pg.Screenable = slices.Contains([]care.ReferralStatus{care.ReferralReceived, care.ReferralScreening, care.ReferralMoreInfo}, d.Status)
	return pg, nil
}

// plainOptions offers each value as its own label.
func plainOptions(values []string) []form.Option {
	out := make([]form.Option, len(values))
	for i, v := range values {
		out[i] = form.Option{Value: v, Label: v}
	}
	return out
}

// renderReferral shows the referral page, with the check-in form as typed
// and its problems when err is set.
func (s *Server) renderReferral(w http.ResponseWriter, r *http.Request, status int, typed url.Values, err error) error {
	pg, lerr := s.loadReferralPage(r)
	if lerr != nil {
		return lerr
	}
	if typed == nil {
		typed = url.Values{"on": {pg.Today}}
	}
	s.render(w, r, status, "referral", view{Title: "Referral " + pg.Referral.Reference(), D: pg, Form: typed, Errors: errorsFrom(err)})
	return nil
}

func (s *Server) handleReferral(w http.ResponseWriter, r *http.Request) error {
	return s.renderReferral(w, r, http.StatusOK, nil, nil)
}

func (s *Server) handleReferralAcknowledgement(w http.ResponseWriter, r *http.Request) error {
	pg, err := s.loadReferralPage(r)
	if err != nil {
		return err
	}
	if err := s.auditLetter(r, pg, "acknowledgement"); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "referral_ack", view{Title: "Referral received: " + pg.Referral.Reference(), D: pg})
	return nil
}

// auditLetter records that a letter of the referral was opened to print or
// send: the person sees it as "printed or downloaded your referral letter".
func (s *Server) auditLetter(r *http.Request, pg referralPage, letter string) error {
	return s.db.Audit(r.Context(), pg.actor, auth.ActionExport, pg.Referral.PersonID, fmt.Sprintf("referral/%d/%s", pg.Referral.ID, letter))
}

func (s *Server) handleDeclineLetter(w http.ResponseWriter, r *http.Request) error {
	pg, err := s.loadReferralPage(r)
	if err != nil {
		return err
	}
	if pg.Referral.Status != care.ReferralDeclined {
		return problem.Errorf(problem.NotFound, "There is no outcome letter for this referral yet: it has not been declined.")
	}
	if err := s.auditLetter(r, pg, "letter"); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "referral_letter", view{Title: "Outcome of referral " + pg.Referral.Reference(), D: pg})
	return nil
}
