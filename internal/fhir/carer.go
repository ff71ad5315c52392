package fhir

import (
	"strings"
	"time"

	"throughline/internal/care"
)

// RelatedPerson is a carer, relative or friend the person involves.
type RelatedPerson struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Meta         *Meta             `json:"meta,omitempty"`
	Active       bool              `json:"active"`
	Patient      *Reference        `json:"patient"`
	Relationship []CodeableConcept `json:"relationship,omitempty"`
	Name         []HumanName       `json:"name,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
	Period       *Period           `json:"period,omitempty"`
}

// Consent is the person's consent to share parts of their record with a
// carer.
type Consent struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Meta         *Meta             `json:"meta,omitempty"`
	Status       string            `json:"status"`
	Scope        CodeableConcept   `json:"scope"`
	Category     []CodeableConcept `json:"category"`
	Patient      *Reference        `json:"patient"`
	DateTime     string            `json:"dateTime,omitempty"`
	Performer    []Reference       `json:"performer,omitempty"`
	PolicyRule   *CodeableConcept  `json:"policyRule,omitempty"`
	Provision    *Provision        `json:"provision,omitempty"`
}

// Provision is what the consent permits, to whom and for how long.
type Provision struct {
	Type   string           `json:"type"`
	Period *Period          `json:"period,omitempty"`
	Actor  []ProvisionActor `json:"actor,omitempty"`
	Class  []Coding         `json:"class,omitempty"`
}

// ProvisionActor is who the provision is about.
type ProvisionActor struct {
	Role      CodeableConcept `json:"role"`
	Reference Reference       `json:"reference"`
}

// CarerUpdated is when a carer's record last changed: the withdrawal of
// consent, or the consent itself (carer records keep no update time).
func CarerUpdated(c care.Carer) time.Time {
	if c.WithdrawnAt.After(c.ConsentOn) {
		return c.WithdrawnAt
	}
	return c.ConsentOn
}

// ConsentStatus is active while the consent stands on now and inactive
// once withdrawn or past the date the person chose.
func ConsentStatus(c care.Carer, now time.Time) string {
	if c.ConsentActive(now) {
		return "active"
	}
	return "inactive"
}

// carerEnd is when the carer's involvement ends: the withdrawal, or the
// date the person chose.
func carerEnd(c care.Carer) string {
	if !c.WithdrawnAt.IsZero() {
		return Instant(c.WithdrawnAt)
	}
	return Date(c.Until)
}

// RelatedPersonOf maps a carer, active while consent stands on now.
func RelatedPersonOf(c care.Carer, now time.Time) RelatedPerson {
	out := RelatedPerson{ResourceType: "RelatedPerson", ID: ScopedID(c.PersonID, c.ID), Meta: meta(c.Version, CarerUpdated(c), "RelatedPerson"),
		Active: c.ConsentActive(now), Patient: Ref("Patient", PatientID(c.PersonID)), Name: []HumanName{{Text: c.Name}},
		Relationship: []CodeableConcept{{Text: c.Relationship}}, Period: &Period{Start: Date(c.ConsentOn), End: carerEnd(c)}}
	// Contact details are free text as the person gave them, so they are
	// kept whole rather than guessed at as a phone or an email address.
	if contact := strings.TrimSpace(c.Contact); contact != "" {
		out.Telecom = []ContactPoint{{System: "other", Value: contact}}
	}
	return out
}

// shareClasses are the kinds of record a carer may be shown.
var shareClasses = []struct {
	code, display string
	on            func(care.CarerShare) bool
}{
	{"appointments", "Appointments", func(s care.CarerShare) bool { return s.Appointments }},
	{"care-plan", "Care plan", func(s care.CarerShare) bool { return s.CarePlan }},
	{"crisis-plan", "Crisis plan", func(s care.CarerShare) bool { return s.CrisisPlan }},
	{"medication", "Medication", func(s care.CarerShare) bool { return s.Medication }},
}

// ConsentOf maps the person's consent to share with a carer, judged on now.
func ConsentOf(c care.Carer, now time.Time) Consent {
	out := Consent{ResourceType: "Consent", ID: ScopedID(c.PersonID, c.ID), Meta: meta(c.Version, CarerUpdated(c), ""), Status: ConsentStatus(c, now),
		Scope: CodeableConcept{Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/consentscope", Code: "patient-privacy", Display: "Privacy Consent"}}},
		Category: []CodeableConcept{{Coding: []Coding{{System: LOINC, Code: "59284-0", Display: "Patient Consent"}},
			Text: "Sharing with a carer"}},
		Patient: Ref("Patient", PatientID(c.PersonID)), DateTime: Date(c.ConsentOn), Performer: []Reference{*Ref("Patient", PatientID(c.PersonID))},
		PolicyRule: &CodeableConcept{Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/v3-ActCode", Code: "OPTIN", Display: "opt-in"}}},
		Provision: &Provision{Type: "permit", Period: &Period{Start: Date(c.ConsentOn), End: carerEnd(c)},
			Actor: []ProvisionActor{{Role: CodeableConcept{Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", Code: "IRCP", Display: "information recipient"}}},
				Reference: Reference{Reference: "RelatedPerson/" + ScopedID(c.PersonID, c.ID), Display: c.Name}}}}}
	for _, sc := range shareClasses {
		if sc.on(c.Share) {
			out.Provision.Class = append(out.Provision.Class, Coding{System: codeSystemBase + "carer-share", Code: sc.code, Display: sc.display})
		}
	}
	return out
}
