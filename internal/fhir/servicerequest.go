package fhir

import (
	"strings"
	"time"

	"throughline/internal/care"
	"throughline/internal/openreferral"
)

// ServiceRequest is a referral to a service in the directory.
type ServiceRequest struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Meta         *Meta             `json:"meta,omitempty"`
	Status       string            `json:"status"`
	Intent       string            `json:"intent"`
	Category     []CodeableConcept `json:"category,omitempty"`
	Subject      *Reference        `json:"subject"`
	AuthoredOn   string            `json:"authoredOn,omitempty"`
	Requester    *Reference        `json:"requester,omitempty"`
	Performer    []Reference       `json:"performer,omitempty"`
	ReasonCode   []CodeableConcept `json:"reasonCode,omitempty"`
	Note         []Annotation      `json:"note,omitempty"`
}

// ReferralStatus maps a referral's stage to a ServiceRequest status: a
// request for more information holds the referral, a decline revokes it
// and an outcome completes it; every other stage is still being acted on.
func ReferralStatus(s care.ReferralStatus) string {
	switch s {
	case care.ReferralMoreInfo:
		return "on-hold"
	case care.ReferralDeclined:
		return "revoked"
	case care.ReferralOutcome:
		return "completed"
	}
	return "active"
}

// HealthcareServiceID is the logical id of a directory service: the same
// UUID the Open Referral API publishes, so one service has one id in both.
func HealthcareServiceID(serviceID string) string { return openreferral.ServiceID(serviceID) }

// ServiceRequestOf maps a referral to serviceName, last changed at updated.
func ServiceRequestOf(r care.Referral, serviceName string, updated time.Time) ServiceRequest {
	out := ServiceRequest{ResourceType: "ServiceRequest", ID: ScopedID(r.PersonID, r.ID), Meta: meta(r.Version, updated, "ServiceRequest"),
		Status: ReferralStatus(r.Status), Intent: "order",
		Category: []CodeableConcept{{Coding: []Coding{{System: codeSystemBase + "referral-status", Code: string(r.Status), Display: r.Status.Label()}}, Text: r.Status.Label()}},
		Subject:  Ref("Patient", PatientID(r.PersonID)), AuthoredOn: Instant(r.ReceivedAt)}
	// A referral's service is a HealthcareService with the id the Open
	// Referral API gives it.
	out.Performer = []Reference{{Reference: "HealthcareService/" + HealthcareServiceID(r.ServiceID), Display: serviceName}}
	switch {
	case r.ReferrerTier == "self":
		out.Requester = &Reference{Reference: "Patient/" + PatientID(r.PersonID), Display: "Self-referral"}
	default:
		if who := strings.Trim(strings.TrimSpace(r.ReferrerName)+", "+strings.TrimSpace(r.ReferrerOrg), ", "); who != "" {
			out.Requester = &Reference{Display: who}
		}
	}
	if reason := strings.TrimSpace(r.Reason); reason != "" {
		out.ReasonCode = []CodeableConcept{{Text: reason}}
	}
	if r.Status == care.ReferralDeclined && r.DeclineReason != "" {
		out.Note = []Annotation{{Text: "Not accepted: " + r.DeclineReason}}
	}
	return out
}
