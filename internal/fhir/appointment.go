package fhir

import (
	"time"

	"throughline/internal/care"
)

// Appointment is a booked contact; missed and cancelled contacts are
// told apart by status.
type Appointment struct {
	ResourceType string                   `json:"resourceType"`
	ID           string                   `json:"id"`
	Meta         *Meta                    `json:"meta,omitempty"`
	Status       string                   `json:"status"`
	ServiceType  []CodeableConcept        `json:"serviceType,omitempty"`
	Start        string                   `json:"start,omitempty"`
	End          string                   `json:"end,omitempty"`
	MinutesDur   int                      `json:"minutesDuration,omitempty"`
	Participant  []AppointmentParticipant `json:"participant"`
}

// AppointmentParticipant is the person booked.
type AppointmentParticipant struct {
	Actor  *Reference `json:"actor,omitempty"`
	Status string     `json:"status"`
}

// Encounter is a contact that took place.
type Encounter struct {
	ResourceType  string            `json:"resourceType"`
	ID            string            `json:"id"`
	Meta          *Meta             `json:"meta,omitempty"`
	Status        string            `json:"status"`
	Class         Coding            `json:"class"`
	Type          []CodeableConcept `json:"type,omitempty"`
	Subject       *Reference        `json:"subject"`
	EpisodeOfCare []Reference       `json:"episodeOfCare,omitempty"`
	Period        *Period           `json:"period,omitempty"`
	Appointment   []Reference       `json:"appointment,omitempty"`
}

// AppointmentStatus maps a contact's recorded outcome.
func AppointmentStatus(ap care.Appointment) string {
	switch ap.Outcome {
	case care.OutcomeAttended:
		return "fulfilled"
	case care.OutcomeDidNotAttend:
		return "noshow"
	case care.OutcomeCancelledByPerson, care.OutcomeCancelledByTeam:
		return "cancelled"
	}
	return "booked"
}

func contactKind(ap care.Appointment) []CodeableConcept {
	return []CodeableConcept{{Coding: []Coding{{System: codeSystemBase + "contact-kind", Code: string(ap.Kind)}}, Text: string(ap.Kind)}}
}

// AppointmentUpdated is when a contact last changed: its outcome, or its start.
func AppointmentUpdated(ap care.Appointment) time.Time {
	if ap.OutcomeAt.After(ap.StartsAt) {
		return ap.OutcomeAt
	}
	return ap.StartsAt
}

// AppointmentOf maps a booked contact.
func AppointmentOf(ap care.Appointment) Appointment {
	out := Appointment{ResourceType: "Appointment", ID: ScopedID(ap.PersonID, ap.ID), Meta: meta(ap.Version, AppointmentUpdated(ap), ""), Status: AppointmentStatus(ap),
		ServiceType: contactKind(ap), Start: Instant(ap.StartsAt),
		Participant: []AppointmentParticipant{{Actor: Ref("Patient", PatientID(ap.PersonID)), Status: "accepted"}}}
	if ap.Minutes > 0 {
		out.End, out.MinutesDur = Instant(ap.StartsAt.Add(time.Duration(ap.Minutes)*time.Minute)), ap.Minutes
	}
	if ap.Outcome == care.OutcomeCancelledByPerson || ap.Outcome == care.OutcomeDidNotAttend {
		out.Participant[0].Status = "declined"
	}
	return out
}

// EncounterOf maps an attended contact; ok is false for any other.
func EncounterOf(ap care.Appointment) (Encounter, bool) {
	if ap.Outcome != care.OutcomeAttended {
		return Encounter{}, false
	}
	e := Encounter{ResourceType: "Encounter", ID: ScopedID(ap.PersonID, ap.ID), Meta: meta(ap.Version, AppointmentUpdated(ap), "Encounter"), Status: "finished",
		Class: Coding{System: "http://terminology.hl7.org/CodeSystem/v3-ActCode", Code: "AMB", Display: "ambulatory"}, Type: contactKind(ap),
		Subject: Ref("Patient", PatientID(ap.PersonID)), Appointment: []Reference{*Ref("Appointment", ScopedID(ap.PersonID, ap.ID))}}
	e.Period = &Period{Start: Instant(ap.StartsAt)}
	if ap.Minutes > 0 {
		e.Period.End = Instant(ap.StartsAt.Add(time.Duration(ap.Minutes) * time.Minute))
	}
	if ap.EpisodeID != 0 {
		e.EpisodeOfCare = []Reference{*Ref("EpisodeOfCare", ScopedID(ap.PersonID, ap.EpisodeID))}
	}
	return e, true
}
