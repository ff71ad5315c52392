package fhir

import (
	"strconv"
	"strings"

	"throughline/internal/care"
)

// CrisisPlanID is the logical id of a person's crisis plan. It shares the
// CarePlan id space with care plans, whose ids are ScopedIDs of another
// table, so it is marked to keep the two from colliding.
func CrisisPlanID(personID, planID int64) string {
	return PatientID(personID) + "-crisis-" + strconv.FormatInt(planID, 10)
}

// PersonOfID is the person a person-scoped id names (a ScopedID or a
// CrisisPlanID); ok is false for anything else.
func PersonOfID(id string) (int64, bool) {
	if p, _, ok := ParseScopedID(id); ok {
		return p, true
	}
	person, plan, found := strings.Cut(id, "-crisis-")
	if !found {
		return 0, false
	}
	p, err1 := strconv.ParseInt(person, 10, 64)
	r, err2 := strconv.ParseInt(plan, 10, 64)
	if err1 != nil || err2 != nil || p <= 0 || r <= 0 {
		return 0, false
	}
	return p, true
}

// CrisisPlanOf maps a saved crisis plan to a CarePlan with the crisis-plan
// category. Its sections are the person's own words, so they are kept as
// written, each under the heading the person saw when writing it.
func CrisisPlanOf(c care.CrisisPlan) CarePlan {
	out := CarePlan{ResourceType: "CarePlan", ID: CrisisPlanID(c.PersonID, c.ID), Meta: meta(c.Version, c.UpdatedAt, ""), Status: "active", Intent: "plan",
		Category: []CodeableConcept{planCategory(CategoryCrisisPlan, "Crisis plan")}, Title: "Crisis plan",
		Description: "The person's plan for when things get very hard, in their own words.", Subject: Ref("Patient", PatientID(c.PersonID))}
	for _, s := range []struct{ heading, text string }{
		{"Warning signs", c.WarningSigns}, {"What I can do", c.ICanDo}, {"What others can do", c.OthersCanDo},
		{"What helps", c.Helps}, {"What does not help", c.DoesNotHelp},
	} {
		if t := strings.TrimSpace(s.text); t != "" {
			out.Note = append(out.Note, Annotation{Text: s.heading + ": " + t})
		}
	}
	for _, ct := range c.Contacts {
		line := strings.TrimSpace(ct.Name)
		if ct.Role != "" {
			line += " (" + ct.Role + ")"
		}
		out.Note = append(out.Note, Annotation{Text: "Contact: " + line + ", " + ct.Phone + ", " + ct.Hours})
	}
	return out
}
