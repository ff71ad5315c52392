package indicators

import (
	"throughline/internal/care"
	"throughline/internal/disclosure"
)

// PreferredContactNotRecorded is what the flexible section says about
// contacts at the person's preferred time or way: Throughline does not yet
// record those preferences for ongoing contacts, and saying so is more
// honest than a number that measures something else.
const PreferredContactNotRecorded = "Not yet recorded"

// Flexible is the "flexible" section: changes the team made to a person's
// care within their episode (intensity, modality, team), none of which
// needed a new referral, from the episode changes recorded in the period
// by kind.
func Flexible(changes map[care.EpisodeEventKind]int) Section {
	count := func(kinds ...care.EpisodeEventKind) string {
		n := 0
		for _, k := range kinds {
			n += changes[k]
		}
		return disclosure.NewCount(n).String()
	}
	return Section{Principle: "Flexible", Indicators: []Indicator{
		{"Changes of intensity without a new referral", count(care.EventStepUp, care.EventStepDown),
			"Support steps up when things are hard and down when they ease, within the same episode.",
			"Step-up and step-down changes recorded in the period on the service's episodes."},
		{"Changes of therapy without a new referral", count(care.EventModality),
			"When a therapy is not the right fit, the person moves to another without starting again.",
			"Modality changes recorded in the period on the service's episodes."},
		{"Moves between teams without a new referral", count(care.EventTeam),
			"People move to the team that suits them now, keeping their history.",
			"Team changes recorded in the period on the service's episodes."},
		{"Contacts at the person's preferred time or way", PreferredContactNotRecorded,
			"Contacts fit around the person's life: times and ways they have said suit them.",
			"Not yet measured: people's preferred times and ways of contact are not yet recorded for ongoing appointments."},
	}}
}
