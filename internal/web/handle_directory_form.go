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
	"throughline/internal/problem"
)

// formField is one text, number or textarea input, ready to render.
type formField struct {
	Name, Label, Hint, Type, Class string
	Value, Error                   string
}

// checkGroup is a set of checkboxes or radios under one legend.
type checkGroup struct {
	Name, Legend, Hint, Error string
	Options                   []checkOption
}

// describedBy joins the ids of a control's hint and error, for aria-describedby.
func describedBy(name, hint, err string) string {
	var ids []string
	if hint != "" {
		ids = append(ids, name+"-hint")
	}
	if err != "" {
		ids = append(ids, name+"-error")
	}
	return strings.Join(ids, " ")
}

// DescribedBy is the field's aria-describedby value.
func (f formField) DescribedBy() string { return describedBy(f.Name, f.Hint, f.Error) }

// DescribedBy is the group's aria-describedby value.
func (g checkGroup) DescribedBy() string { return describedBy(g.Name, g.Hint, g.Error) }

// serviceFieldSpecs are the service form's free-text inputs, in form order.
var serviceFieldSpecs = []formField{
	{Name: "id", Label: "Service id", Hint: "A short code used in links and in the directory file, for example iapt-north. It cannot be changed later.", Class: "nhsuk-u-width-one-half"},
	{Name: "name", Label: "Service name", Class: "nhsuk-u-width-two-thirds"},
	{Name: "organization", Label: "Organisation", Hint: "Who runs it, for example the NHS trust or charity", Class: "nhsuk-u-width-two-thirds"},
	{Name: "description", Label: "Description", Hint: "What the service is for, in plain words", Type: "textarea"},
	{Name: "min_age", Label: "Minimum age", Hint: "Leave blank if there is no lower limit", Type: "number", Class: "nhsuk-input--width-4"},
	{Name: "max_age", Label: "Maximum age", Hint: "Leave blank if there is no upper limit", Type: "number", Class: "nhsuk-input--width-4"},
	{Name: "offer", Label: "What the service offers", Hint: "One item a line, for example CBT or a peer support group", Type: "textarea"},
	{Name: "typical_duration_weeks", Label: "Typical length of support, in weeks", Type: "number", Class: "nhsuk-input--width-4"},
	{Name: "wait_weeks", Label: "Usual wait, in weeks", Hint: "From referral to first appointment", Type: "number", Class: "nhsuk-input--width-4"},
	{Name: "capacity", Label: "Capacity", Hint: "How many people the service can support at once. Leave blank if not known.", Type: "number", Class: "nhsuk-input--width-5"},
	{Name: "contact_phone", Label: "Phone", Type: "tel", Class: "nhsuk-u-width-one-half"},
	{Name: "contact_email", Label: "Email", Type: "email", Class: "nhsuk-u-width-two-thirds"},
	{Name: "contact_url", Label: "Website", Hint: "The full address, starting https://", Type: "url", Class: "nhsuk-u-width-two-thirds"},
	{Name: "contact_address", Label: "Address", Type: "textarea"},
	{Name: "contact_hours", Label: "Opening hours", Hint: "For example, Monday to Friday, 9am to 5pm", Class: "nhsuk-u-width-two-thirds"},
	{Name: "good_practice", Label: "Good practice", Hint: "What this service does well for people with complex emotional needs. One note a line.", Type: "textarea"},
	{Name: "barriers", Label: "Known barriers", Hint: "What makes it hard for people to get into or stay with this service. One note a line.", Type: "textarea"},
}

// serviceFieldOrder is where each field sits on the form, so that the error
// summary lists problems in the order a person meets them.
var serviceFieldOrder = []string{"conflict", "version", "id", "name", "organization", "description", "tier", "localities", "min_age", "max_age",
	"eligibility.risk", "eligibility.engagement", "eligibility.diagnosis", "eligibility.complexity", "eligibility.substance_use",
	"eligibility.housing", "eligibility.duration_needed", "self_referral", "referral_routes", "offer", "typical_duration_weeks",
	"wait_weeks", "capacity", "contact_phone", "contact_email", "contact_url", "contact_address", "contact_hours", "good_practice", "barriers"}

// reservedServiceIDs are taken by the directory's own pages.
var reservedServiceIDs = []string{"new", "import", "export.json"}

type serviceFormData struct {
	New          bool
	ServiceID    string
	Action       string
	Cancel       string
	Fields       map[string]formField
	Tiers        []checkOption
	SelfReferral []checkOption
	Localities   checkGroup
	Routes       checkGroup
	Eligibility  []checkGroup
	Conflict     *serviceConflict
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

// formText reads a text value, with browsers' CRLF line ends made plain.
func formText(f url.Values, name string) string {
	return strings.TrimSpace(strings.ReplaceAll(f.Get(name), "\r\n", "\n"))
}

// formLines reads a one-item-a-line textarea, dropping blank lines.
func formLines(f url.Values, name string) []string {
	var out []string
	for _, l := range strings.Split(formText(f, name), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func formValues(f url.Values, name string) []string {
	var out []string
	for _, v := range f[name] {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// formInt reads a whole number; blank is nil.
func formInt(f url.Values, name, label string, v *problem.Validation) *int {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(name, label+" must be a whole number, like 12")
		return nil
	}
	return &n
}

func formCount(f url.Values, name, label string, v *problem.Validation) int {
	if p := formInt(f, name, label, v); p != nil {
		return *p
	}
	return 0
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
func parseServiceForm(f url.Values, id string, isNew bool, before directory.Service) (directory.Service, error) {
	var v problem.Validation
	sv := directory.Service{
		ID: strings.TrimSpace(id), Name: formText(f, "name"), Organization: formText(f, "organization"),
		Description: formText(f, "description"), Tier: f.Get("tier"), SelfReferral: f.Get("self_referral") == "yes",
		Localities: sameSet(before.Localities, formValues(f, "localities")), ReferralRoutes: sameSet(before.ReferralRoutes, formValues(f, "referral_routes")),
		Offer: formLines(f, "offer"), GoodPractice: formLines(f, "good_practice"), Barriers: formLines(f, "barriers"),
		Contact: directory.Contact{Phone: formText(f, "contact_phone"), Email: formText(f, "contact_email"), URL: formText(f, "contact_url"),
			Address: formText(f, "contact_address"), Hours: formText(f, "contact_hours")},
	}
	if isNew && slices.Contains(reservedServiceIDs, sv.ID) {
		v.Add("id", "The ids "+strings.Join(reservedServiceIDs, ", ")+" are used by the directory's own pages. Choose another id")
	}
	if sv.Tier == "" {
		v.Add("tier", "Choose the tier the service belongs to")
	}
	for _, d := range eligibilityDims() {
		if vals := formValues(f, "eligibility."+d); len(vals) > 0 {
			if sv.Eligibility == nil {
				sv.Eligibility = map[string][]string{}
			}
			sv.Eligibility[d] = sameSet(before.Eligibility[d], vals)
		}
	}
	sv.MinAge = formInt(f, "min_age", "Minimum age", &v)
	sv.MaxAge = formInt(f, "max_age", "Maximum age", &v)
	sv.TypicalDurationWeeks = formCount(f, "typical_duration_weeks", "Typical length of support", &v)
	sv.WaitWeeks = formCount(f, "wait_weeks", "Usual wait", &v)
	sv.Capacity = formCount(f, "capacity", "Capacity", &v)
	if e := sv.Contact.Email; e != "" && (!strings.Contains(e, "@") || strings.ContainsAny(e, " <>")) {
		v.Add("contact_email", "Enter an email address in the right format, like team@example.nhs.uk")
	}
	if u := sv.Contact.URL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			v.Add("contact_url", "Enter the website's full address, starting https://")
		}
	}
	if err := sv.Validate(); err != nil {
		fields := problem.Fields(err)
		for _, part := range strings.Split(problem.Message(err), "; ") {
			for field, msg := range fields {
				if msg == part {
					v.Add(field, msg)
				}
			}
		}
	}
	return sv, v.Err()
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

func checks(values, selected []string, label func(string) string) []checkOption {
	out := make([]checkOption, len(values))
	for i, v := range values {
		out[i] = checkOption{v, label(v), slices.Contains(selected, v)}
	}
	return out
}

// renderServiceForm shows the add or edit form filled from f, which is what
// was typed or the stored service, so nothing typed is ever lost.
func (s *Server) renderServiceForm(w http.ResponseWriter, r *http.Request, status int, d serviceFormData, f url.Values, fe *formErrors) {
	locs, err := s.db.Localities(r.Context())
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	errFor := func(name string) string {
		if fe == nil {
			return ""
		}
		return fe.Fields[name]
	}
	d.Fields = map[string]formField{}
	for _, spec := range serviceFieldSpecs {
		spec.Value, spec.Error = f.Get(spec.Name), errFor(spec.Name)
		d.Fields[spec.Name] = spec
	}
	d.Tiers = checks(directory.Tiers, []string{f.Get("tier")}, func(t string) string { return labelOrCode(tierLabels, t) })
	d.SelfReferral = []checkOption{{"yes", "Yes", f.Get("self_referral") == "yes"}, {"no", "No", f.Get("self_referral") != "yes"}}
	// Codes typed or stored that the region's list lacks still get a box, so
	// that saving does not silently drop them.
	codes, names := []string{}, map[string]string{}
	for _, l := range locs {
		codes, names[l.Code] = append(codes, l.Code), l.Name
	}
	for _, c := range formValues(f, "localities") {
		if _, ok := names[c]; !ok {
			codes, names[c] = append(codes, c), c+" (not in the region's list of localities)"
		}
	}
	d.Localities = checkGroup{Name: "localities", Legend: "Localities served", Hint: "Tick none if the service covers the whole region.",
		Error: errFor("localities"), Options: checks(codes, f["localities"], func(c string) string { return names[c] })}
	d.Routes = checkGroup{Name: "referral_routes", Legend: "Who can refer", Hint: "Tick everyone the service accepts referrals from.",
		Error: errFor("referral_routes"), Options: checks(directory.ReferralRoutes, f["referral_routes"], func(c string) string { return labelOrCode(routeLabels, c) })}
	for _, dim := range eligibilityDims() {
		name := "eligibility." + dim
		d.Eligibility = append(d.Eligibility, checkGroup{Name: name, Legend: dimLabel(dim),
			Hint:  "Tick what the service accepts. Tick none if it accepts any " + strings.ToLower(strings.ReplaceAll(dim, "_", " ")) + ".",
			Error: errFor(name), Options: checks(directory.Dimensions[dim], f[name], func(v string) string { return v })})
	}
	title := "Add a service"
	if !d.New {
		title = "Edit " + f.Get("name")
		if strings.TrimSpace(f.Get("name")) == "" {
			title = "Edit service " + d.ServiceID
		}
	}
	s.render(w, r, status, "directory_form", view{Title: title, D: d, Form: f, Errors: fe})
}
