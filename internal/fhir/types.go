// Package fhir maps Throughline's records to HL7 FHIR R4 resources, with
// hand-written encoding/json types for just the resources and data types
// used, so that no FHIR library is linked into the binary. The mapping
// functions are pure: the store reads the records, the web layer decides
// who may see them, and this package only says how they look in FHIR.
package fhir

import (
	"strconv"
	"time"
)

// Profiles are UK Core canonicals, named where UK Core has a profile.
const (
	ukCore          = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"
	NHSNumberSystem = "https://fhir.nhs.uk/Id/nhs-number"
	// EthnicCategoryURL is the UK Core extension for ethnic category.
	EthnicCategoryURL = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"
	LOINC             = "http://loinc.org"
	SNOMED            = "http://snomed.info/sct"
	observationCat    = "http://terminology.hl7.org/CodeSystem/observation-category"
	// codeSystemBase names Throughline's own code systems (programmes,
	// plan categories) where no national one exists.
	codeSystemBase = "https://throughline.nhs.example/fhir/CodeSystem/"
)

// Meta carries the version, last update and profile of a resource.
type Meta struct {
	VersionID   string   `json:"versionId,omitempty"`
	LastUpdated string   `json:"lastUpdated,omitempty"`
	Profile     []string `json:"profile,omitempty"`
}

// Coding is a code from a code system.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a concept as codings and/or text.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Identifier is a business identifier such as the NHS number.
type Identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Reference points at another resource.
type Reference struct {
	Reference string `json:"reference,omitempty"`
	Display   string `json:"display,omitempty"`
}

// HumanName is a person's name.
type HumanName struct {
	Use    string   `json:"use,omitempty"`
	Text   string   `json:"text,omitempty"`
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
}

// ContactPoint is a phone number or email address.
type ContactPoint struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
	Use    string `json:"use,omitempty"`
}

// Period is a start and optional end.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Extension is a FHIR extension with the value types used here.
type Extension struct {
	URL                  string           `json:"url"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
	ValueString          string           `json:"valueString,omitempty"`
}

// Annotation is a note.
type Annotation struct {
	Text string `json:"text"`
}

// Quantity is a measured amount.
type Quantity struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit,omitempty"`
	System string  `json:"system,omitempty"`
	Code   string  `json:"code,omitempty"`
}

// Ref is a relative reference to a resource of type kind.
func Ref(kind, id string) *Reference { return &Reference{Reference: kind + "/" + id} }

// PatientID is the logical id of a person's Patient resource.
func PatientID(personID int64) string { return strconv.FormatInt(personID, 10) }

// ScopedID is the logical id of a record that belongs to one person: the
// person's id and the record's, so that a read can check the relationship
// with the person before anything else is read.
func ScopedID(personID, recordID int64) string {
	return strconv.FormatInt(personID, 10) + "-" + strconv.FormatInt(recordID, 10)
}

// ParseScopedID splits a ScopedID; ok is false for anything else.
func ParseScopedID(id string) (personID, recordID int64, ok bool) {
	for i := 0; i < len(id); i++ {
		if id[i] != '-' {
			continue
		}
		p, err1 := strconv.ParseInt(id[:i], 10, 64)
		r, err2 := strconv.ParseInt(id[i+1:], 10, 64)
		if err1 != nil || err2 != nil || p <= 0 || r <= 0 {
			return 0, 0, false
		}
		return p, r, true
	}
	return 0, 0, false
}

// Instant formats t as a FHIR instant (UTC, seconds), empty for zero.
func Instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Date formats t as a FHIR date, empty for zero.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func meta(version int, updated time.Time, profile string) *Meta {
	m := &Meta{LastUpdated: Instant(updated)}
	if version > 0 {
		m.VersionID = strconv.Itoa(version)
	}
	if profile != "" {
		m.Profile = []string{ukCore + profile}
	}
	return m
}
