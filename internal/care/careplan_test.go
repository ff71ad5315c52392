package care

import (
	"strings"
	"testing"
	"time"

	"throughline/internal/problem"
)

func TestCarePlanValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	review := now.AddDate(0, 3, 0)
	good := func() CarePlan {
		return CarePlan{PersonID: 1, EpisodeID: 2, ReviewOn: review, Agreement: AgreementAgreed, Needs: []Need{
			{Domain: "housing", Description: "Damp flat is affecting sleep", Actions: []Action{
				{Text: "Report damp to landlord", OwnerKind: OwnerAgency, Agency: "housing-provider"},
				{Text: "Write down what I want to say", OwnerKind: OwnerPerson},
				{Text: "Support letter", OwnerKind: OwnerStaff, StaffID: 7},
			}},
		}}
	}
	tests := []struct {
		name      string
		change    func(*CarePlan)
		wantField string
	}{
		{"good", func(*CarePlan) {}, ""},
		{"unknown domain", func(p *CarePlan) { p.Needs[0].Domain = "hobbies" }, "need"},
		{"action without owner", func(p *CarePlan) { p.Needs[0].Actions[0].OwnerKind = "" }, "action-housing"},
		{"staff owner not chosen", func(p *CarePlan) { p.Needs[0].Actions[2].StaffID = 0 }, "action-housing"},
		{"unknown agency", func(p *CarePlan) { p.Needs[0].Actions[0].Agency = "police" }, "action-housing"},
		{"actions need a described need", func(p *CarePlan) { p.Needs[0].Description = "" }, "need-housing"},
		{"no review date", func(p *CarePlan) { p.ReviewOn = time.Time{} }, "review_on"},
		{"agreement missing", func(p *CarePlan) { p.Agreement = "" }, "agreement"},
		{"comments too long", func(p *CarePlan) { p.PersonComments = strings.Repeat("x", MaxNoteLength+1) }, "person_comments"},
	}
	for _, tt := range tests {
		p := good()
		tt.change(&p)
		err := p.Validate(now)
		if tt.wantField == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if _, ok := fieldsOf(err)[tt.wantField]; !ok {
			t.Errorf("%s: err %v, want a problem with %s", tt.name, err, tt.wantField)
		}
	}
	p := good()
	if p.ReviewOverdue(now) || !p.ReviewOverdue(review.AddDate(0, 0, 1)) || p.ReviewOverdue(review.Add(10*time.Hour)) {
		t.Error("a review is overdue from the day after its date")
	}
}

func TestCrisisPlanConsent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	plan := CrisisPlan{PersonID: 1, WarningSigns: "Stop replying to texts", Contacts: []CrisisContact{{Name: "Samaritans", Phone: "116 123", Hours: "24 hours, every day"}},
		Shares: []CrisisShare{{Recipient: "GP", Consented: true, On: now}, {Recipient: "Mum", Consented: false, On: now}}}
	if err := plan.Validate(now); err != nil {
		t.Fatal(err)
	}
	if got := plan.SharedWith(); len(got) != 1 || got[0] != "GP" {
		t.Errorf("shared with %v, want only the consented GP", got)
	}
	tests := []struct {
		name      string
		change    func(*CrisisPlan)
		wantField string
	}{
		{"no contacts", func(c *CrisisPlan) { c.Contacts = nil }, "contacts"},
		{"contact without hours", func(c *CrisisPlan) { c.Contacts[0].Hours = "" }, "contacts"},
		{"share without date", func(c *CrisisPlan) { c.Shares[0].On = time.Time{} }, "shares"},
		{"consent dated in the future", func(c *CrisisPlan) { c.Shares[1].On = now.AddDate(0, 0, 2) }, "shares"},
		{"no warning signs", func(c *CrisisPlan) { c.WarningSigns = "" }, "warning_signs"},
	}
	for _, tt := range tests {
		c := plan
		c.Contacts = append([]CrisisContact(nil), plan.Contacts...)
		c.Shares = append([]CrisisShare(nil), plan.Shares...)
		tt.change(&c)
		if _, ok := fieldsOf(c.Validate(now))[tt.wantField]; !ok {
			t.Errorf("%s: want a problem with %s", tt.name, tt.wantField)
		}
	}
}

func TestMedicationAndCarers(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	if err := ValidateMedicationEpisode(Episode{Pathway: PathwayTherapies}); err == nil {
		t.Error("medication accepted on a Therapies Team episode")
	}
	if err := ValidateMedicationEpisode(Episode{Pathway: PathwayCommunity}); err != nil {
		t.Error(err)
	}
	m := Medication{Name: "Sertraline", Dose: "100mg", Frequency: "once a day", Prescriber: "Dr Chaudhry", StartedOn: now.AddDate(0, -3, 0), ReviewOn: now.AddDate(0, 0, -1)}
	if err := m.Validate(now); err != nil {
		t.Fatal(err)
	}
	if !m.ReviewOverdue(now) {
		t.Error("review due yesterday is not flagged")
	}
	if err := m.ValidateStop(now, ""); err == nil {
		t.Error("stopped without a reason")
	}
	m.StoppedOn = now
	if m.ReviewOverdue(now) || m.ValidateStop(now, "side effects") == nil {
		t.Error("a stopped medicine is still overdue or can be stopped again")
	}
	c := Carer{Name: "Jo", Relationship: "Sister", ConsentOn: now, Until: now.AddDate(0, 1, 0), Share: CarerShare{CrisisPlan: true}}
	if err := c.Validate(now); err != nil {
		t.Fatal(err)
	}
	if !c.ConsentActive(now) || c.ConsentActive(now.AddDate(0, 2, 0)) {
		t.Error("consent should last until its end date")
	}
	c.WithdrawnAt = now
	if c.ConsentActive(now) || c.ValidateWithdraw("") == nil {
		t.Error("withdrawn consent still active, or withdrawn twice")
	}
}

func fieldsOf(err error) map[string]string { return problem.Fields(err) }
