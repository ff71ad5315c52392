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
	"throughline/internal/web/form"
)

type screeningData struct {
	referralPage
	Criteria    []criterionRow
	Dimensions  []profileInput
	Profile     string // the complete profile as text, or "" while incomplete
	Missing     []string
	Accepts     bool
	Suggestions []onwardOption
	Onward      []form.Option // the suggestions, then "none fits"
	Reasons     []form.Option
}

// criterionRow is one published eligibility rule beside the person's value.
type criterionRow struct {
	Label, Rule, Value string
	Checked, Pass      bool
}

type profileInput struct {
	Name, Label, Value string
	Options            []form.Option // empty for free input (age, locality)
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
func screeningProfile(f *form.Form, d care.ReferralDetail, p care.Person, now func() int) map[string]string {
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
	set(f.Text("profile"))
	for _, dim := range directory.DimensionOrder {
		if v := f.Text("p_" + dim); v != "" {
			vals[dim] = v
		}
	}
	return vals
}

func (s *Server) screeningPage(r *http.Request, f *form.Form) (screeningData, error) {
	pg, err := s.loadReferralPage(r)
	if err != nil {
		return screeningData{}, err
	}
	if !pg.CanScreen {
		return screeningData{}, problem.Errorf(problem.Forbidden, "Only the team the referral was made to can screen it.")
	}
	sd := screeningData{referralPage: pg}
	for _, dr := range care.DeclineReasons {
		sd.Reasons = append(sd.Reasons, form.Option{Value: dr.Code, Label: dr.Label})
	}
	vals := screeningProfile(f, pg.Referral, pg.Person, func() int { return pg.Person.AgeOn(s.db.Now()) })
	var parts []string
	for _, dim := range directory.DimensionOrder {
		sd.Dimensions = append(sd.Dimensions, profileInput{Name: dim, Label: dimensionLabel(dim), Value: vals[dim], Options: plainOptions(directory.Dimensions[dim])})
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
				return sd, err
			}
		}
	}
	sv := pg.Service
	for _, dim := range directory.DimensionOrder {
		row := criterionRow{Label: dimensionLabel(dim), Value: vals[dim], Checked: sd.Profile != "", Pass: !slices.Contains(failed, dim)}
		row.Rule = directory.RuleText(&sv, dim)
		sd.Criteria = append(sd.Criteria, row)
	}
	for _, o := range sd.Suggestions {
		sd.Onward = append(sd.Onward, form.Option{Value: o.ID, Label: o.Name, Hint: o.describe()})
	}
	sd.Onward = append(sd.Onward, form.Option{Value: "exception", Label: "No service in the directory fits: explain below"})
	return sd, nil
}

// describe says what kind of place a suggestion is and whether it would
// take the person.
func (o onwardOption) describe() string {
	s := fmt.Sprintf("%s, usual wait %d weeks", o.Tier, o.WaitWeeks)
	switch {
	case o.Accepts && o.Crisis:
		return s + " · crisis service"
	case o.Accepts:
		return s + " · accepts this profile"
	}
	return s + " · does not currently accept: " + o.Failed
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

func (s *Server) handleScreening(w http.ResponseWriter, r *http.Request) error {
	sd, err := s.screeningPage(r, form.Read(r.URL.Query()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "screening", view{Title: "Screen referral " + sd.Referral.Reference(), D: sd, Form: url.Values{"profile": {sd.Profile}}})
	return nil
}

// screenAction runs one screening action and redirects to the referral,
// or shows the screening page again with the problem and what was typed.
func (s *Server) screenAction(w http.ResponseWriter, r *http.Request, done string,
	act func(f *form.Form, a auth.Actor, id int64, version int) (care.ReferralDetail, error)) error {
	a, d, err := s.referralActor(r)
	if err != nil {
		return err
	}
	may, err := s.mayScreen(r.Context(), a, d)
	if err != nil {
		return err
	}
	if !may {
		return problem.Errorf(problem.Forbidden, "Only the team the referral was made to can screen it.")
	}
	f := form.Read(r.PostForm)
	version := f.Version()
	if err = f.Err(); err == nil {
		_, err = act(f, a, d.ID, version)
	}
	switch problem.Code(err) {
	case "":
		s.setFlash(w, done)
		http.Redirect(w, r, referralURL(d.ID), http.StatusSeeOther)
		return nil
	case problem.Invalid, problem.Conflict:
		sd, perr := s.screeningPage(r, f)
		if perr != nil {
			return perr
		}
		fe := errorsFrom(err)
		fe.pointAt(screeningAnchors(sd))
		s.render(w, r, statusFor(err), "screening", view{Title: "Screen referral " + sd.Referral.Reference(), D: sd, Form: r.PostForm, Errors: fe})
		return nil
	}
	return err
}

// screeningAnchors are the decision forms' controls; which of the two
// information forms is on the page depends on the referral's status.
func screeningAnchors(sd screeningData) map[string]string {
	ids := map[string]string{"note": "note", "decline_reason": "decline_reason", "onward": "onward", "onward_exception": "onward_exception",
		"onward_outside_reason": "onward_outside_reason"}
	if sd.Referral.Status == care.ReferralMoreInfo {
		ids["information"] = "information"
	} else {
		ids["reason"] = "reason"
	}
	return ids
}

func (s *Server) handleScreenAccept(w http.ResponseWriter, r *http.Request) error {
	return s.screenAction(w, r, "Referral accepted for assessment and added to the waiting list.", func(f *form.Form, a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		return s.db.AcceptReferral(r.Context(), a, id, v, f.Text("profile"), f.Text("note"))
	})
}

func (s *Server) handleScreenMoreInfo(w http.ResponseWriter, r *http.Request) error {
	return s.screenAction(w, r, "More information requested. The waiting clock is paused until it arrives.", func(f *form.Form, a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		return s.db.RequestMoreInfo(r.Context(), a, id, v, f.Text("reason"))
	})
}

func (s *Server) handleScreenInformation(w http.ResponseWriter, r *http.Request) error {
	return s.screenAction(w, r, "Information recorded. Screening has resumed and the clock is running again.", func(f *form.Form, a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		return s.db.RecordInformation(r.Context(), a, id, v, f.Text("information"))
	})
}

func (s *Server) handleScreenDecline(w http.ResponseWriter, r *http.Request) error {
	return s.screenAction(w, r, "Referral not accepted, with an onward route. The outcome letter is ready to print.", func(f *form.Form, a auth.Actor, id int64, v int) (care.ReferralDetail, error) {
		dc := care.Decline{Reason: f.Text("decline_reason"), Profile: f.Text("profile"), OutsideCriteria: f.Text("onward_outside_reason")}
		switch onward := f.Text("onward"); onward {
		case "exception":
			dc.OnwardException = f.Text("onward_exception")
		default:
			dc.OnwardServiceID = onward
		}
		return s.db.DeclineReferral(r.Context(), a, id, v, dc)
	})
}
