package web

import (
	"net/http"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/uktime"
)

type letterData struct {
	To        string // person or referrer
	Referral  store.ReferralRow
	Person    care.Person
	Case      store.Case
	Signpost  *directory.Service
	Crisis    []directory.Service
	Staff     bool
	PrintedOn string
}

// decidedCase is the latest decision on a referral.
func (s *Server) decidedCase(r *http.Request, referralID int64) (store.Case, error) {
	cases, err := s.db.Cases(r.Context(), store.CaseFilter{ReferralID: referralID, Decided: true})
	if err != nil {
		return store.Case{}, err
	}
	if len(cases) == 0 {
		return store.Case{}, problem.Errorf(problem.NotFound, "The team has not made a decision on this referral yet")
	}
	latest := cases[0]
	for _, c := range cases {
		if c.DecidedAt.After(latest.DecidedAt) {
			latest = c
		}
	}
	return latest, nil
}

// handleOutcomeLetter shows the outcome letter to the person or to the
// referrer, ready to print. The person reads only their own letter; a
// referrer only the referrer's letter, and only for referrals they made.
func (s *Server) handleOutcomeLetter(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.pathReferral(r)
	if err != nil {
		return err
	}
	a, to := actor(r), r.PathValue("to")
	allowed := false
	switch a.Relationship {
	case auth.RelSelf:
		allowed = to == "person"
	case auth.RelReferrer:
		allowed = to == "referrer" && ref.ReferrerUserID == a.User.ID
	default:
		allowed = to == "person" || to == "referrer"
	}
	if !allowed {
		return problem.Errorf(problem.NotFound, "There is no such letter for you to see")
	}
	ctx := r.Context()
	d := letterData{To: to, Referral: ref, Staff: a.Relationship != auth.RelSelf && a.Relationship != auth.RelReferrer, PrintedOn: uktime.In(s.db.Now()).Format("2 January 2006")}
	if d.Case, err = s.decidedCase(r, ref.ID); err != nil {
		return err
	}
	if d.Person, err = s.db.PersonNoAudit(ctx, ref.PersonID); err != nil {
		return err
	}
	all, err := s.db.Services(ctx)
	if err != nil {
		return err
	}
	for i := range all {
		if all[i].Tier == "crisis" {
			d.Crisis = append(d.Crisis, all[i])
		}
		if all[i].ID == d.Case.SignpostService {
			d.Signpost = &all[i]
		}
	}
	s.render(w, r, http.StatusOK, "outcome_letter", view{Title: "Outcome letter", D: d})
	return nil
}

type referrerOutcomesData struct {
	Cases []store.Case
}

// handleReferrerOutcomes lists the team decisions on referrals the
// signed-in referrer made, and nothing else.
func (s *Server) handleReferrerOutcomes(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	cases, err := s.db.Cases(r.Context(), store.CaseFilter{ReferrerID: u.ID, Decided: true})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "referral_outcomes", view{Title: "Outcomes of your referrals", D: referrerOutcomesData{Cases: cases}})
	return nil
}
