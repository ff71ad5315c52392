package language

// The seed lexicon's sources. The "why" and the alternatives are this
// project's own short summaries of the guidance, not quotations; there are
// no links because the documents move, so each is named as it is published.
const (
	// SourceConsensus: Mind and the Consortium for complex needs,
	// "Shining lights in dark corners of people's lives: the Consensus
	// Statement for people with complex mental health difficulties who are
	// diagnosed with a personality disorder" (2018), written with people
	// with lived experience; it asks services to stop language that blames
	// people for their distress.
	SourceConsensus = "Mind and partners, Shining lights in dark corners of people's lives: Consensus Statement for people with complex mental health difficulties who are diagnosed with a personality disorder (2018), co-produced with people with lived experience"
	// SourceMHPRU: the NIHR Mental Health Policy Research Unit's studies of
	// community services for people with complex emotional needs, in which
	// service users (Trevillion et al., BMC Psychiatry, 2022) and
	// clinicians (Troup et al., PLOS ONE, 2022) describe stigmatising
	// attitudes and language as a barrier to care.
	SourceMHPRU = "NIHR Mental Health Policy Research Unit studies of community services for people with complex emotional needs: service user perspectives (Trevillion et al., BMC Psychiatry, 2022) and clinician perspectives (Troup et al., PLOS ONE, 2022)"
	// SourceRCPsych: Royal College of Psychiatrists, position statement
	// PS01/20, "Services for people diagnosed with personality disorder"
	// (2020), on stigma within services and person-first language.
	SourceRCPsych = "Royal College of Psychiatrists, Services for people diagnosed with personality disorder, position statement PS01/20 (2020)"
	// SourceNICE: NICE clinical guideline CG78, "Borderline personality
	// disorder: recognition and management" (2009), which asks staff to
	// work in an open, engaging and non-judgemental way.
	SourceNICE = "NICE clinical guideline CG78, Borderline personality disorder: recognition and management (2009)"
	// SourceHIU: NHS England's High Intensity Use programme, which replaced
	// "frequent attender" with people who use services often because their
	// needs are not being met.
	SourceHIU = "NHS England High Intensity Use programme guidance on people who often use urgent care"
)

// Seed is the lexicon a new service starts with; managers then add,
// reword and retire entries. Forms are chosen so that ordinary uses of the
// same words ("attention to detail", "she felt manipulated by her
// ex-partner", "a borderline personality disorder diagnosis") do not match.
func Seed() []Entry {
	return []Entry{
		{
			Term:         "manipulative",
			Variants:     []string{"manipulating staff", "manipulating the team", "manipulating services", "being manipulative"},
			Why:          "It describes the person as deliberately deceiving others, when the behaviour is usually a way of getting needs met that have not been met otherwise. It makes staff wary and less caring.",
			Alternatives: []string{"describe what happened and the need behind it, for example \"asked several staff for help with the same problem\""},
			Source:       SourceConsensus,
		},
		{
			Term:         "attention-seeking",
			Variants:     []string{"attention seeker", "attention seekers", "attention seeking behaviour", "attention seeking behavior"},
			Why:          "It dismisses distress as a bid for attention. People who self-harm or ask for help often are seeking connection or help, and the label makes it less likely they get it.",
			Alternatives: []string{"seeking help", "seeking connection", "describe the distress and what the person asked for"},
			Source:       SourceConsensus,
		},
		{
			Term:         "non-compliant",
			Variants:     []string{"noncompliant", "non-compliance", "noncompliance", "not compliant"},
			Why:          "It frames care as orders to obey and the person as at fault. Choosing not to take a medicine or attend often has reasons worth understanding.",
			Alternatives: []string{"chose not to take", "has not been taking, because…", "not yet agreed with the plan"},
			Source:       SourceRCPsych,
		},
		{
			Term:         "refused",
			Variants:     []string{"refuses", "refusing"},
			Except:       []string{"was refused", "were refused", "been refused", "refused a bed", "refused a referral", "refused by"},
			Why:          "It casts the person as defiant. Saying no is the person's right, and recording their reasons keeps the conversation open.",
			Alternatives: []string{"declined", "chose not to", "did not want to, because…"},
			Source:       SourceNICE,
		},
		{
			Term:         "frequent flyer",
			Variants:     []string{"frequent flier", "frequent flyers", "frequent fliers", "frequent attender", "frequent attenders", "frequent attendee"},
			Why:          "It turns a person whose needs are not being met into a nuisance, and hides that the service has not yet found what helps.",
			Alternatives: []string{"person who often uses urgent care", "person whose needs are not yet met by the current plan"},
			Source:       SourceHIU,
		},
		{
			Term:         "PD patient",
			Variants:     []string{"PD patients", "PD client", "PD clients", "a PD", "BPD patient", "BPD patients", "personality disorder patient", "personality disordered"},
			Why:          "It reduces the person to a diagnosis that many people find stigmatising, and which is often used to deny them services.",
			Alternatives: []string{"person with a diagnosis of personality disorder", "person with complex emotional needs"},
			Source:       SourceRCPsych,
		},
		{
			Term:         "a borderline",
			Variants:     []string{"borderlines", "typical borderline", "classic borderline"},
			Except:       []string{"a borderline personality", "a borderline diagnosis", "a borderline result"},
			Why:          "It uses a diagnosis as a noun for a person, which people with the diagnosis say is dehumanising.",
			Alternatives: []string{"person with a diagnosis of borderline personality disorder", "person with complex emotional needs"},
			Source:       SourceConsensus,
		},
		{
			Term:         "kicked off",
			Variants:     []string{"kicking off", "kicks off", "kicked-off"},
			Why:          "It describes distress as bad behaviour and says nothing about what happened or why.",
			Alternatives: []string{"became very distressed", "raised their voice when…", "describe what was said and done"},
			Source:       SourceMHPRU,
		},
		{
			Term:         "challenging patient",
			Variants:     []string{"challenging patients", "difficult patient", "difficult patients", "challenging client", "difficult client"},
			Why:          "It places the difficulty in the person rather than in the situation or the relationship with services.",
			Alternatives: []string{"person we have not yet found a way to help", "describe what has been hard and for whom"},
			Source:       SourceMHPRU,
		},
		{
			Term:         "time-waster",
			Variants:     []string{"time waster", "time-wasters", "time wasters", "timewaster", "wasting our time", "wasting time"},
			Why:          "It says the person's need is not real. People with complex emotional needs report being turned away on this basis.",
			Alternatives: []string{"person whose needs were not clear at this contact", "describe what the person asked for"},
			Source:       SourceMHPRU,
		},
		{
			Term:         "splitting the team",
			Variants:     []string{"splitting staff", "splitting the staff", "splitting professionals"},
			Why:          "It blames the person for disagreements among staff, which are the team's to resolve, for example in reflective practice or a team formulation.",
			Alternatives: []string{"staff see the person's needs differently", "the team is not yet agreed on the plan"},
			Source:       SourceRCPsych,
		},
		{
			Term:         "just behavioural",
			Variants:     []string{"purely behavioural", "it's behavioural", "all behavioural", "just behavioral", "purely behavioral"},
			Why:          "Used alone, it suggests distress is chosen and does not need care.",
			Alternatives: []string{"describe the behaviour and what it communicates"},
			Source:       SourceConsensus,
		},
	}
}
