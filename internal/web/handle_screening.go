package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
)

type screeningData struct {
	referralPage
	Criteria    []criterionRow
	Dimensions  []profileInput
	Profile     string // the complete profile as text, or "" while incomplete
	Missing     []string
	Accepts     bool
	Suggestions []onwardOption
	Reasons     []care.DeclineReason
}

// criterionRow is one published eligibility rule beside the person's value.
type criterionRow struct {
	Label, Rule, Value string
	Checked, Pass      bool
}

type profileInput struct {
	Name, Label, Value string
	Options            []string // empty for free input (age, locality)
}

// onwardOption is a directory service offered as somewhere to go next.
type onwardOption struct {
	ID, Name, Tier string
	WaitWeeks      int
	Accepts        bool
	Crisis         bool
	Failed         string
}

func dimensionLabel(dim string) string {
	return strings.ToUpper(dim[:1]) + strings.ReplaceAll(dim[1:], "_", " ")
}

// screeningProfile gathers the profile from the stored decision, the
// person's record, a posted profile and the profile form, later ones winning.
func screeningProfile(form url.Values, d care.ReferralDetail, p care.Person, now func() int) map[string]string {
	vals := map[string]string{}
	set := func(s string) {
		for _, part := range strings.Split(s, ",") {
			if k, v, ok := strings.Cut(part, "="); ok && v != "" {
				vals[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	if a := now(); a >= 0 {
		vals["age"] = strconv.Itoa(a)
	}
	if p.Locality != "" {
		vals["locality"] = p.Locality
	}
	set(d.Profile)
	set(form.Get("profile"))
	for _, dim := range directory.DimensionOrder {
		if v := strings.TrimSpace(form.Get("p_" + dim)); v != "" {
			vals[dim] = v
		}
	}
	return vals
}

func (s *Server) screeningPage(w http.ResponseWriter, r *http.Request, form url.Values) (screeningData, bool) {
	pg, ok := s.loadReferralPage(w, r)
	if !ok {
		return screeningData{}, false
	}
	if !pg.CanScreen {
		s.renderError(w, r, http.StatusForbidden, "Only the team the referral was made to can screen it.")
		return screeningData{}, false
	}
	sd := screeningData{referralPage: pg, Reasons: care.DeclineReasons}
	vals := screeningProfile(form, pg.Referral, pg.Person, func() int { return pg.Person.AgeOn(s.db.Now()) })
	var parts []string
	for _, dim := range directory.DimensionOrder {
		sd.Dimensions = append(sd.Dimensions, profileInput{Name: dim, Label: dimensionLabel(dim), Value: vals[dim], Options: directory.Dimensions[dim]})
		if vals[dim] == "" {
			sd.Missing = append(sd.Missing, dimensionLabel(dim))
		} else {
			parts = append(parts, dim+"="+vals[dim])
		}
	}
	var failed []string
	if len(sd.Missing) == 0 {
		prof, err := directory.ParseProfile(strings.Join(parts, ","), directory.Profile{})
		if err != nil {
			sd.Missing = []string{problem.Message(err)}
		} else {
			sd.Profile = prof.String()
			sd.Accepts, failed, _ = directory.Accepts(&pg.Service, prof)
			if sd.Suggestions, err = s.onwardOptions(r, prof, pg.Service.ID); err != nil {
				s.renderProblem(w, r, err)
				return sd, false
			}
		}
	}
	sv := pg.Service
	for _, dim := range directory.DimensionOrder {
		row := criterionRow{Label: dimensionLabel(dim), Value: vals[dim], Checked: sd.Profile != "", Pass: !slices.Contains(failed, dim)}
		row.Rule = directory.RuleText(&sv, dim)
		sd.Criteria = append(sd.Criteria, row)
	}
	return sd, true
}

// onwardOptions are the gap engine's suggestions: services accepting the
// profile first (non-crisis before crisis), then the nearest misses.
func (s *Server) onwardOptions(r *http.Request, p directory.Profile, except string) ([]onwardOption, error) {
	svcs, err := s.db.Services(r.Context())
	if err != nil {
		return nil, err
	}
	eng := directory.NewEngine(svcs)
	res, err := eng.Evaluate(p)
	if err != nil {
		return nil, err
	}
	byID := map[string]directory.Service{}
	for _, sv := range svcs {
		byID[sv.ID] = sv
	}
	var out, crisis []onwardOption
	for _, id := range res.Accepted {
		sv := byID[id]
		if id == except {
			continue
		}
		o := onwardOption{ID: id, Name: sv.Name, Tier: sv.Tier, WaitWeeks: sv.WaitWeeks, Accepts: true, Crisis: sv.Crisis()}
		if o.Crisis {
			crisis = append(crisis, o)
		} else {
			out = append(out, o)
		}
	}
	out = append(out, crisis...)
	near, err := eng.NearMisses(p, 6)
	if err != nil {
		return nil, err
	}
	for _, nm := range near {
		if nm.Service.ID == except {
			continue
		}
		out = append(out, onwardOption{ID: nm.Service.ID, Name: nm.Service.Name, Tier: nm.Service.Tier, WaitWeeks: nm.Service.WaitWeeks,
			Failed: strings.ReplaceAll(strings.Join(nm.Failed, ", "), "_", " ")})
	}
	return out, nil
}

func (s *Server) handleScreening(w http.ResponseWriter, r *http.Request) {
	sd, ok := s.screeningPage(w, r, r.URL.Query())
	if !ok {
		return
	}
	form := url.Values{"profile": {sd.Profile}}
	s.render(w, r, http.StatusOK, "screening", view{Title: "Screen referral " + sd.Referral.Reference(), D: sd, Form: form})
}

// screenAction runs one screening action and redirects to the referral,
// or shows the screening page again with the problem and what was typed.
func (s *Server) screenAction(w http.ResponseWriter, r *http.Request, done string,
	act func(a auth.Actor, id int64, version int) (care.ReferralDetail, error)) {
	a, d, ok := s.referralActor(w, r)
	if !ok {
		return
	}
	if a.Relationship != auth.RelTeamReferr {
		s.renderError(w, r, http.StatusForbidden, "Only the team the referral was made to can screen it.")
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	_, err := act(a, d.ID, version)
	if err == nil {
		s.setFlash(w, done)
		http.Redirect(w, r, fmt.Sprintf("/referrals/%d", d.ID), http.StatusSeeOther)
		return
	}
	if c := problem.Code(err); c != problem.Invalid && c != problem.Conflict {
		s.renderProblem(w, r, err)
		return
	}
	sd, ok := s.screeningPage(w, r, r.PostForm)
	if !ok {
		return
	}
	s.render(w, r, statusFor(err), "screening", view{Title: "Screen referral " + sd.Referral.Reference(), D: sd, Form: r.PostForm, Errors: errorsFrom(err)})
}

func (s *Server) handleScreenAccept(w http.ResponseWriter, r *http.Request) {
	s.screenAction(w, r, "Referral accepted for assessment and added to the waiting list.", func(a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		return s.db.AcceptReferral(r.Context(), a, id, v, r.PostForm.Get("profile"), strings.TrimSpace(r.PostForm.Get("note")))
	})
}

func (s *Server) handleScreenMoreInfo(w http.ResponseWriter, r *http.Request) {
	s.screenAction(w, r, "More information requested. The waiting clock is paused until it arrives.", func(a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		return s.db.RequestMoreInfo(r.Context(), a, id, v, r.PostForm.Get("reason"))
	})
}

func (s *Server) handleScreenInformation(w http.ResponseWriter, r *http.Request) {
	s.screenAction(w, r, "Information recorded. Screening has resumed and the clock is running again.", func(a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		return s.db.RecordInformation(r.Context(), a, id, v, r.PostForm.Get("information"))
	})
}

func (s *Server) handleScreenDecline(w http.ResponseWriter, r *http.Request) {
	s.screenAction(w, r, "Referral not accepted, with an onward route. The outcome letter is ready to print.", func(a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		dc := care.Decline{Reason: r.PostForm.Get("decline_reason"), Profile: r.PostForm.Get("profile")}
		switch onward := r.PostForm.Get("onward"); onward {
		case "exception":
			dc.OnwardException = r.PostForm.Get("onward_exception")
		default:
			dc.OnwardServiceID = onward
		}
		return s.db.DeclineReferral(r.Context(), a, id, v, dc)
	})
}
