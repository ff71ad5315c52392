package fhir

import (
	"strings"

	"throughline/internal/care"
)

// Patient is the UK Core Patient resource, with the fields Throughline
// records.
type Patient struct {
	ResourceType string         `json:"resourceType"`
	ID           string         `json:"id"`
	Meta         *Meta          `json:"meta,omitempty"`
	Extension    []Extension    `json:"extension,omitempty"`
	Identifier   []Identifier   `json:"identifier,omitempty"`
	Name         []HumanName    `json:"name"`
	Telecom      []ContactPoint `json:"telecom,omitempty"`
	Gender       string         `json:"gender,omitempty"`
	BirthDate    string         `json:"birthDate,omitempty"`
}

// PatientOf maps a person. Ethnic category is carried as the person's own
// recorded words: the category text is not coerced into a code we could
// not confirm.
func PatientOf(p care.Person) Patient {
	out := Patient{ResourceType: "Patient", ID: PatientID(p.ID), Meta: meta(p.Version, p.UpdatedAt, "Patient"), BirthDate: Date(p.DateOfBirth)}
	if p.NHSNumber != "" {
		out.Identifier = []Identifier{{System: NHSNumberSystem, Value: p.NHSNumber}}
	}
	official := HumanName{Use: "official", Family: p.FamilyName, Given: nonEmpty(p.GivenName)}
	out.Name = []HumanName{official}
	if p.PreferredName != "" && p.PreferredName != p.GivenName {
		out.Name = append(out.Name, HumanName{Use: "usual", Family: p.FamilyName, Given: []string{p.PreferredName}})
	}
	if p.Phone != "" {
		out.Telecom = append(out.Telecom, ContactPoint{System: "phone", Value: p.Phone})
	}
	if p.Email != "" {
		out.Telecom = append(out.Telecom, ContactPoint{System: "email", Value: p.Email})
	}
	if e := strings.TrimSpace(p.Ethnicity); e != "" {
		out.Extension = []Extension{{URL: EthnicCategoryURL, ValueCodeableConcept: &CodeableConcept{Text: e}}}
	}
	out.Gender = genderCode(p.Gender)
	return out
}

// genderCode maps the recorded gender to FHIR administrative gender only
// where the words say it plainly; anything else is left out rather than
// guessed.
func genderCode(g string) string {
	switch strings.ToLower(strings.TrimSpace(g)) {
	case "woman", "female", "female (including trans woman)", "trans woman":
		return "female"
	case "man", "male", "male (including trans man)", "trans man":
		return "male"
	case "non-binary", "other", "prefer to self-describe":
		return "other"
	}
	return ""
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
