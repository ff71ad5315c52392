package fhir

import (
	"strconv"
	"time"

	"throughline/internal/care"
)

// EpisodeOfCare is a period of care by one team, with the programme and
// the named worker as care manager.
type EpisodeOfCare struct {
	ResourceType         string            `json:"resourceType"`
	ID                   string            `json:"id"`
	Meta                 *Meta             `json:"meta,omitempty"`
	Status               string            `json:"status"`
	Type                 []CodeableConcept `json:"type,omitempty"`
	Patient              *Reference        `json:"patient"`
	ManagingOrganization *Reference        `json:"managingOrganization,omitempty"`
	Period               *Period           `json:"period,omitempty"`
	CareManager          *Reference        `json:"careManager,omitempty"`
	Team                 []Reference       `json:"team,omitempty"`
}

// teamRef names the team by display only: teams and staff are not served
// as resources yet, and a reference must not point at nothing.
func teamRef(teamID int64, name string) Reference {
	return Reference{Display: name + " (team " + strconv.FormatInt(teamID, 10) + ")"}
}

// EpisodeOf maps an episode; teamName and workerName are shown with the
// references.
func EpisodeOf(e care.Episode, teamName, workerName string, updated time.Time) EpisodeOfCare {
	out := EpisodeOfCare{ResourceType: "EpisodeOfCare", ID: ScopedID(e.PersonID, e.ID), Meta: meta(e.Version, updated, "EpisodeOfCare"),
		Status: "active", Patient: Ref("Patient", PatientID(e.PersonID)), Period: &Period{Start: Instant(e.StartedAt), End: Instant(e.EndedAt)}}
	if !e.Active() {
		out.Status = "finished"
	}
	if e.Modality != "" {
		out.Type = append(out.Type, CodeableConcept{Coding: []Coding{{System: codeSystemBase + "programme", Code: e.Modality}}, Text: "Programme: " + e.Modality})
	}
	if e.Pathway != "" {
		out.Type = append(out.Type, CodeableConcept{Coding: []Coding{{System: codeSystemBase + "pathway", Code: e.Pathway}}, Text: "Pathway: " + e.Pathway})
	}
	if e.NamedWorkerID != 0 {
		out.CareManager = &Reference{Display: workerName}
	}
	if e.TeamID != 0 {
		out.Team = []Reference{teamRef(e.TeamID, teamName)}
	}
	return out
}
