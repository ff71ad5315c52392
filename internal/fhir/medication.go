package fhir

import (
	"strings"
	"time"

	"throughline/internal/care"
)

// MedicationStatement is a medicine the person takes or took, as
// recorded by their team.
type MedicationStatement struct {
	ResourceType              string            `json:"resourceType"`
	ID                        string            `json:"id"`
	Meta                      *Meta             `json:"meta,omitempty"`
	Status                    string            `json:"status"`
	StatusReason              []CodeableConcept `json:"statusReason,omitempty"`
	MedicationCodeableConcept *CodeableConcept  `json:"medicationCodeableConcept"`
	Subject                   *Reference        `json:"subject"`
	Context                   *Reference        `json:"context,omitempty"`
	EffectivePeriod           *Period           `json:"effectivePeriod,omitempty"`
	DateAsserted              string            `json:"dateAsserted,omitempty"`
	InformationSource         *Reference        `json:"informationSource,omitempty"`
	Dosage                    []Dosage          `json:"dosage,omitempty"`
	Note                      []Annotation      `json:"note,omitempty"`
}

// Dosage is how a medicine is taken, as free text: the team records dose
// and frequency in words, not as structured timing.
type Dosage struct {
	Text string `json:"text"`
}

// MedicationUpdated is when a medicine record last changed in substance:
// it keeps no update time of its own, so its stop date, or its start.
func MedicationUpdated(m care.Medication) time.Time {
	if m.StoppedOn.After(m.StartedOn) {
		return m.StoppedOn
	}
	return m.StartedOn
}

// MedicationStatementOf maps a medicine record.
func MedicationStatementOf(m care.Medication) MedicationStatement {
	out := MedicationStatement{ResourceType: "MedicationStatement", ID: ScopedID(m.PersonID, m.ID), Meta: meta(m.Version, MedicationUpdated(m), "MedicationStatement"),
		Status: "active", MedicationCodeableConcept: &CodeableConcept{Text: m.Name}, Subject: Ref("Patient", PatientID(m.PersonID)),
		EffectivePeriod: &Period{Start: Date(m.StartedOn), End: Date(m.StoppedOn)}, DateAsserted: Instant(m.StartedOn)}
	if m.EpisodeID != 0 {
		out.Context = Ref("EpisodeOfCare", ScopedID(m.PersonID, m.EpisodeID))
	}
	if !m.Current() {
		out.Status = "stopped"
		if reason := strings.TrimSpace(m.StopReason); reason != "" {
			out.StatusReason = []CodeableConcept{{Text: reason}}
		}
	}
	if p := strings.TrimSpace(m.Prescriber); p != "" {
		out.InformationSource = &Reference{Display: p}
	}
	if dose := strings.Trim(strings.TrimSpace(m.Dose)+", "+strings.TrimSpace(m.Frequency), ", "); dose != "" {
		out.Dosage = []Dosage{{Text: dose}}
	}
	if !m.ReviewOn.IsZero() && m.Current() {
		out.Note = []Annotation{{Text: "Review due " + Date(m.ReviewOn) + "."}}
	}
	return out
}
