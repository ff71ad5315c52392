package indicators

import "throughline/internal/disclosure"

// PlanNeeds is an active episode's care plan as "responding to
// complexity" reads it: who holds each life domain's need, and whether
// anyone liaised with another agency about the person.
type PlanNeeds struct {
	Needs   map[string]NeedHolders // by life domain
	Liaison bool                   // a liaison record on the plan
}

// NeedHolders says who has actions on one need: the team (staff or the
// person with the team) and another agency.
type NeedHolders struct{ Team, Agency bool }

// ComplexDomains is how many life domains with needs make a person's
// needs co-occurring for this indicator.
const ComplexDomains = 3

// Complexity is the "responding to complexity" section: people with needs
// in several life domains, whether other agencies are involved with them,
// and whether the team holds those needs rather than passing them on.
func Complexity(plans []PlanNeeds) Section { return ComplexityFrom(SummariseComplexity(plans)) }

// ComplexityFrom discloses the section's figures.
func ComplexityFrom(c ComplexityFigures) Section {
	return Section{Principle: "Responding to complexity", Indicators: []Indicator{
		{"People with needs in 3 or more life domains", disclosure.NewCount(c.Complex).String(),
			"People whose needs cross mental health, housing, money, relationships and more are taken on, not screened out.",
			"Active episodes whose care plan records needs in 3 or more life domains."},
		{"Of them, with liaison or actions by another agency", share(c.Joined, c.Complex),
			"The team works with the other services in the person's life.",
			"Of those plans, the ones with a liaison record or an action owned by another agency."},
		{"Their needs held by the team", share(c.Held, c.Needs),
			"Co-occurring needs are held by the team, with others, rather than referred on and dropped.",
			"Needs on those plans with at least one action owned by staff or by the person, rather than only by another agency or none."},
	}}
}
