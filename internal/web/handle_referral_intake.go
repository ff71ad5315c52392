package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/web/form"
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

func inputFromForm(f *form.Form) referralInput {
	return referralInput{
		ServiceID: f.Text("service_id"), NHSNumber: f.Text("nhs_number"), GivenName: f.Text("given_name"), FamilyName: f.Text("family_name"),
		DateOfBirth: dateOfBirth(f), Phone: f.Text("phone"), Email: f.Text("email"), Locality: f.Text("locality"),
		CommunicationNeeds: f.Text("communication_needs"), WorkerGender: f.Text("worker_gender"), InterpreterLanguage: f.Text("interpreter_language"),
		Reason: f.Text("reason"), Tried: f.Text("tried"), Risks: f.Text("risks"), Consent: f.Text("consent") == "yes",
		ReferrerName: f.Text("referrer_name"), ReferrerOrg: f.Text("referrer_org"), ReferrerContact: f.Text("referrer_contact"), ReferrerTier: f.Text("referrer_tier"),
	}
}

// dateOfBirth joins the day, month and year boxes as YYYY-MM-DD, or "" when
// all three are blank. The boxes are one answer: a part that is not a
// number is read as 0, which makes no real date, and newReferral reports
// that once, against date_of_birth, rather than once per box.
func dateOfBirth(f *form.Form) string {
	if f.Text("dob_day") == "" && f.Text("dob_month") == "" && f.Text("dob_year") == "" {
		return ""
	}
	year, _ := f.Whole("dob_year") // not a number: 0, as the comment above says
	month, _ := f.Whole("dob_month")
	day, _ := f.Whole("dob_day")
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
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
	Self       bool // a service user referring themselves
	OnBehalf   bool // admin or team manager typing in someone else's referral
	Services   []form.Option
	Localities []form.Option
	Genders    []form.Option
	Tiers      []form.Option
	Duplicate  *care.Referral
	// Elsewhere are the services taking self-referrals whose referrals no
	// team here receives, shown to a service user with how to reach them,
	// crisis services first.
	Elsewhere []directory.Service
}

// referralForm offers the services with a team here (the ones screened
// through Throughline); a service user sees only those taking
// self-referrals, and the ones outside Throughline that do, with their
// contact routes, since a referral nobody here receives would go nowhere.
func (s *Server) referralForm(r *http.Request, u *auth.User) (referralFormData, error) {
	d := referralFormData{Self: u.Role == auth.ServiceUser, OnBehalf: u.Role == auth.Admin || u.Role == auth.TeamManager,
		Genders: plainOptions(care.WorkerGenders[1:]), Tiers: append(plainOptions(referrerTiers), form.Option{Value: "self", Label: "self-referral"})}
	teams, err := s.db.Teams(r.Context())
	if err != nil {
		return d, err
	}
	all, err := s.db.Services(r.Context())
	if err != nil {
		return d, err
	}
	var crisis, other []directory.Service
	for _, sv := range all {
		here := slices.ContainsFunc(teams, func(t directory.Team) bool { return t.ServiceID == sv.ID })
		switch {
		case here && (!d.Self || sv.SelfReferral):
			d.Services = append(d.Services, form.Option{Value: sv.ID, Label: sv.Name})
		case d.Self && sv.SelfReferral && sv.Crisis():
			crisis = append(crisis, sv)
		case d.Self && sv.SelfReferral:
			other = append(other, sv)
		}
	}
	d.Elsewhere = append(crisis, other...)
	localities, err := s.db.Localities(r.Context())
	for _, l := range localities {
		d.Localities = append(d.Localities, form.Option{Value: l.Code, Label: l.Name})
	}
	return d, err
}

func (s *Server) handleReferralForm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	d, err := s.referralForm(r, u)
	if err != nil {
		return err
	}
	typed := url.Values{"referrer_tier": {"primary"}, "service_id": {r.URL.Query().Get("service")}}
	if u.Role == auth.Referrer {
		typed.Set("referrer_name", u.DisplayName)
		typed.Set("referrer_org", u.Organization)
	}
	s.render(w, r, http.StatusOK, "referral_new", view{Title: "Make a referral", D: d, Form: typed})
	return nil
}

func (s *Server) handleReferralSubmit(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	ref, err := s.submitReferral(r, u, inputFromForm(form.Read(r.PostForm)))
	if err == nil {
		http.Redirect(w, r, referralAckURL(ref.ID), http.StatusSeeOther)
		return nil
	}
	var dup *care.DuplicateError
	if problem.Code(err) != problem.Invalid && !errors.As(err, &dup) {
		return err
	}
	d, ferr := s.referralForm(r, u)
	if ferr != nil {
		return ferr
	}
	if dup != nil {
		d.Duplicate = &dup.Existing
	}
	fe := errorsFrom(err)
	fe.pointAt(referralFormAnchors(d))
	s.render(w, r, statusFor(err), "referral_new", view{Title: "Make a referral", D: d, Form: r.PostForm, Errors: fe})
	return nil
}

// referralFormAnchors are the form's controls, by the field names the
// person, intake and preferences checks use; a service user referring
// themselves has fewer of them.
func referralFormAnchors(d referralFormData) map[string]string {
	fields := []string{"service_id", "worker_gender", "interpreter_language", "reason", "tried", "risks"}
	if !d.Self {
		fields = append(fields, "nhs_number", "given_name", "family_name", "date_of_birth", "phone", "email", "locality", "communication_needs",
			"consent", "referrer_name", "referrer_org", "referrer_contact", "referrer_tier")
	}
	return idsNamed(fields...)
}

func (s *Server) submitReferral(r *http.Request, u *auth.User, in referralInput) (care.ReferralDetail, error) {
	n, err := newReferral(in, u)
	ferr := s.checkReferral(r, n)
	if ferr != nil && problem.Code(ferr) != problem.Invalid {
		return care.ReferralDetail{}, ferr
	}
	if err != nil || ferr != nil {
		// Report the person and intake problems together with these.
		return care.ReferralDetail{}, problem.Merge(err, validateOnly(n, s.db.Now()), ferr)
	}
	return s.db.SubmitReferral(r.Context(), actor(r), n)
}

// checkReferral runs the domain's checks of a referral against the service
// it is made to (care.CheckReferral), for every role and from the form and
// the API alike; a missing service is left to the intake's own check.
func (s *Server) checkReferral(r *http.Request, n store.NewReferral) error {
	ctx := r.Context()
	if n.Intake.ServiceID == "" {
		return nil
	}
	svc, err := s.db.Service(ctx, n.Intake.ServiceID)
	if problem.Code(err) == problem.NotFound {
		var v problem.Validation
		v.Add("service_id", "Choose a service from the list")
		return v.Err()
	} else if err != nil {
		return err
	}
	here, err := s.receivedHere(ctx, svc.ID)
	if err != nil {
		return err
	}
	p := n.Person
	if p.ID != 0 {
		if p, err = s.db.PersonNoAudit(ctx, p.ID); err != nil {
			return err
		}
	}
	return care.CheckReferral(p, n.Intake, n.Preferences, care.ReferralTarget{Service: svc, ReceivedHere: here}, s.db.Now())
}

// receivedHere reports whether a team in this system receives the
// service's referrals.
func (s *Server) receivedHere(ctx context.Context, serviceID string) (bool, error) {
	teams, err := s.db.Teams(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(teams, func(t directory.Team) bool { return t.ServiceID == serviceID }), nil
}

// validateOnly runs the checks SubmitReferral runs before touching the
// database, so that a form with a bad date still lists every other problem.
func validateOnly(n store.NewReferral, now time.Time) error {
	var perr error
	if n.Person.ID == 0 {
		perr = n.Person.Validate(now)
	}
	return problem.Merge(perr, n.Intake.Validate(), n.Preferences.Validate())
}

// errTrailingJSON is a body with more after its one JSON object.
var errTrailingJSON = errors.New("more after the JSON object")

// maxReferralJSON bounds a referral sent to the API: room for the longest
// answers the intake accepts, far below the limit for every request.
const maxReferralJSON = 256 << 10

// handleReferralAPI takes a referral as JSON (referralInput) and answers
// 201 with its reference, or {"error":..., "fields":{...}} with the status
// the problem maps to; a duplicate answers 409 naming the open referral.
// It writes its own answers, since a duplicate carries more than the
// route table's JSON error has room for.
func (s *Server) handleReferralAPI(w http.ResponseWriter, r *http.Request) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, map[string]any{"error": "Send the referral as JSON, with the header Content-Type: application/json"})
		return nil
	}
	var in referralInput
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxReferralJSON))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if err == nil {
		if extra := dec.Decode(&json.RawMessage{}); extra != io.EOF {
			err = errTrailingJSON
		}
	}
	if err != nil {
		status := statusFor(err)
		if status == http.StatusInternalServerError {
			status = http.StatusBadRequest
		}
		writeJSON(w, status, map[string]any{"error": "The request body must be one JSON object of referral fields: " + jsonProblem(err)})
		return nil
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
			body["existing"] = map[string]any{"id": dup.Existing.ID, "reference": dup.Existing.Reference(), "url": referralURL(dup.Existing.ID)}
		}
		if status == http.StatusInternalServerError {
			s.log.Error("referral api", "err", err)
		}
		writeJSON(w, status, body)
		return nil
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": d.ID, "reference": d.Reference(), "status": d.Status, "url": referralURL(d.ID)})
	return nil
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
	if errors.Is(err, errTrailingJSON) {
		return "there is more after the object"
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
