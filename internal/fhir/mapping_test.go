package fhir

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/measures"
)

// TestPatientUKCore: the NHS number is an identifier in the NHS system,
// the ethnic category is the UK Core extension (as recorded, in words),
// the profile is UK Core, and nothing unrecorded is invented.
func TestPatientUKCore(t *testing.T) {
	p := PatientOf(care.Person{ID: 7, NHSNumber: "9434765919", GivenName: "Robin", FamilyName: "Linked", PreferredName: "Rob",
		Ethnicity: "White: Irish", DateOfBirth: time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), Version: 3, UpdatedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)})
	b, _ := json.Marshal(p)
	for _, want := range []string{`"identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}]`,
		`"profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]`,
		`"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory","valueCodeableConcept":{"text":"White: Irish"}`,
		`"birthDate":"1990-01-02"`, `{"use":"usual","family":"Linked","given":["Rob"]}`, `"versionId":"3"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Patient lacks %s:\n%s", want, b)
		}
	}
	bare, _ := json.Marshal(PatientOf(care.Person{ID: 8, GivenName: "A", FamilyName: "B"}))
	for _, absent := range []string{"identifier", "extension", "gender", "birthDate"} {
		if strings.Contains(string(bare), absent) {
			t.Errorf("a Patient with nothing recorded has %s: %s", absent, bare)
		}
	}
}

// TestObservationCodes: totals carry the national LOINC and SNOMED codes,
// category survey, and point at their response.
func TestObservationCodes(t *testing.T) {
	tests := []struct {
		measure string
		want    []string
	}{
		{"PHQ-9", []string{"44261-6", "720433000"}},
		{"GAD-7", []string{"70274-6", "445455005"}},
		{"CORE-10", []string{"718583008"}},
	}
	for _, tt := range tests {
		o := ObservationOf(measures.Response{ID: 5, PersonID: 2, MeasureID: tt.measure, Score: measures.Score{Total: 12}})
		for _, code := range tt.want {
			if !HasCode(o.Code.Coding, code) {
				t.Errorf("%s lacks code %s: %+v", tt.measure, code, o.Code.Coding)
			}
		}
		if got, want := len(o.Code.Coding), len(tt.want); got != want {
			t.Errorf("%s has %d codes, want %d", tt.measure, got, want)
		}
		if o.Category[0].Coding[0].Code != "survey" || o.DerivedFrom[0].Reference != "QuestionnaireResponse/2-5" || o.ValueQuantity.Value != 12 {
			t.Errorf("%s: %+v", tt.measure, o)
		}
	}
}

// TestContactStatuses: attended contacts are fulfilled Appointments with
// an Encounter; missed and cancelled ones are Appointment statuses only.
func TestContactStatuses(t *testing.T) {
	tests := []struct {
		outcome       care.Outcome
		status        string
		wantEncounter bool
	}{
		{care.OutcomeNone, "booked", false},
		{care.OutcomeAttended, "fulfilled", true},
		{care.OutcomeDidNotAttend, "noshow", false},
		{care.OutcomeCancelledByPerson, "cancelled", false},
		{care.OutcomeCancelledByTeam, "cancelled", false},
	}
	for _, tt := range tests {
		ap := care.Appointment{ID: 3, PersonID: 2, EpisodeID: 4, Kind: care.KindIndividual, Outcome: tt.outcome, Minutes: 50, StartsAt: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)}
		if got := AppointmentOf(ap).Status; got != tt.status {
			t.Errorf("%q: status %q, want %q", tt.outcome, got, tt.status)
		}
		e, ok := EncounterOf(ap)
		if ok != tt.wantEncounter {
			t.Errorf("%q: encounter %v, want %v", tt.outcome, ok, tt.wantEncounter)
		}
		if ok && (e.EpisodeOfCare[0].Reference != "EpisodeOfCare/2-4" || e.Period.End != "2026-11-02T10:50:00Z") {
			t.Errorf("encounter %+v", e)
		}
	}
}
