package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// referralInput is a referral as typed, from the form or the JSON API.
type referralInput struct {
	ServiceID           string `json:"service_id"`
	NHSNumber           string `json:"nhs_number"`
	GivenName           string `json:"given_name"`
	FamilyName          string `json:"family_name"`
	DateOfBirth         string `json:"date_of_birth"` // YYYY-MM-DD
	Phone               string `json:"phone"`
	Email               string `json:"email"`
	Locality            string `json:"locality"`
	CommunicationNeeds  string `json:"communication_needs"`
	WorkerGender        string `json:"worker_gender"`
	InterpreterLanguage string `json:"interpreter_language"`
	Reason              string `json:"reason"`
	Tried               string `json:"tried"`
	Risks               string `json:"risks"`
	Consent             bool   `json:"consent"`
	ReferrerName        string `json:"referrer_name"`
	ReferrerOrg         string `json:"referrer_org"`
	ReferrerContact     string `json:"referrer_contact"`
	ReferrerTier        string `json:"referrer_tier"`
}

func inputFromForm(f url.Values) referralInput {
	in := referralInput{
		ServiceID: f.Get("service_id"), NHSNumber: f.Get("nhs_number"), GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"),
		Phone: f.Get("phone"), Email: f.Get("email"), Locality: f.Get("locality"), CommunicationNeeds: f.Get("communication_needs"),
		WorkerGender: f.Get("worker_gender"), InterpreterLanguage: f.Get("interpreter_language"), Reason: f.Get("reason"), Tried: f.Get("tried"),
		Risks: f.Get("risks"), Consent: f.Get("consent") == "yes", ReferrerName: f.Get("referrer_name"), ReferrerOrg: f.Get("referrer_org"),
		ReferrerContact: f.Get("referrer_contact"), ReferrerTier: f.Get("referrer_tier"),
	}
	day, month, year := strings.TrimSpace(f.Get("dob_day")), strings.TrimSpace(f.Get("dob_month")), strings.TrimSpace(f.Get("dob_year"))
	if day != "" || month != "" || year != "" {
		d, _ := strconv.Atoi(day)
		m, _ := strconv.Atoi(month)
		y, _ := strconv.Atoi(year)
		in.DateOfBirth = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	return in
}

// referrerTiers are the kinds of referrer a form may name.
var referrerTiers = []string{"primary", "talking-therapies", "secondary", "crisis", "voluntary", "social-care", "housing", "substance-use", "trauma"}

// newReferral turns typed input into a submission for u's role. A service
// user refers only themselves; a referrer is the referrer; admin and team
// managers type in a referral on someone's behalf, naming who referred.
func newReferral(in referralInput, u *auth.User) (store.NewReferral, error) {
	n := store.NewReferral{
		Person: care.Person{NHSNumber: in.NHSNumber, GivenName: in.GivenName, FamilyName: in.FamilyName, Phone: strings.TrimSpace(in.Phone),
			Email: strings.TrimSpace(in.Email), Locality: in.Locality, CommunicationNeeds: strings.TrimSpace(in.CommunicationNeeds)},
		Preferences: care.Preferences{WorkerGender: in.WorkerGender, InterpreterLanguage: strings.TrimSpace(in.InterpreterLanguage)},
		Intake: care.Intake{ServiceID: in.ServiceID, Reason: in.Reason, Tried: strings.TrimSpace(in.Tried), Risks: strings.TrimSpace(in.Risks),
			Consent: in.Consent, ReferrerName: in.ReferrerName, ReferrerOrg: strings.TrimSpace(in.ReferrerOrg),
			ReferrerContact: strings.TrimSpace(in.ReferrerContact), ReferrerTier: in.ReferrerTier},
	}
	var v problem.Validation
	if in.DateOfBirth != "" && u.Role != auth.ServiceUser {
		dob, err := time.Parse("2006-01-02", in.DateOfBirth)
		if err != nil {
			v.Add("date_of_birth", "Enter the date of birth as a real date, for example 17 5 1990")
		}
		n.Person.DateOfBirth = dob
	}
	switch u.Role {
	case auth.ServiceUser:
		n.Person = care.Person{ID: u.PersonID}
		n.Intake.ReferrerName, n.Intake.ReferrerOrg, n.Intake.ReferrerTier, n.Intake.Consent = u.DisplayName, "Self-referral", "self", true
	case auth.Referrer:
		n.ReferrerUserID = u.ID
		if strings.TrimSpace(n.Intake.ReferrerName) == "" {
			n.Intake.ReferrerName = u.DisplayName
		}
		if n.Intake.ReferrerOrg == "" {
			n.Intake.ReferrerOrg = u.Organization
		}
	default:
		n.EnteredBy = u.ID
	}
	if n.Intake.ReferrerTier != "self" && !slices.Contains(referrerTiers, n.Intake.ReferrerTier) {
		v.Add("referrer_tier", "Choose the kind of service the referral comes from")
	}
	return n, v.Err()
}

type referralFormData struct {
	Self          bool // a service user referring themselves
	OnBehalf      bool // admin or team manager typing in someone else's referral
	Services      []directory.Service
	Localities    []directory.Locality
	Genders       []string
	Tiers         []string
	Duplicate     *care.Referral
	Fields        map[string]formField
	ServiceSelect serviceSelect
}

type serviceSelect struct {
	formField
	Options []checkOption
}

// referralFieldSpecs are the form's text inputs; labels differ when a
// person refers themselves.
func referralFieldSpecs(self bool) []formField {
	reason, risks := "Reason for referral", "Risks known"
	if self {
		reason, risks = "What is happening for you at the moment", "Anything about your safety we should know"
	}
	return []formField{
		{Name: "nhs_number", Label: "NHS number (if known)", Hint: "10 digits, for example 943 476 5919", Class: "nhsuk-input--width-10"},
		{Name: "given_name", Label: "Given name", Class: "nhsuk-u-width-one-half"},
		{Name: "family_name", Label: "Family name", Class: "nhsuk-u-width-one-half"},
		{Name: "phone", Label: "Phone", Class: "nhsuk-u-width-one-half"},
		{Name: "email", Label: "Email", Class: "nhsuk-u-width-two-thirds"},
		{Name: "communication_needs", Label: "Communication and access needs", Hint: "For example, an interpreter, large print, step-free access, a quiet room"},
		{Name: "interpreter_language", Label: "Interpreter needed: language", Hint: "Leave blank if no interpreter is needed", Class: "nhsuk-u-width-one-half"},
		{Name: "reason", Label: reason},
		{Name: "tried", Label: "What has been tried so far", Hint: "Other services, therapies, medication; what helped and what did not"},
		{Name: "risks", Label: risks},
		{Name: "referrer_name", Label: "Referrer's name", Class: "nhsuk-u-width-two-thirds"},
		{Name: "referrer_org", Label: "Organisation", Class: "nhsuk-u-width-two-thirds"},
		{Name: "referrer_contact", Label: "Phone or email for the referrer", Class: "nhsuk-u-width-two-thirds"},
	}
}

// fill puts typed values and their problems into the form's fields.
func (d *referralFormData) fill(form url.Values, errs *formErrors) {
	msg := func(name string) string {
		if errs == nil {
			return ""
		}
		return errs.Fields[name]
	}
	d.Fields = map[string]formField{}
	for _, f := range referralFieldSpecs(d.Self) {
		f.Value, f.Error = form.Get(f.Name), msg(f.Name)
		d.Fields[f.Name] = f
	}
	d.ServiceSelect = serviceSelect{formField: formField{Name: "service_id", Label: "Service", Value: form.Get("service_id"), Error: msg("service_id")}}
	for _, sv := range d.Services {
		d.ServiceSelect.Options = append(d.ServiceSelect.Options, checkOption{Value: sv.ID, Label: sv.Name})
	}
}

// referableServices are the services with a team here (the ones screened
// through Throughline); a service user sees only those taking self-referrals.
func (s *Server) referralForm(r *http.Request, u *auth.User) (referralFormData, error) {
	d := referralFormData{Self: u.Role == auth.ServiceUser, OnBehalf: u.Role == auth.Admin || u.Role == auth.TeamManager,
		Genders: care.WorkerGenders[1:], Tiers: referrerTiers}
	teams, err := s.db.Teams(r.Context())
	if err != nil {
		return d, err
	}
	all, err := s.db.Services(r.Context())
	if err != nil {
		return d, err
	}
	for _, sv := range all {
		if slices.ContainsFunc(teams, func(t directory.Team) bool { return t.ServiceID == sv.ID }) && (!d.Self || sv.SelfReferral) {
			d.Services = append(d.Services, sv)
		}
	}
	d.Localities, err = s.db.Localities(r.Context())
	return d, err
}

func (s *Server) handleReferralForm(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	d, err := s.referralForm(r, u)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	form := url.Values{"referrer_tier": {"primary"}, "service_id": {r.URL.Query().Get("service")}}
	if u.Role == auth.Referrer {
		form.Set("referrer_name", u.DisplayName)
		form.Set("referrer_org", u.Organization)
	}
	d.fill(form, nil)
	s.render(w, r, http.StatusOK, "referral_new", view{Title: "Make a referral", D: d, Form: form})
}

func (s *Server) handleReferralSubmit(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ref, err := s.submitReferral(r, u, inputFromForm(r.PostForm))
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/referrals/%d/acknowledgement", ref.ID), http.StatusSeeOther)
		return
	}
	var dup *care.DuplicateError
	c := problem.Code(err)
	if c != problem.Invalid && !errors.As(err, &dup) {
		s.renderProblem(w, r, err)
		return
	}
	d, ferr := s.referralForm(r, u)
	if ferr != nil {
		s.renderProblem(w, r, ferr)
		return
	}
	if dup != nil {
		d.Duplicate = &dup.Existing
	}
	errs := errorsFrom(err)
	d.fill(r.PostForm, errs)
	s.render(w, r, statusFor(err), "referral_new", view{Title: "Make a referral", D: d, Form: r.PostForm, Errors: errs})
}

func (s *Server) submitReferral(r *http.Request, u *auth.User, in referralInput) (care.ReferralDetail, error) {
	n, err := newReferral(in, u)
	if err != nil {
		// Report the person and intake problems together with these.
		return care.ReferralDetail{}, problem.Merge(err, validateOnly(n))
	}
	return s.db.SubmitReferral(r.Context(), actor(r), n)
}

// validateOnly runs the checks SubmitReferral runs before touching the
// database, so that a form with a bad date still lists every other problem.
func validateOnly(n store.NewReferral) error {
	var perr error
	if n.Person.ID == 0 {
		perr = n.Person.Validate(time.Now())
	}
	return problem.Merge(perr, n.Intake.Validate(), n.Preferences.Validate())
}

// handleReferralAPI takes a referral as JSON (referralInput) and answers
// 201 with its reference, or {"error":..., "fields":{...}} with the status
// the problem maps to; a duplicate answers 409 naming the open referral.
func (s *Server) handleReferralAPI(w http.ResponseWriter, r *http.Request) {
	var in referralInput
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		status := statusFor(err)
		if status == http.StatusInternalServerError {
			status = http.StatusBadRequest
		}
		writeJSON(w, status, map[string]any{"error": "The request body must be a JSON object of referral fields: " + jsonProblem(err)})
		return
	}
	d, err := s.submitReferral(r, currentUser(r), in)
	if err != nil {
		status := statusFor(err)
		body := map[string]any{"error": problem.Message(err)}
		if f := problem.Fields(err); len(f) > 0 {
			body["fields"] = f
		}
		var dup *care.DuplicateError
		if errors.As(err, &dup) {
			body["existing"] = map[string]any{"id": dup.Existing.ID, "reference": dup.Existing.Reference(), "url": fmt.Sprintf("/referrals/%d", dup.Existing.ID)}
		}
		if status == http.StatusInternalServerError {
			s.log.Error("referral api", "err", err)
		}
		writeJSON(w, status, body)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": d.ID, "reference": d.Reference(), "status": d.Status, "url": fmt.Sprintf("/referrals/%d", d.ID)})
}

func jsonProblem(err error) string {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return "it is too large"
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s has the wrong type", te.Field)
	}
	if strings.HasPrefix(err.Error(), "json: unknown field") {
		return strings.TrimPrefix(err.Error(), "json: ")
	}
	return "it could not be read"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
