package fhir

import (
	"time"

	"throughline/internal/care"
	"throughline/internal/measures"
)

// Records is everything exported about one person.
type Records struct {
	Person    care.Person
	Responses []measures.Response
	Episodes  []NamedEpisode
	Goals     []care.Goal
	CarePlans []care.CarePlan
	// Appointments are the person's booked contacts.
	Appointments []care.Appointment
	// CrisisPlan is the saved crisis plan; Version 0 when there is none.
	CrisisPlan  care.CrisisPlan
	Referrals   []NamedReferral
	Medications []care.Medication
	Carers      []care.Carer
	// Now is when the records were read, which a consent is judged on.
	Now time.Time
}

// NamedReferral is a referral with its service's name and last change.
type NamedReferral struct {
	care.Referral
	ServiceName string
	Updated     time.Time
}

// NamedEpisode is an episode with the names its references show.
type NamedEpisode struct {
	care.Episode
	TeamName, WorkerName string
}

// Resource is one mapped resource with its type and when it last changed.
type Resource struct {
	Type    string
	Updated time.Time
	Body    any
}

// ExportTypes are the resource types a person's records map to, in the
// order an export writes them.
var ExportTypes = []string{"Patient", "Observation", "QuestionnaireResponse", "EpisodeOfCare", "Goal", "CarePlan", "Appointment", "Encounter", "ServiceRequest", "MedicationStatement", "RelatedPerson", "Consent", "Questionnaire", "HealthcareService", "Organization", "Location", "Practitioner", "PractitionerRole"}

// Resources maps a person's records to every resource they make.
func (r Records) Resources() []Resource {
	out := []Resource{{"Patient", r.Person.UpdatedAt, PatientOf(r.Person)}}
	for _, m := range r.Responses {
		out = append(out, Resource{"Observation", m.CreatedAt, ObservationOf(m)}, Resource{"QuestionnaireResponse", m.CreatedAt, ResponseOf(m)})
	}
	for _, e := range r.Episodes {
		updated := e.StartedAt
		if !e.EndedAt.IsZero() {
			updated = e.EndedAt
		}
		out = append(out, Resource{"EpisodeOfCare", updated, EpisodeOf(e.Episode, e.TeamName, e.WorkerName, updated)})
	}
	for _, g := range r.Goals {
		updated := g.CreatedAt
		if g.StatusChangedAt.After(updated) {
			updated = g.StatusChangedAt
		}
		out = append(out, Resource{"Goal", updated, GoalOf(g)})
	}
	for _, p := range r.CarePlans {
		out = append(out, Resource{"CarePlan", p.UpdatedAt, CarePlanOf(p, r.Goals)})
	}
	if r.CrisisPlan.Version > 0 {
		out = append(out, Resource{"CarePlan", r.CrisisPlan.UpdatedAt, CrisisPlanOf(r.CrisisPlan)})
	}
	for _, ap := range r.Appointments {
		out = append(out, Resource{"Appointment", AppointmentUpdated(ap), AppointmentOf(ap)})
		if e, ok := EncounterOf(ap); ok {
			out = append(out, Resource{"Encounter", AppointmentUpdated(ap), e})
		}
	}
	for _, ref := range r.Referrals {
		out = append(out, Resource{"ServiceRequest", ref.Updated, ServiceRequestOf(ref.Referral, ref.ServiceName, ref.Updated)})
	}
	for _, m := range r.Medications {
		out = append(out, Resource{"MedicationStatement", MedicationUpdated(m), MedicationStatementOf(m)})
	}
	for _, c := range r.Carers {
		out = append(out, Resource{"RelatedPerson", CarerUpdated(c), RelatedPersonOf(c, r.Now)}, Resource{"Consent", CarerUpdated(c), ConsentOf(c, r.Now)})
	}
	return out
}

// Questionnaires are the measure definitions, exported once.
func Questionnaires() []Resource {
	var out []Resource
	for _, id := range measures.IDs() {
		out = append(out, Resource{Type: "Questionnaire", Body: QuestionnaireOf(measures.Catalogue()[id])})
	}
	return out
}
