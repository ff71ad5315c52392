package demo

// Referral wording. It describes what people live with and what they want,
// never labels: no "manipulative", "attention-seeking", "non-compliant".

var cenReasons = []string{
	"Long-standing difficulties with intense emotions and relationships; would like longer-term support",
	"Self-harm at times of overwhelming distress; has asked for a specialist assessment",
	"Several crisis contacts this year; short-term therapy helped a little but ended too soon",
	"Experiences of childhood trauma; finding relationships and sense of self hard",
	"Wants to understand patterns in relationships that keep repeating",
	"Struggling to keep going with work and friendships when feelings become unbearable",
	"Was given a personality disorder diagnosis in the past; would like to talk about what it means and what would help",
	"Chronic feelings of emptiness and thoughts of suicide; keen to try a group-based therapy",
	"Recently discharged from the crisis team; GP and person agree longer-term help is needed",
}

// reasonsByTier is why people are referred to other services.
var reasonsByTier = map[string][]string{
	"talking-therapies": {
		"Low mood and anxiety affecting work and sleep",
		"Panic attacks since a change of job",
		"Low mood after a relationship ended",
		"Worry that is hard to switch off; would like to try CBT",
	},
	"secondary": {
		"Mood has dropped over three months with thoughts of suicide",
		"Distress and self-harm increasing despite GP support",
		"Needs a medication review and ongoing mental health support",
	},
	"voluntary": {
		"Feeling isolated; would like to meet people with similar experiences",
		"Would like support with confidence and day-to-day life",
		"Looking for a group to go to alongside other support",
	},
	"trauma": {
		"Nightmares and flashbacks after an assault",
		"Would like support after sexual violence",
		"Long-standing effects of childhood abuse",
	},
	"crisis": {
		"Thoughts of suicide tonight; wanted somewhere safe to talk",
		"Brought to A&E after an overdose; assessed by liaison",
		"Family worried after a crisis at home",
	},
	"social-care": {
		"Needs help with daily living and managing a tenancy",
		"Would like help to get out and connect with the local community",
		"Caring for a family member and finding it hard",
	},
	"housing": {
		"Notice to quit received; needs housing advice",
		"Sofa-surfing since leaving a relationship",
		"Sleeping rough in the city centre",
	},
	"substance-use": {
		"Drinking more to cope with difficult feelings",
		"Would like support to cut down drug use",
		"Alcohol use and low mood feeding each other",
	},
}

// outcomesByTier is the note on an outcome at other services.
var outcomesByTier = map[string][]string{
	"talking-therapies": {"Offered eight sessions of CBT", "Guided self-help completed; discharged to GP", "Counselling for depression offered"},
	"secondary":         {"Care coordinator allocated", "Psychiatric review and medication plan; follow-up with GP", "Offered psychological therapy after assessment"},
	"voluntary":         {"Joined a weekly group", "One-to-one support for twelve weeks", "Started a course"},
	"trauma":            {"Started stabilisation group", "Allocated a specialist counsellor", "ISVA support offered"},
	"crisis":            {"Home treatment for five days, then back to GP with a crisis plan", "Safety plan written together; follow-up call next day", "Assessed; follow-up plan agreed with GP"},
	"social-care":       {"Care Act assessment completed; support plan agreed", "Local Area Coordinator introduced", "Carer's assessment completed"},
	"housing":           {"Temporary accommodation arranged", "Tenancy sustainment support offered", "Hostel place found"},
	"substance-use":     {"Started recovery group and key work", "Joint plan agreed with mental health team", "Harm reduction support offered"},
}

// decline is why a service did not accept someone and where it sent them.
// Onward "@cmht" and "@tt" mean the person's local CMHT or Talking Therapies.
type decline struct{ reason, onward string }

var declinesByTier = map[string][]decline{
	"talking-therapies": {
		{"needs are more complex than a 12-week talking therapy can offer", "@cmht"},
		{"longer-term relational support is needed rather than a short course", cen},
		{"current risk is higher than the service can safely hold; crisis contacts shared", "crisis-team"},
	},
	"secondary": {
		{"the secondary care risk threshold is not met at present", "crisis-cafe"},
		{"the secondary care risk threshold is not met at present", "mind"},
		{"needs relate mainly to emotions and relationships; the specialist CEN service is better placed", cen},
		{"alcohol use is the main difficulty at present", "recovery-service"},
	},
	"specialist-cen": {
		{"the person has said they would like trauma-focused work first", "trauma-service"},
		{"current needs are mainly about drug and alcohol use", "recovery-service"},
		{"the person would prefer a women-only service for now", "womens-centre"},
		{"the CMHT care coordinator will continue; CEN consultation offered to the CMHT instead", "@cmht"},
		{"the person would like to start with peer support and may come back", "peer-support"},
	},
	"voluntary": {
		{"the group programme is full this term; a course is offered meanwhile", "recovery-college"},
		{"needs are more than the service can safely hold", "@cmht"},
	},
	"trauma": {
		{"stabilisation work is needed before trauma-focused therapy", cen},
		{"the person would prefer to start with a women-only service", "womens-centre"},
	},
	"social-care": {
		{"needs do not meet Care Act eligibility at present", "local-area-coordination"},
	},
	"housing": {
		{"not homeless or threatened with homelessness within 56 days; housing advice given", "local-area-coordination"},
		{"no supported housing vacancy; placed on the waiting list with tenancy support meanwhile", "housing-options"},
	},
	"substance-use": {
		{"drug and alcohol use is not the main difficulty", "mind"},
		{"the person would like to try mutual aid groups first", "peer-support"},
	},
}

// declineNote picks a decline for svc and names the onward route, which it
// also returns.
func (g *gen) declineNote(svc, loc string) (note, onward string) {
	opts := declinesByTier[g.services[svc].Tier]
	d := decline{"the service is not the right fit at present", "crisis-cafe"}
	if len(opts) > 0 {
		d = opts[g.r.IntN(len(opts))]
	}
	switch d.onward {
	case "@cmht":
		d.onward = localCMHT(loc)
	case "@tt":
		d.onward = localTT(loc)
	}
	if d.onward == svc {
		d.onward = "crisis-cafe"
	}
	return "Not accepted: " + d.reason + ". Onward route: " + g.name(d.onward) + ".", d.onward
}

// byService overrides the tier's wording where services in a tier differ.
var (
	reasonsByService = map[string][]string{
		"crisis-cafe": {"Thoughts of suicide tonight; wanted somewhere safe to talk", "Feeling overwhelmed after a difficult week"},
		"ae-liaison":  {"Came to A&E after an overdose", "Came to A&E after self-harm; asked to see someone"},
		"crisis-team": {"Family worried after a crisis at home", "Referred by A&E liaison for home treatment"},
	}
	outcomesByService = map[string][]string{
		"crisis-cafe": {"Safety plan written together; follow-up call next day", "Talked things through with a peer supporter; knows the café is open every evening"},
		"ae-liaison":  {"Assessed in the emergency department; follow-up plan agreed with GP", "Assessed; referred to the crisis team for home treatment"},
		"crisis-team": {"Home treatment for five days, then back to GP with a crisis plan", "Home treatment for two weeks; crisis plan shared with GP"},
	}
)

func (g *gen) reasonFor(svc string) string {
	if svc == cen {
		return g.pick(cenReasons)
	}
	if rs := reasonsByService[svc]; len(rs) > 0 {
		return g.pick(rs)
	}
	if rs := reasonsByTier[g.services[svc].Tier]; len(rs) > 0 {
		return g.pick(rs)
	}
	return "Would like support"
}

func (g *gen) outcomeFor(svc string) string {
	if os := outcomesByService[svc]; len(os) > 0 {
		return g.pick(os)
	}
	if os := outcomesByTier[g.services[svc].Tier]; len(os) > 0 {
		return g.pick(os)
	}
	return "Outcome agreed with the person"
}
