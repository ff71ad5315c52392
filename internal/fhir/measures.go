package fhir

import (
	"strconv"
	"strings"

	"throughline/internal/measures"
)

// Questionnaire is a published form, one per measure in the catalogue.
type Questionnaire struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id"`
	URL          string              `json:"url"`
	Name         string              `json:"name"`
	Title        string              `json:"title"`
	Status       string              `json:"status"`
	Copyright    string              `json:"copyright,omitempty"`
	Code         []Coding            `json:"code,omitempty"`
	Item         []QuestionnaireItem `json:"item"`
}

// QuestionnaireItem is one question and its answer options.
type QuestionnaireItem struct {
	LinkID       string         `json:"linkId"`
	Text         string         `json:"text,omitempty"`
	Type         string         `json:"type"`
	Required     bool           `json:"required,omitempty"`
	AnswerOption []AnswerOption `json:"answerOption,omitempty"`
}

// AnswerOption is a permitted answer, valued as the form scores it.
type AnswerOption struct {
	ValueCoding Coding `json:"valueCoding"`
}

// QuestionnaireResponse is one completed measure.
type QuestionnaireResponse struct {
	ResourceType  string       `json:"resourceType"`
	ID            string       `json:"id"`
	Meta          *Meta        `json:"meta,omitempty"`
	Questionnaire string       `json:"questionnaire"`
	Status        string       `json:"status"`
	Subject       *Reference   `json:"subject"`
	Authored      string       `json:"authored,omitempty"`
	Item          []AnswerItem `json:"item,omitempty"`
}

// AnswerItem is one question's answer in a response.
type AnswerItem struct {
	LinkID string   `json:"linkId"`
	Answer []Answer `json:"answer,omitempty"`
}

// Answer is an answer valued as an integer score.
type Answer struct {
	ValueInteger int `json:"valueInteger"`
}

// Observation is a measure's total score.
type Observation struct {
	ResourceType      string            `json:"resourceType"`
	ID                string            `json:"id"`
	Meta              *Meta             `json:"meta,omitempty"`
	Status            string            `json:"status"`
	Category          []CodeableConcept `json:"category"`
	Code              CodeableConcept   `json:"code"`
	Subject           *Reference        `json:"subject"`
	EffectiveDateTime string            `json:"effectiveDateTime,omitempty"`
	Issued            string            `json:"issued,omitempty"`
	ValueQuantity     *Quantity         `json:"valueQuantity,omitempty"`
	Interpretation    []CodeableConcept `json:"interpretation,omitempty"`
	DerivedFrom       []Reference       `json:"derivedFrom,omitempty"`
}

// QuestionnaireURL is the canonical URL of a measure's Questionnaire.
func QuestionnaireURL(measureID string) string {
	return codeSystemBase[:strings.Index(codeSystemBase, "CodeSystem/")] + "Questionnaire/" + QuestionnaireID(measureID)
}

// QuestionnaireID is a measure's id as a FHIR id (letters, digits, - and .).
func QuestionnaireID(measureID string) string { return strings.ToLower(measureID) }

// TotalCodes are the national codes for a measure's total score: LOINC
// and SNOMED CT where they exist (CORE-10 has no LOINC code). Measures
// with none are coded in Throughline's own system, so nothing is invented.
func TotalCodes(measureID string) []Coding {
	switch measureID {
	case "PHQ-9":
		return []Coding{{System: LOINC, Code: "44261-6", Display: "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"},
			{System: SNOMED, Code: "720433000", Display: "Patient Health Questionnaire Nine Item score"}}
	case "GAD-7":
		return []Coding{{System: LOINC, Code: "70274-6", Display: "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"},
			{System: SNOMED, Code: "445455005", Display: "Generalized Anxiety Disorder 7 item score"}}
	case "CORE-10":
		return []Coding{{System: SNOMED, Code: "718583008", Display: "Clinical Outcomes in Routine Evaluation - 10 clinical score"}}
	}
	return []Coding{{System: codeSystemBase + "measure-total", Code: measureID, Display: measureID + " total"}}
}

// QuestionnaireOf maps a measure definition.
func QuestionnaireOf(m *measures.Measure) Questionnaire {
	q := Questionnaire{ResourceType: "Questionnaire", ID: QuestionnaireID(m.ID), URL: QuestionnaireURL(m.ID), Name: strings.NewReplacer("-", "", " ", "").Replace(m.ID),
		Title: m.Name, Status: "active", Copyright: m.Copyright, Code: TotalCodes(m.ID)}
	for i := 0; i < m.Items; i++ {
		it := QuestionnaireItem{LinkID: strconv.Itoa(i + 1), Type: "choice", Required: !m.AllowsNotApplicable(i + 1)}
		if i < len(m.ItemText) {
			it.Text = m.ItemText[i]
		}
		if len(m.Options) > 0 {
			for _, o := range m.Options {
				it.AnswerOption = append(it.AnswerOption, AnswerOption{ValueCoding: Coding{System: QuestionnaireURL(m.ID) + "/answers", Code: strconv.Itoa(o.Value), Display: o.Label}})
			}
		} else {
			it.Type = "integer"
		}
		q.Item = append(q.Item, it)
	}
	return q
}

// ResponseOf maps a completed measure to its QuestionnaireResponse.
func ResponseOf(r measures.Response) QuestionnaireResponse {
	out := QuestionnaireResponse{ResourceType: "QuestionnaireResponse", ID: ScopedID(r.PersonID, r.ID), Meta: meta(r.Version, r.CreatedAt, ""),
		Questionnaire: QuestionnaireURL(r.MeasureID), Status: "completed", Subject: Ref("Patient", PatientID(r.PersonID)), Authored: Instant(r.TakenAt)}
	for i, a := range r.Answers {
		it := AnswerItem{LinkID: strconv.Itoa(i + 1)}
		if a != nil {
			it.Answer = []Answer{{ValueInteger: *a}}
		}
		out.Item = append(out.Item, it)
	}
	return out
}

// ObservationOf maps a completed measure's total score, derived from its
// response.
func ObservationOf(r measures.Response) Observation {
	o := Observation{ResourceType: "Observation", ID: ScopedID(r.PersonID, r.ID), Meta: meta(r.Version, r.CreatedAt, "Observation"), Status: "final",
		Category: []CodeableConcept{{Coding: []Coding{{System: observationCat, Code: "survey", Display: "Survey"}}}},
		Code:     CodeableConcept{Coding: TotalCodes(r.MeasureID), Text: r.MeasureID + " total score"},
		Subject:  Ref("Patient", PatientID(r.PersonID)), EffectiveDateTime: Instant(r.TakenAt), Issued: Instant(r.CreatedAt),
		ValueQuantity: &Quantity{Value: r.Score.Total, Unit: "score", System: "http://unitsofmeasure.org", Code: "{score}"},
		DerivedFrom:   []Reference{*Ref("QuestionnaireResponse", ScopedID(r.PersonID, r.ID))}}
	if r.Score.Severity != "" {
		o.Interpretation = []CodeableConcept{{Text: r.Score.Severity}}
	}
	return o
}

// HasCode reports whether codings include code, given as "code" or
// "system|code" (a FHIR token).
func HasCode(codings []Coding, token string) bool {
	system, code, hasSystem := strings.Cut(token, "|")
	if !hasSystem {
		code, system = token, ""
	}
	for _, c := range codings {
		if c.Code == code && (!hasSystem || system == "" || c.System == system) {
			return true
		}
	}
	return false
}
