package fhir

import (
	"strconv"
	"time"
)

// Staff is what the API shows of a staff user: their name, profession and
// teams, never their account (username, password, sign-ins).
type Staff struct {
	ID         int64
	Name       string
	RoleLabel  string
	Profession string
	Active     bool
	Version    int
	Created    time.Time
	Teams      []StaffTeam
}

// StaffTeam is a team a staff member works in and the service it runs.
type StaffTeam struct {
	Name, ServiceID string
}

// Practitioner is a member of staff.
type Practitioner struct {
	ResourceType string      `json:"resourceType"`
	ID           string      `json:"id"`
	Meta         *Meta       `json:"meta,omitempty"`
	Active       bool        `json:"active"`
	Name         []HumanName `json:"name"`
}

// PractitionerRole is what a member of staff does and in which teams.
type PractitionerRole struct {
	ResourceType      string            `json:"resourceType"`
	ID                string            `json:"id"`
	Meta              *Meta             `json:"meta,omitempty"`
	Active            bool              `json:"active"`
	Practitioner      *Reference        `json:"practitioner"`
	Code              []CodeableConcept `json:"code,omitempty"`
	HealthcareService []Reference       `json:"healthcareService,omitempty"`
}

// PractitionerOf maps a member of staff.
func PractitionerOf(s Staff) Practitioner {
	return Practitioner{ResourceType: "Practitioner", ID: strconv.FormatInt(s.ID, 10), Meta: meta(s.Version, s.Created, "Practitioner"), Active: s.Active,
		Name: []HumanName{{Use: "usual", Text: s.Name}}}
}

// PractitionerRoleOf maps what a member of staff does: their profession
// (or, without one, their role) and each team as the service it runs,
// named by the team.
func PractitionerRoleOf(s Staff) PractitionerRole {
	id := strconv.FormatInt(s.ID, 10)
	out := PractitionerRole{ResourceType: "PractitionerRole", ID: id, Meta: meta(s.Version, s.Created, "PractitionerRole"), Active: s.Active,
		Practitioner: &Reference{Reference: "Practitioner/" + id, Display: s.Name}}
	what := s.Profession
	if what == "" {
		what = s.RoleLabel
	}
	out.Code = []CodeableConcept{{Text: what}}
	for _, t := range s.Teams {
		ref := Reference{Display: t.Name}
		if t.ServiceID != "" {
			ref.Reference = "HealthcareService/" + HealthcareServiceID(t.ServiceID)
		}
		out.HealthcareService = append(out.HealthcareService, ref)
	}
	return out
}
