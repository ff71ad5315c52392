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

// decline is why a service did not accept someone, the reason code it
// recorded, and where it sent them. Onward "@cmht" and "@tt" mean the
// person's local CMHT or Talking Therapies. routed is whether the route was
// actually given: always by the CEN service, whose rule it is, and in about
// seven declines in ten elsewhere.
type decline struct {
	reason, code, onward string
	routed               bool
}

var declinesByTier = map[string][]decline{
	"talking-therapies": {
		{"needs are more complex than a 12-week talking therapy can offer", "needs-longer-term-support", "@cmht", false},
		{"longer-term relational support is needed rather than a short course", "needs-longer-term-support", cen, false},
		{"current risk is higher than the service can safely hold; crisis contacts shared", "risk-above-threshold", "crisis-team", false},
	},
	"secondary": {
		{"the secondary care risk threshold is not met at present", "risk-below-threshold", "crisis-cafe", false},
		{"the secondary care risk threshold is not met at present", "risk-below-threshold", "mind", false},
		{"needs relate mainly to emotions and relationships; the specialist CEN service is better placed", "needs-specialist-service", cen, false},
		{"alcohol use is the main difficulty at present", "substance-use-primary", "recovery-service", false},
	},
	"specialist-cen": {
		{"the person has said they would like trauma-focused work first", "more-suitable-service", "trauma-service", false},
		{"current needs are mainly about drug and alcohol use", "substance-use-primary", "recovery-service", false},
		{"the person would prefer a women-only service for now", "more-suitable-service", "womens-centre", false},
		{"the CMHT care coordinator will continue; CEN consultation offered to the CMHT instead", "more-suitable-service", "@cmht", false},
		{"the person would like to start with peer support and may come back", "more-suitable-service", "peer-support", false},
	},
	"voluntary": {
		{"the group programme is full this term; a course is offered meanwhile", "not-meeting-criteria-other", "recovery-college", false},
		{"needs are more than the service can safely hold", "risk-above-threshold", "@cmht", false},
	},
	"trauma": {
		{"stabilisation work is needed before trauma-focused therapy", "needs-longer-term-support", cen, false},
		{"the person would prefer to start with a women-only service", "more-suitable-service", "womens-centre", false},
	},
	"social-care": {
		{"needs do not meet Care Act eligibility at present", "not-meeting-criteria-other", "local-area-coordination", false},
	},
	"housing": {
		{"not homeless or threatened with homelessness within 56 days; housing advice given", "not-meeting-criteria-other", "local-area-coordination", false},
		{"no supported housing vacancy; placed on the waiting list with tenancy support meanwhile", "not-meeting-criteria-other", "housing-options", false},
	},
	"substance-use": {
		{"drug and alcohol use is not the main difficulty", "more-suitable-service", "mind", false},
		{"the person would like to try mutual aid groups first", "more-suitable-service", "peer-support", false},
	},
}

// declineNote picks a decline for svc, writes its timeline note and
// returns it with the onward route resolved to a service id.
func (g *gen) declineNote(svc, loc string) (note string, d decline) {
	var opts []decline
	for _, o := range declinesByTier[g.services[svc].Tier] {
		if canDecline(g.services[svc], o.code) {
			opts = append(opts, o)
		}
	}
	d = decline{"the service is not the right fit at present", "more-suitable-service", "crisis-cafe", false}
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
	d.routed = g.routed(svc)
	if !d.routed {
		return "Not accepted: " + d.reason + ". No onward route was given.", d
	}
	return "Not accepted: " + d.reason + ". Onward route: " + g.name(d.onward) + ".", d
}

// routed draws whether a decline by svc gives an onward route.
func (g *gen) routed(svc string) bool { return svc == cen || g.chance(0.7) }

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
