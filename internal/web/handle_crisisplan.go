package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// Crisis lines open all day, every day, offered on a new plan; the person
// and their worker keep, change or remove them.
var crisisLines = []care.CrisisContact{
	{Name: "NHS 111, option 2", Role: "Mental health crisis line", Phone: "111", Hours: "24 hours, every day"},
	{Name: "Samaritans", Role: "Listening line", Phone: "116 123", Hours: "24 hours, every day"},
	{Name: "Shout", Role: "Text line", Phone: "Text SHOUT to 85258", Hours: "24 hours, every day"},
}

type contactRow struct{ Name, Role, Phone, Hours string }

type shareRow struct{ Recipient, Consented, On string }

type crisisData struct {
	Person   care.Person
	Plan     care.CrisisPlan
	Rows     []factRow
	Contacts []contactRow
	Shares   []shareRow
	Versions []store.PlanVersion
	CanEdit  bool
	Conflict *planConflict
	Today    string
}

func crisisValues(c care.CrisisPlan) url.Values {
	v := url.Values{"version": {strconv.Itoa(c.Version)}, "warning_signs": {c.WarningSigns}, "i_can_do": {c.ICanDo},
		"others_can_do": {c.OthersCanDo}, "helps": {c.Helps}, "does_not_help": {c.DoesNotHelp}}
	for _, ct := range c.Contacts {
		v.Add("contact-name", ct.Name)
		v.Add("contact-role", ct.Role)
		v.Add("contact-phone", ct.Phone)
		v.Add("contact-hours", ct.Hours)
	}
	for _, s := range c.Shares {
		v.Add("share-recipient", s.Recipient)
		v.Add("share-consented", map[bool]string{true: "yes", false: "no"}[s.Consented])
		v.Add("share-on", isoDate(s.On))
	}
	return v
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return strings.TrimSpace(xs[i])
	}
	return ""
}

func parseCrisisPlan(v url.Values, personID int64) (care.CrisisPlan, error) {
	c := care.CrisisPlan{PersonID: personID, WarningSigns: strings.TrimSpace(v.Get("warning_signs")), ICanDo: strings.TrimSpace(v.Get("i_can_do")),
		OthersCanDo: strings.TrimSpace(v.Get("others_can_do")), Helps: strings.TrimSpace(v.Get("helps")), DoesNotHelp: strings.TrimSpace(v.Get("does_not_help"))}
	c.Version, _ = strconv.Atoi(v.Get("version"))
	names := v["contact-name"]
	for i := range max(len(names), len(v["contact-phone"])) {
		ct := care.CrisisContact{Name: at(names, i), Role: at(v["contact-role"], i), Phone: at(v["contact-phone"], i), Hours: at(v["contact-hours"], i)}
		if ct != (care.CrisisContact{}) {
			c.Contacts = append(c.Contacts, ct)
		}
	}
	var bad problem.Validation
	for i := range len(v["share-recipient"]) {
		rec, on := at(v["share-recipient"], i), at(v["share-on"], i)
		if rec == "" && on == "" {
			continue
		}
		s := care.CrisisShare{Recipient: rec, Consented: at(v["share-consented"], i) == "yes"}
		if d, ok := formDate(url.Values{"d": {on}}, "d"); ok {
			s.On = d
		} else {
			bad.Add("shares", "Enter the consent date for "+rec+" as a real date, for example 2026-11-20")
		}
		c.Shares = append(c.Shares, s)
	}
	return c, bad.Err()
}

func crisisRows(c care.CrisisPlan) []factRow {
	rows := []factRow{
		{Label: "Warning signs", Values: []string{orNotRecorded(c.WarningSigns)}},
		{Label: "What I can do", Values: []string{orNotRecorded(c.ICanDo)}},
		{Label: "What others can do", Values: []string{orNotRecorded(c.OthersCanDo)}},
		{Label: "What helps", Values: []string{orNotRecorded(c.Helps)}},
		{Label: "What does not help", Values: []string{orNotRecorded(c.DoesNotHelp)}},
	}
	var contacts, shares []string
	for _, ct := range c.Contacts {
		contacts = append(contacts, fmt.Sprintf("%s (%s): %s, %s", ct.Name, ct.Role, ct.Phone, ct.Hours))
	}
	for _, s := range c.Shares {
		word := "does not consent"
		if s.Consented {
			word = "consents"
		}
		shares = append(shares, fmt.Sprintf("%s: %s (recorded %s)", s.Recipient, word, s.On.Format("2 January 2006")))
	}
	if contacts == nil {
		contacts = []string{care.NotRecorded}
	}
	if shares == nil {
		shares = []string{"Not shared with anyone"}
	}
	return append(rows, factRow{Label: "Contacts", Values: contacts}, factRow{Label: "Shared with", Values: shares})
}

func (s *Server) crisisPage(r *http.Request, values url.Values) (crisisData, error) {
	id, _ := pathID(r)
	ctx := r.Context()
	var d crisisData
	var err error
	if d.Person, err = s.db.PersonNoAudit(ctx, id); err != nil {
		return d, err
	}
	if d.Plan, err = s.db.CrisisPlan(ctx, actor(r), id); err != nil {
		return d, err
	}
	if d.Plan.ID != 0 {
		if d.Versions, err = s.db.CrisisPlanVersions(ctx, d.Plan.ID); err != nil {
			return d, err
		}
	}
	if values == nil {
		c := d.Plan
		if c.Version == 0 {
			c.Contacts = crisisLines
		}
		values = crisisValues(c)
	}
	for i := range len(values["contact-name"]) {
		d.Contacts = append(d.Contacts, contactRow{at(values["contact-name"], i), at(values["contact-role"], i), at(values["contact-phone"], i), at(values["contact-hours"], i)})
	}
	d.Contacts = append(d.Contacts, contactRow{}, contactRow{})
	for i := range len(values["share-recipient"]) {
		d.Shares = append(d.Shares, shareRow{at(values["share-recipient"], i), at(values["share-consented"], i), at(values["share-on"], i)})
	}
	d.Today = isoDate(s.db.Now())
	d.Shares = append(d.Shares, shareRow{Consented: "yes", On: d.Today})
	d.Rows, d.CanEdit = crisisRows(d.Plan), canEditCare(currentUser(r))
	return d, nil
}

func (s *Server) renderCrisis(w http.ResponseWriter, r *http.Request, status int, values url.Values, err error, c *planConflict) {
	d, lerr := s.crisisPage(r, values)
	if lerr != nil {
		s.renderProblem(w, r, lerr)
		return
	}
	d.Conflict = c
	if values == nil {
		values = crisisValues(d.Plan)
	}
	s.render(w, r, status, "crisisplan", view{Title: "Crisis plan", D: d, Form: values, Errors: errorsFrom(err)})
}

func (s *Server) handleCrisisPlan(w http.ResponseWriter, r *http.Request) {
	s.renderCrisis(w, r, http.StatusOK, nil, nil, nil)
}

func (s *Server) handleCrisisPlanPrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.crisisPage(r, nil)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	if d.Plan.Version == 0 {
		s.renderError(w, r, http.StatusNotFound, "There is no crisis plan to print yet.")
		return
	}
	s.render(w, r, http.StatusOK, "crisisplan_print", view{Title: "Crisis plan for " + d.Person.DisplayName(), D: d})
}

var crisisConflictError = &problem.Error{Code: problem.Conflict,
	Message: "Someone else saved this crisis plan while you were editing. Your changes have not been saved yet: compare the two versions below.",
	Fields:  map[string]string{"conflict": "Someone else saved this crisis plan while you were editing"}}

func (s *Server) handleCrisisPlanSave(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	ctx := r.Context()
	typed, invalid := parseCrisisPlan(r.PostForm, id)
	if invalid == nil {
		err := s.db.SaveCrisisPlan(ctx, actor(r), &typed)
		switch problem.Code(err) {
		case "":
			s.setFlash(w, fmt.Sprintf("The crisis plan has been saved (version %d).", typed.Version))
			http.Redirect(w, r, fmt.Sprintf("/people/%d/crisis-plan", id), http.StatusSeeOther)
			return
		case problem.Invalid:
			invalid = err
		case problem.Conflict:
		default:
			s.renderProblem(w, r, err)
			return
		}
	}
	saved, err := s.db.CrisisPlan(ctx, actor(r), id)
	if err != nil {
		s.renderProblem(w, r, err)
		return
	}
	form := cloneValues(r.PostForm)
	if typed.Version == saved.Version {
		s.renderCrisis(w, r, http.StatusUnprocessableEntity, form, invalid, nil)
		return
	}
	c := &planConflict{SavedBy: saved.UpdatedBy, SavedAt: saved.UpdatedAt, Saved: crisisRows(saved)}
	c.Rows = diffRows(c.Saved, crisisRows(typed))
	form.Set("version", strconv.Itoa(saved.Version))
	status, shown := http.StatusConflict, error(crisisConflictError)
	if invalid != nil {
		status, shown = http.StatusUnprocessableEntity, problem.Merge(crisisConflictError, invalid)
	}
	s.renderCrisis(w, r, status, form, shown, c)
}
