package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"throughline/internal/directory"
	"throughline/internal/web/form"
)

// serviceFieldOrder is where each field sits on the form, so that the error
// summary lists problems in the order a person meets them.
var serviceFieldOrder = []string{"conflict", "version", "id", "name", "organization", "description", "tier", "localities", "min_age", "max_age",
	"eligibility.risk", "eligibility.engagement", "eligibility.diagnosis", "eligibility.complexity", "eligibility.substance_use",
	"eligibility.housing", "eligibility.duration_needed", "purpose", "self_referral", "referral_routes", "offer", "typical_duration_weeks",
	"wait_weeks", "capacity", "contact_phone", "contact_email", "contact_url", "contact_address", "contact_hours", "good_practice", "barriers"}

// reservedServiceIDs are taken by the directory's own pages.
var reservedServiceIDs = []string{"new", "import", "export.json"}

// serviceFormData is the add or edit form. The text inputs take their
// values from view.Form, which is what was typed or the stored service.
type serviceFormData struct {
	New          bool
	ServiceID    string
	Action       string
	Cancel       string
	Tiers        []form.Option
	SelfReferral string // "yes" or "no"
	Localities   checkboxSet
	Routes       checkboxSet
	Eligibility  []checkboxSet
	Purpose      checkboxSet // gapmap2: which rules are the service's purpose
	Conflict     *serviceConflict
}

// checkboxSet is one set of checkboxes on the service form, for the
// field-checkboxes partial.
type checkboxSet struct {
	Name, Legend, Hint string
	Options            []form.Option
	Values             []string
}

// serviceConflict shows the version saved now beside what the person typed.
type serviceConflict struct {
	SavedBy string
	SavedAt time.Time
	Rows    []conflictRow
	Saved   []factRow
}

type conflictRow struct {
	Label        string
	Saved, Yours []string
}

// serviceForm is a stored service as form values, the same shape a POST has.
func serviceForm(sv directory.Service) url.Values {
	age := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	f := url.Values{
		"id": {sv.ID}, "name": {sv.Name}, "organization": {sv.Organization}, "description": {sv.Description}, "tier": {sv.Tier},
		"min_age": {age(sv.MinAge)}, "max_age": {age(sv.MaxAge)}, "self_referral": {"no"},
		"offer": {strings.Join(sv.Offer, "\n")}, "typical_duration_weeks": {strconv.Itoa(sv.TypicalDurationWeeks)},
		"wait_weeks": {strconv.Itoa(sv.WaitWeeks)}, "capacity": {""},
		"contact_phone": {sv.Contact.Phone}, "contact_email": {sv.Contact.Email}, "contact_url": {sv.Contact.URL},
		"contact_address": {sv.Contact.Address}, "contact_hours": {sv.Contact.Hours},
		"good_practice": {strings.Join(sv.GoodPractice, "\n")}, "barriers": {strings.Join(sv.Barriers, "\n")},
		"localities": sv.Localities, "referral_routes": sv.ReferralRoutes, "version": {strconv.Itoa(sv.Version)},
		"purpose": sv.Purpose,
	}
	if sv.SelfReferral {
		f.Set("self_referral", "yes")
	}
	if sv.Capacity > 0 {
		f.Set("capacity", strconv.Itoa(sv.Capacity))
	}
	for d, vals := range sv.Eligibility {
		f["eligibility."+d] = vals
	}
	return f
}

// sameSet keeps the stored order of a list when only the order differs, so
// that saving an unchanged form records no change.
func sameSet(before, after []string) []string {
	if len(before) != len(after) {
		return after
	}
	for _, x := range after {
		if !slices.Contains(before, x) {
			return after
		}
	}
	return before
}

// parseServiceForm builds a service from the form, collecting every problem
// with what was typed as well as with the service itself.
func parseServiceForm(f *form.Form, id string, isNew bool, before directory.Service) (directory.Service, error) {
	sv := directory.Service{
		ID: strings.TrimSpace(id), Name: f.Text("name"), Organization: f.Text("organization"),
		Description: f.Text("description"), Tier: f.Text("tier"), SelfReferral: f.Text("self_referral") == "yes",
		Localities: sameSet(before.Localities, f.List("localities")), ReferralRoutes: sameSet(before.ReferralRoutes, f.List("referral_routes")),
		Offer: f.Lines("offer"), GoodPractice: f.Lines("good_practice"), Barriers: f.Lines("barriers"),
		Purpose: sameSet(before.Purpose, f.List("purpose")),
		Contact: directory.Contact{Phone: f.Text("contact_phone"), Email: f.Text("contact_email"), URL: f.Text("contact_url"),
			Address: f.Text("contact_address"), Hours: f.Text("contact_hours")},
	}
	if isNew && slices.Contains(reservedServiceIDs, sv.ID) {
		f.Add("id", "The ids "+strings.Join(reservedServiceIDs, ", ")+" are used by the directory's own pages. Choose another id")
	}
	if sv.Tier == "" {
		f.Add("tier", "Choose the tier the service belongs to")
	}
	for _, d := range eligibilityDims() {
		if vals := f.List("eligibility." + d); len(vals) > 0 {
			if sv.Eligibility == nil {
				sv.Eligibility = map[string][]string{}
			}
			sv.Eligibility[d] = sameSet(before.Eligibility[d], vals)
		}
	}
	const wholeNumber = " must be a whole number, like 12"
	sv.MinAge = f.OptionalInt("min_age", "Minimum age"+wholeNumber)
	sv.MaxAge = f.OptionalInt("max_age", "Maximum age"+wholeNumber)
	sv.TypicalDurationWeeks = f.Int("typical_duration_weeks", "Typical length of support"+wholeNumber)
	sv.WaitWeeks = f.Int("wait_weeks", "Usual wait"+wholeNumber)
	sv.Capacity = f.Int("capacity", "Capacity"+wholeNumber)
	if e := sv.Contact.Email; e != "" && (!strings.Contains(e, "@") || strings.ContainsAny(e, " <>")) {
		f.Add("contact_email", "Enter an email address in the right format, like team@example.nhs.uk")
	}
	if u := sv.Contact.URL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			f.Add("contact_url", "Enter the website's full address, starting https://")
		}
	}
	// The form's own problems come first, so a field that could not be read
	// shows that rather than what the service then makes of it.
	return sv, f.With(sv.Validate())
}

// serviceFormErrors orders the error summary as the form is laid out and
// links a lone message that names one field to that field.
func serviceFormErrors(errs ...error) *formErrors {
	var fe *formErrors
	for _, err := range errs {
		e := errorsFrom(err)
		if e == nil {
			continue
		}
		if len(e.Summary) == 1 && e.Summary[0].Field == "" && len(e.Fields) == 1 {
			for f := range e.Fields {
				e.Summary[0].Field = f
			}
		}
		if fe == nil {
			fe = &formErrors{Fields: map[string]string{}}
		}
		for f, m := range e.Fields {
			fe.Fields[f] = m
		}
		fe.Summary = append(fe.Summary, e.Summary...)
	}
	if fe == nil {
		return nil
	}
	pos := func(f string) int {
		if i := slices.Index(serviceFieldOrder, f); i >= 0 {
			return i
		}
		return len(serviceFieldOrder)
	}
	sort.SliceStable(fe.Summary, func(i, j int) bool { return pos(fe.Summary[i].Field) < pos(fe.Summary[j].Field) })
	return fe
}

func optionsOf(values []string, label func(string) string) []form.Option {
	out := make([]form.Option, len(values))
	for i, v := range values {
		out[i] = form.Option{Value: v, Label: label(v)}
	}
	return out
}

// serviceFieldIDs points the error summary at the control for each field
// the form reads: the edit form has no id input, and a version that could
// not be read belongs with the warning about the saved version.
func serviceFieldIDs(d serviceFormData) map[string]string {
	ids := map[string]string{}
	for _, f := range serviceFieldOrder {
		ids[f] = f
	}
	if !d.New {
		ids["id"] = ""
	}
	if d.Conflict == nil {
		ids["conflict"], ids["version"] = "", ""
	} else {
		ids["version"] = "conflict"
	}
	if len(d.Localities.Options) == 0 {
		ids["localities"] = ""
	}
	return ids
}

// renderServiceForm shows the add or edit form filled from f, which is what
// was typed or the stored service, so nothing typed is ever lost.
func (s *Server) renderServiceForm(w http.ResponseWriter, r *http.Request, status int, d serviceFormData, f url.Values, fe *formErrors) error {
	locs, err := s.db.Localities(r.Context())
	if err != nil {
		return err
	}
	d.Tiers = optionsOf(directory.Tiers, func(t string) string { return labelOrCode(tierLabels, t) })
	d.SelfReferral = "no"
	if f.Get("self_referral") == "yes" {
		d.SelfReferral = "yes"
	}
	// Codes typed or stored that the region's list lacks still get a box, so
	// that saving does not silently drop them.
	codes, names := []string{}, map[string]string{}
	for _, l := range locs {
		codes, names[l.Code] = append(codes, l.Code), l.Name
	}
	for _, c := range form.Read(f).List("localities") {
		if _, ok := names[c]; !ok {
			codes, names[c] = append(codes, c), c+" (not in the region's list of localities)"
		}
	}
	d.Localities = checkboxSet{Name: "localities", Legend: "Localities served", Hint: "Tick none if the service covers the whole region.",
		Options: optionsOf(codes, func(c string) string { return names[c] }), Values: f["localities"]}
	d.Routes = checkboxSet{Name: "referral_routes", Legend: "Who can refer", Hint: "Tick everyone the service accepts referrals from.",
		Options: optionsOf(directory.ReferralRoutes, func(c string) string { return labelOrCode(routeLabels, c) }), Values: f["referral_routes"]}
	for _, dim := range eligibilityDims() {
		name := "eligibility." + dim
		d.Eligibility = append(d.Eligibility, checkboxSet{Name: name, Legend: dimLabel(dim),
			Hint:    "Tick what the service accepts. Tick none if it accepts any " + strings.ToLower(strings.ReplaceAll(dim, "_", " ")) + ".",
			Options: optionsOf(directory.Dimensions[dim], func(v string) string { return v }), Values: f[name]})
	}
	d.Purpose = checkboxSet{Name: "purpose", Legend: "Which of these rules say who the service exists for?",
		Hint: "Tick a rule if it is the service's purpose, such as a housing service's housing rule or a youth service's ages. " +
			"Other rules are thresholds: only thresholds are suggested for relaxing on the gap map.",
		Options: optionsOf(directory.DimensionOrder, dimLabel), Values: f["purpose"]}
	fe.pointAt(serviceFieldIDs(d))
	title := "Add a service"
	if !d.New {
		title = "Edit " + f.Get("name")
		if strings.TrimSpace(f.Get("name")) == "" {
			title = "Edit service " + d.ServiceID
		}
	}
	s.render(w, r, status, "directory_form", view{Title: title, D: d, Form: f, Errors: fe})
	return nil
}
