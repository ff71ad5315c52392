package fhir

import (
	"strings"

	"throughline/internal/care"
)

// Goal is one of the person's goals, in their own words where they gave
// them.
type Goal struct {
	ResourceType    string          `json:"resourceType"`
	ID              string          `json:"id"`
	Meta            *Meta           `json:"meta,omitempty"`
	LifecycleStatus string          `json:"lifecycleStatus"`
	Description     CodeableConcept `json:"description"`
	Subject         *Reference      `json:"subject"`
	StartDate       string          `json:"startDate,omitempty"`
	StatusDate      string          `json:"statusDate,omitempty"`
	Note            []Annotation    `json:"note,omitempty"`
}

// CarePlan is a care plan or a crisis plan, told apart by category.
type CarePlan struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Meta         *Meta             `json:"meta,omitempty"`
	Status       string            `json:"status"`
	Intent       string            `json:"intent"`
	Category     []CodeableConcept `json:"category"`
	Title        string            `json:"title,omitempty"`
	Description  string            `json:"description,omitempty"`
	Subject      *Reference        `json:"subject"`
	Period       *Period           `json:"period,omitempty"`
	Goal         []Reference       `json:"goal,omitempty"`
	Note         []Annotation      `json:"note,omitempty"`
}

// Plan categories: Throughline's own codes, since no national code names
// a personality-disorder pathway care plan or a crisis plan.
const (
	CategoryCarePlan   = "care-plan"
	CategoryCrisisPlan = "crisis-plan"
)

// GoalOf maps a goal.
func GoalOf(g care.Goal) Goal {
	out := Goal{ResourceType: "Goal", ID: ScopedID(g.PersonID, g.ID), Meta: meta(g.Version, g.CreatedAt, ""), LifecycleStatus: "active",
		Description: CodeableConcept{Text: g.Text}, Subject: Ref("Patient", PatientID(g.PersonID)), StartDate: Date(g.CreatedAt), StatusDate: Date(g.StatusChangedAt)}
	switch g.Status {
	case care.GoalAchieved:
		out.LifecycleStatus = "completed"
	case care.GoalSetAside:
		out.LifecycleStatus = "on-hold"
	}
	if g.OwnWords {
		out.Note = []Annotation{{Text: "In the person's own words."}}
	}
	return out
}

// CarePlanOf maps a saved care plan with the ids of the episode's goals.
func CarePlanOf(p care.CarePlan, goals []care.Goal) CarePlan {
	out := CarePlan{ResourceType: "CarePlan", ID: ScopedID(p.PersonID, p.ID), Meta: meta(p.Version, p.UpdatedAt, ""), Status: "active", Intent: "plan",
		Category: []CodeableConcept{planCategory(CategoryCarePlan, "Care plan")}, Title: "Care plan", Subject: Ref("Patient", PatientID(p.PersonID))}
	var needs []string
	for _, n := range p.Needs {
		if d := strings.TrimSpace(n.Description); d != "" {
			needs = append(needs, n.Domain+": "+d)
		}
	}
	out.Description = strings.Join(needs, "\n")
	for _, g := range goals {
		if g.EpisodeID == p.EpisodeID {
			out.Goal = append(out.Goal, *Ref("Goal", ScopedID(g.PersonID, g.ID)))
		}
	}
	if c := strings.TrimSpace(p.PersonComments); c != "" {
		out.Note = []Annotation{{Text: "In the person's own words: " + c}}
	}
	return out
}

func planCategory(code, display string) CodeableConcept {
	return CodeableConcept{Coding: []Coding{{System: codeSystemBase + "plan-category", Code: code, Display: display}}, Text: display}
}
