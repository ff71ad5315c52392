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
	"throughline/internal/uktime"
	"throughline/internal/web/form"
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
	rowLabels
	Person   care.Person
	Plan     care.CrisisPlan
	Rows     []factRow
	Contacts []contactRow
	Shares   []shareRow
	Consents []form.Option
	Versions []store.PlanVersion
	CanEdit  bool
	Conflict *planConflict
	Today    string
	Talk     planTalk // portal: what the person said about the plan
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
		v.Add("share-on", uktime.Date(s.On))
	}
	return v
}

// at is the i-th of a repeated field's values, trimmed; "" past the end.
func at(xs []string, i int) string {
	if i < len(xs) {
		return strings.TrimSpace(xs[i])
	}
	return ""
}

// parseCrisisPlan reads the posted form into a plan, with what the form
// itself got wrong. Contacts and shares are rows of inputs read column
// by column; a row left blank is no row.
func parseCrisisPlan(v url.Values, personID int64) (care.CrisisPlan, error) {
	f := form.Read(v)
	c := care.CrisisPlan{PersonID: personID, WarningSigns: f.Text("warning_signs"), ICanDo: f.Text("i_can_do"),
		OthersCanDo: f.Text("others_can_do"), Helps: f.Text("helps"), DoesNotHelp: f.Text("does_not_help"), Version: f.Version()}
	names, roles, phones, hours := f.Column("contact-name"), f.Column("contact-role"), f.Column("contact-phone"), f.Column("contact-hours")
	for i := range max(len(names), len(phones)) {
		ct := care.CrisisContact{Name: at(names, i), Role: at(roles, i), Phone: at(phones, i), Hours: at(hours, i)}
		if ct != (care.CrisisContact{}) {
			c.Contacts = append(c.Contacts, ct)
		}
	}
	recipients, consents, dates := f.Column("share-recipient"), f.Column("share-consented"), f.Column("share-on")
	for i := range max(len(recipients), len(consents), len(dates)) {
		rec, consent, on := at(recipients, i), at(consents, i), at(dates, i)
		// The page ends with a blank row to add someone: left blank, it is
		// no row. A row with a consent or a date but no name is a mistake
		// to point out, not a choice to drop without a word.
		if rec == "" {
			if consent != "" || on != "" {
				f.Add("shares", fmt.Sprintf("Name who the plan is shared with in row %d, or clear the row", i+1))
			}
			continue
		}
		s := care.CrisisShare{Recipient: rec, Consented: consent == "yes"}
		// Consent is the person's answer, so it is never assumed: the
		// form offers no default and a row without one is sent back.
		if consent != "yes" && consent != "no" {
			f.Add("shares", "Choose whether the person consents to sharing the plan with "+rec)
		}
		var ok bool
		if s.On, ok = form.ParseDate(on); !ok {
			f.Add("shares", "Enter the consent date for "+rec+" as a real date, for example 2026-11-20")
		}
		c.Shares = append(c.Shares, s)
	}
	return c, f.Err()
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
		// s.On is a date, with no time of day to convert.
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

// crisisPage gathers what the crisis plan page shows; values are the
// form's (nil: the saved plan, or the crisis lines on a new one).
func (s *Server) crisisPage(r *http.Request, personID int64, values url.Values) (crisisData, url.Values, error) {
	ctx := r.Context()
	var d crisisData
	var err error
	if d.Person, err = s.guardedPerson(r, personID); err != nil {
		return d, nil, err
	}
	if d.Plan, err = s.db.CrisisPlan(ctx, actor(r), personID); err != nil {
		return d, nil, err
	}
	if d.Plan.ID != 0 {
		if d.Versions, err = s.db.CrisisPlanVersions(ctx, d.Plan.ID); err != nil {
			return d, nil, err
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
	d.Today = uktime.Date(s.db.Now())
	// The spare row to add someone starts empty: no name, no consent
	// (the person's answer, never assumed), no date.
	d.Shares = append(d.Shares, shareRow{})
	d.Consents = form.Options("yes", "Yes, consents", "no", "No, does not consent")
	d.Rows, d.CanEdit = crisisRows(d.Plan), canEditCare(currentUser(r))
	// Portal: what the person said about their plan.
	if d.Talk, err = s.planTalk(r, personID, care.PlanCrisis); err != nil {
		return d, nil, err
	}
	return d, values, nil
}

// crisisAnchors links each problem in the error summary to its control: a
// problem with the contacts or shares to the first row, a conflict to the
// warning that sets the two versions side by side.
var crisisAnchors = map[string]string{"conflict": "conflict", "contacts": "contact-name-0", "shares": "share-recipient-0",
	"person": "warning_signs", form.VersionField: "warning_signs", "warning_signs": "warning_signs", "i_can_do": "i_can_do",
	"others_can_do": "others_can_do", "helps": "helps", "does_not_help": "does_not_help"}

func (s *Server) renderCrisis(w http.ResponseWriter, r *http.Request, personID int64, status int, values url.Values, err error, c *planConflict) error {
	d, values, lerr := s.crisisPage(r, personID, values)
	if lerr != nil {
		return lerr
	}
	d.Conflict = c
	errs := errorsFrom(err)
	errs.pointAt(crisisAnchors)
	s.render(w, r, status, "crisisplan", view{Title: "Crisis plan", D: d, Form: values, Errors: errs})
	return nil
}

func (s *Server) handleCrisisPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderCrisis(w, r, id, http.StatusOK, nil, nil, nil)
}

func (s *Server) handleCrisisPlanPrint(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, _, err := s.crisisPage(r, id, nil)
	if err != nil {
		return err
	}
	if d.Plan.Version == 0 {
		return problem.Errorf(problem.NotFound, "There is no crisis plan to print yet.")
	}
	s.render(w, r, http.StatusOK, "crisisplan_print", view{Title: "Crisis plan for " + d.Person.DisplayName(), D: d})
	return nil
}

// handleCrisisPlanSave saves the plan through the one save-with-conflict
// flow (savePlan).
func (s *Server) handleCrisisPlanSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	typed, invalid := parseCrisisPlan(r.PostForm, id)
	// Consent is usually recorded in the session where it is given, so a
	// named row with the date left blank is dated today, as a clinician
	// would write it on paper; an earlier consent has its date typed.
	typed.DateUndatedShares(s.db.Now())
	return s.savePlan(w, r, planSave{
		What:    "crisis plan",
		Version: typed.Version,
		Invalid: invalid,
		Save: func() (int, error) {
			err := s.db.SaveCrisisPlan(ctx, actor(r), &typed)
			return typed.Version, err
		},
		Saved: func() (savedPlan, error) {
			saved, err := s.db.CrisisPlan(ctx, actor(r), id)
			return savedPlan{Version: saved.Version, By: saved.UpdatedBy, At: saved.UpdatedAt, Rows: crisisRows(saved)}, err
		},
		Yours: func() []factRow { return crisisRows(typed) },
		Done:  crisisPlanURL(id),
		Render: func(status int, values url.Values, err error, c *planConflict) error {
			return s.renderCrisis(w, r, id, status, values, err, c)
		},
	})
}
