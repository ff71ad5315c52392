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
	"throughline/internal/store"
)

// referralActor loads the referral in the {id} path segment and decides
// the relationship with it: the referrer who made it, the person it is
// about, staff of a team serving the service referred to, or anyone with a
// relationship with the person (caseload, break-glass). Others are refused;
// staff who may break glass are offered it.
func (s *Server) referralActor(w http.ResponseWriter, r *http.Request) (auth.Actor, care.ReferralDetail, bool) {
	u := *currentUser(r)
	id, err := pathID(r)
	var d care.ReferralDetail
	if err == nil {
		d, err = s.db.ReferralDetailNoAudit(r.Context(), id)
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return auth.Actor{}, d, false
	}
	rel := auth.RelNone
	switch u.Role {
	case auth.Referrer:
		if d.ReferrerUserID == u.ID {
			rel = auth.RelReferrer
		}
	case auth.ServiceUser:
		if u.PersonID == d.PersonID {
			rel = auth.RelSelf
		}
	default:
		serves, err := s.teamServes(r.Context(), &u, d.ServiceID)
		if err != nil {
			s.renderProblem(w, r, err)
			return auth.Actor{}, d, false
		}
		if serves {
			rel = auth.RelTeamReferr
		} else if links, err := s.db.PersonLinks(r.Context(), u, d.PersonID); err != nil {
			s.renderProblem(w, r, err)
			return auth.Actor{}, d, false
		} else {
			rel = auth.PersonAccess(u, links)
		}
	}
	if rel == auth.RelNone {
		if auth.CanBreakGlass(u) && r.Method == http.MethodGet {
			http.Redirect(w, r, fmt.Sprintf("/people/%d/break-glass?next=%s", d.PersonID, url.QueryEscape(r.URL.RequestURI())), http.StatusSeeOther)
			return auth.Actor{}, d, false
		}
		s.renderError(w, r, http.StatusForbidden, "This referral is not available to you: you can see referrals you made, or referrals to your team.")
		return auth.Actor{}, d, false
	}
	return auth.Actor{User: u, Relationship: rel}, d, true
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
	Methods     []string
	Today       string
}

// loadReferralPage reads what the referral pages show, auditing the view.
func (s *Server) loadReferralPage(w http.ResponseWriter, r *http.Request) (referralPage, bool) {
	a, d, ok := s.referralActor(w, r)
	if !ok {
		return referralPage{}, false
	}
	ctx := r.Context()
	pg := referralPage{Methods: care.CheckInMethods, Today: s.db.Now().Format("2006-01-02")}
	var err error
	if pg.Referral, err = s.db.ReferralDetail(ctx, a, d.ID); err == nil {
		pg.Person, err = s.db.PersonNoAudit(ctx, d.PersonID)
	}
	if err == nil {
		pg.Service, err = s.db.Service(ctx, d.ServiceID)
	}
	if err == nil && d.OnwardServiceID != "" {
		var on directory.Service
		if on, err = s.db.Service(ctx, d.OnwardServiceID); err == nil {
			pg.Onward = &on
		}
	}
	if err == nil {
		pg.Events, err = s.db.ReferralEvents(ctx, d.ID)
	}
	pg.Staff = slices.Contains(auth.CareStaff, a.User.Role)
	if err == nil && pg.Staff {
		pg.CheckIns, err = s.db.CheckIns(ctx, d.ID)
		if err == nil {
			pg.Preferences, err = s.db.Preferences(ctx, d.PersonID)
		}
		pg.CanScreen = a.User.Role != auth.PeerWorker && a.Relationship == auth.RelTeamReferr
	}
	if err != nil {
		s.renderProblem(w, r, err)
		return pg, false
	}
	pg.Screenable = slices.Contains([]care.ReferralStatus{care.ReferralReceived, care.ReferralScreening, care.ReferralMoreInfo}, d.Status)
	return pg, true
}

func (s *Server) handleReferral(w http.ResponseWriter, r *http.Request) {
	pg, ok := s.loadReferralPage(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "referral", view{Title: "Referral " + pg.Referral.Reference(), D: pg})
}

func (s *Server) handleReferralAcknowledgement(w http.ResponseWriter, r *http.Request) {
	pg, ok := s.loadReferralPage(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "referral_ack", view{Title: "Referral received: " + pg.Referral.Reference(), D: pg})
}

func (s *Server) handleDeclineLetter(w http.ResponseWriter, r *http.Request) {
	pg, ok := s.loadReferralPage(w, r)
	if !ok {
		return
	}
	if pg.Referral.Status != care.ReferralDeclined {
		s.renderError(w, r, http.StatusNotFound, "There is no outcome letter for this referral yet: it has not been declined.")
		return
	}
	s.render(w, r, http.StatusOK, "referral_letter", view{Title: "Outcome of referral " + pg.Referral.Reference(), D: pg})
}
