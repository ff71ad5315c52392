package fhir

import (
	"strings"

	"throughline/internal/directory"
)

// ServiceIDSystem names Throughline's own directory service ids.
const ServiceIDSystem = "https://throughline.nhs.example/fhir/Id/service"

// HealthcareService is a service in the directory.
type HealthcareService struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Identifier   []Identifier      `json:"identifier,omitempty"`
	Active       bool              `json:"active"`
	ProvidedBy   *Reference        `json:"providedBy,omitempty"`
	Type         []CodeableConcept `json:"type,omitempty"`
	Name         string            `json:"name"`
	Comment      string            `json:"comment,omitempty"`
	Location     []Reference       `json:"location,omitempty"`
	Telecom      []ContactPoint    `json:"telecom,omitempty"`
	Program      []CodeableConcept `json:"program,omitempty"`
	// ReferralMethod says how people are referred (self-referral or not).
	ReferralMethod         []CodeableConcept `json:"referralMethod,omitempty"`
	AvailabilityExceptions string            `json:"availabilityExceptions,omitempty"`
}

// HealthcareServiceOf maps a directory service. Its id is the Open
// Referral UUID, so one service has one id in both APIs, and so are its
// organisation's and its place's.
func HealthcareServiceOf(s directory.Service) HealthcareService {
	out := HealthcareService{ResourceType: "HealthcareService", ID: HealthcareServiceID(s.ID), Identifier: []Identifier{{System: ServiceIDSystem, Value: s.ID}},
		Active: true, Name: s.Name, Comment: strings.TrimSpace(s.Description), AvailabilityExceptions: strings.TrimSpace(s.Contact.Hours)}
	if s.Organization != "" {
		out.ProvidedBy = &Reference{Reference: "Organization/" + OrganizationID(strings.TrimSpace(s.Organization)), Display: s.Organization}
	}
	if loc, ok := LocationOf(s); ok {
		out.Location = []Reference{{Reference: "Location/" + loc.ID, Display: loc.Name}}
	}
	if s.Tier != "" {
		out.Type = []CodeableConcept{{Coding: []Coding{{System: codeSystemBase + "service-tier", Code: s.Tier}}, Text: s.Tier}}
	}
	for _, c := range []ContactPoint{{System: "phone", Value: s.Contact.Phone}, {System: "email", Value: s.Contact.Email}, {System: "url", Value: s.Contact.URL}} {
		if c.Value = strings.TrimSpace(c.Value); c.Value != "" {
			out.Telecom = append(out.Telecom, c)
		}
	}
	for _, o := range s.Offer {
		out.Program = append(out.Program, CodeableConcept{Text: o})
	}
	if s.SelfReferral {
		out.ReferralMethod = []CodeableConcept{{Text: "Self-referral accepted"}}
	}
	return out
}

// HealthcareServices maps the directory for an export: its services,
// the organisations that run them and the places they give.
func HealthcareServices(services []directory.Service) []Resource {
	out := make([]Resource, 0, len(services))
	for _, s := range services {
		out = append(out, Resource{Type: "HealthcareService", Body: HealthcareServiceOf(s)})
	}
	for _, o := range Organizations(services) {
		out = append(out, Resource{Type: "Organization", Body: o})
	}
	for _, l := range Locations(services) {
		out = append(out, Resource{Type: "Location", Body: l})
	}
	return out
}
