package demo

import (
	"fmt"

	"throughline/internal/directory"
)

// localities are the five areas of Kingsmere.
var localities = []directory.Locality{
	{Code: "N", Name: "Kingsmere North"},
	{Code: "S", Name: "Kingsmere South"},
	{Code: "E", Name: "Eastbrook"},
	{Code: "W", Name: "Westfield"},
	{Code: "C", Name: "City Centre"},
}

// rules is a service's eligibility: allowed values per dimension.
type rules = map[string][]string

const (
	trust   = "Kingsmere NHS Foundation Trust"
	council = "Kingsmere City Council"
	cen     = "cen-specialist"
)

func age(n int) *int { return &n }

// services is the Kingsmere directory. The gap is deliberate and realistic:
// every non-crisis service that takes people with moderate or high risk asks
// for a diagnosis or for able/variable engagement, and the services that
// accept chaotic engagement ask for something else (homelessness, primary
// substance use, a known diagnosis, or low risk at an open drop-in), so a
// person with moderate/high risk, chaotic engagement and no or an uncertain
// diagnosis is accepted only by crisis services. GP practices register
// anyone in their locality, but their mental health offer runs through
// booked appointments; the directory records that known barrier as
// able/variable engagement.
func serviceList() []*directory.Service {
	gp := func(id, name, loc string) *directory.Service {
		return &directory.Service{ID: id, Name: name, Organization: name, Tier: "primary", Localities: []string{loc},
			SelfReferral: true, Eligibility: rules{"engagement": {"able", "variable"}},
			Offer: []string{"GP appointments", "medication review", "social prescribing", "referral to local services"}}
	}
	tt := func(id, name, loc string) *directory.Service {
		return &directory.Service{ID: id, Name: name, Organization: trust, Tier: "talking-therapies", Localities: []string{loc},
			MinAge: age(18), SelfReferral: true,
			Eligibility: rules{"risk": {"low", "moderate"}, "engagement": {"able"}, "duration_needed": {"short"},
				"substance_use": {"none", "co-occurring"}},
			Offer:                []string{"guided self-help", "CBT", "counselling for depression", "interpersonal therapy"},
			TypicalDurationWeeks: 12, WaitWeeks: 6}
	}
	cmht := func(id, name string, locs ...string) *directory.Service {
		return &directory.Service{ID: id, Name: name, Organization: trust, Tier: "secondary", Localities: locs,
			MinAge: age(18), MaxAge: age(64),
			Eligibility: rules{"risk": {"moderate", "high", "very-high"}, "diagnosis": {"uncertain", "cen"},
				"engagement": {"able", "variable"}, "substance_use": {"none", "co-occurring"}},
			Offer:                []string{"care coordination", "medication", "psychiatric review", "psychology consultation"},
			TypicalDurationWeeks: 52, WaitWeeks: 4}
	}
	able := []string{"able"}
	ableVar := []string{"able", "variable"}
	lowMod := []string{"low", "moderate"}
	return []*directory.Service{
		gp("gp-northgate", "Northgate Medical Practice", "N"),
		gp("gp-southmead", "Southmead Surgery", "S"),
		gp("gp-eastbrook", "Eastbrook Health Centre", "E"),
		gp("gp-westfield", "Westfield Family Practice", "W"),
		gp("gp-citycentre", "City Centre Medical Group", "C"),
		gp("gp-riverside", "Riverside Surgery", "C"),

		tt("tt-north", "NHS Talking Therapies Kingsmere North", "N"),
		tt("tt-south", "NHS Talking Therapies Kingsmere South", "S"),
		tt("tt-east", "NHS Talking Therapies Eastbrook", "E"),
		tt("tt-west", "NHS Talking Therapies Westfield", "W"),
		tt("tt-city", "NHS Talking Therapies City Centre", "C"),

		cmht("cmht-north", "North Community Mental Health Team", "N"),
		cmht("cmht-south", "South Community Mental Health Team", "S"),
		cmht("cmht-east-west", "Eastbrook and Westfield Community Mental Health Team", "E", "W"),
		cmht("cmht-city", "City Centre Community Mental Health Team", "C"),
		{ID: "cmht-older-adults", Name: "Older Adults Community Mental Health Team", Organization: trust, Tier: "secondary",
			MinAge: age(65), Eligibility: rules{"engagement": ableVar},
			Offer: []string{"memory and mood assessment", "care coordination"}, TypicalDurationWeeks: 52, WaitWeeks: 5},
		{ID: "psych-therapies", Name: "Kingsmere Psychological Therapies Service", Organization: trust, Tier: "secondary",
			MinAge: age(18), Eligibility: rules{"risk": lowMod, "engagement": able, "complexity": {"single", "multiple"}, "duration_needed": {"long"}},
			Offer: []string{"CBT", "CAT", "schema therapy", "EMDR"}, TypicalDurationWeeks: 24, WaitWeeks: 30},

		{ID: cen, Name: "Kingsmere Complex Emotional Needs Service", Organization: trust, Tier: "specialist-cen",
			MinAge: age(18), Eligibility: rules{"diagnosis": {"cen", "uncertain"}, "engagement": ableVar, "duration_needed": {"long"}},
			Offer:                []string{"structured clinical management (SCM)", "mentalization-based treatment (MBT)", "dynamic interpersonal therapy (DIT)", "dialectical behaviour therapy (DBT)", "peer support", "consultation to other teams"},
			TypicalDurationWeeks: 78, WaitWeeks: 18},

		{ID: "mind", Name: "Kingsmere Mind", Organization: "Kingsmere Mind (charity)", Tier: "voluntary", MinAge: age(16), SelfReferral: true,
			Eligibility: rules{"risk": lowMod, "engagement": ableVar},
			Offer:       []string{"wellbeing groups", "one-to-one support", "benefits advice"}, TypicalDurationWeeks: 12, WaitWeeks: 3},
		{ID: "womens-centre", Name: "Kingsmere Women's Centre", Organization: "Kingsmere Women's Centre (charity)", Tier: "voluntary", MinAge: age(16), SelfReferral: true,
			Eligibility: rules{"risk": {"low", "moderate", "high"}, "engagement": ableVar},
			Offer:       []string{"trauma-informed key work", "domestic abuse support", "women's groups", "creche"}, TypicalDurationWeeks: 26, WaitWeeks: 2},
		{ID: "peer-support", Name: "Kingsmere Peer Support Network", Organization: "Kingsmere Peer Support Network (charity)", Tier: "voluntary", MinAge: age(18), SelfReferral: true,
			Eligibility: rules{"risk": lowMod, "engagement": ableVar},
			Offer:       []string{"peer support groups", "one-to-one peer mentoring"}, TypicalDurationWeeks: 26, WaitWeeks: 2},
		{ID: "recovery-college", Name: "Kingsmere Recovery College", Organization: trust, Tier: "voluntary", MinAge: age(18), SelfReferral: true,
			Eligibility: rules{"risk": lowMod, "engagement": able},
			Offer:       []string{"co-produced courses", "understanding emotions course", "managing money course"}, TypicalDurationWeeks: 10, WaitWeeks: 4},
		{ID: "youth-hub", Name: "Kingsmere Youth Wellbeing Hub", Organization: "Kingsmere Youth Trust (charity)", Tier: "voluntary", MinAge: age(16), MaxAge: age(25), SelfReferral: true,
			Eligibility: rules{"risk": lowMod, "engagement": ableVar},
			Offer:       []string{"youth work", "counselling", "drop-in", "transition support"}, TypicalDurationWeeks: 16, WaitWeeks: 3},
		{ID: "lgbtq-wellbeing", Name: "Kingsmere LGBTQ+ Wellbeing", Organization: "Kingsmere Pride Community Trust (charity)", Tier: "voluntary", MinAge: age(16), SelfReferral: true,
			Eligibility: rules{"risk": lowMod, "engagement": ableVar},
			Offer:       []string{"LGBTQ+ affirmative counselling", "social groups"}, TypicalDurationWeeks: 12, WaitWeeks: 5},
		{ID: "community-drop-in", Name: "Kingsmere Community Drop-in", Organization: "St Aidan's Homeless Charity", Tier: "voluntary", MinAge: age(18), SelfReferral: true,
			Eligibility: rules{"risk": {"low"}},
			Offer:       []string{"open-access drop-in", "hot meals and showers", "advice surgery"}},
		{ID: "refugee-wellbeing", Name: "Kingsmere Refugee and Migrant Wellbeing Project", Organization: "Kingsmere Refugee Action (charity)", Tier: "voluntary", MinAge: age(16), SelfReferral: true,
			Eligibility: rules{"risk": lowMod, "engagement": ableVar},
			Offer:       []string{"culturally adapted support", "interpreter-supported groups", "advocacy"}, TypicalDurationWeeks: 20, WaitWeeks: 4},

		{ID: "trauma-service", Name: "Kingsmere Trauma Service", Organization: trust, Tier: "trauma", MinAge: age(18),
			Eligibility: rules{"risk": lowMod, "engagement": able, "complexity": {"complex-trauma"}},
			Offer:       []string{"stabilisation groups", "trauma-focused CBT", "EMDR"}, TypicalDurationWeeks: 30, WaitWeeks: 26},
		{ID: "sv-support", Name: "Kingsmere Rape and Sexual Abuse Support Centre", Organization: "Kingsmere RASASC (charity)", Tier: "trauma", MinAge: age(16), SelfReferral: true,
			Eligibility: rules{"risk": {"low", "moderate", "high"}, "engagement": ableVar},
			Offer:       []string{"ISVA support", "specialist counselling", "helpline"}, TypicalDurationWeeks: 20, WaitWeeks: 10},

		{ID: "crisis-team", Name: "Kingsmere Crisis Resolution and Home Treatment Team", Organization: trust, Tier: "crisis", MinAge: age(18),
			Eligibility: rules{"risk": {"high", "very-high"}},
			Offer:       []string{"24-hour crisis assessment", "home treatment", "gatekeeping for admission"}, TypicalDurationWeeks: 3},
		{ID: "crisis-cafe", Name: "The Haven Crisis Café", Organization: "Kingsmere Mind (charity)", Tier: "crisis", MinAge: age(16), SelfReferral: true,
			Offer: []string{"evening drop-in (6pm to midnight)", "peer support in crisis", "safety planning"}},
		{ID: "ae-liaison", Name: "A&E Mental Health Liaison, Kingsmere General Hospital", Organization: trust, Tier: "crisis", MinAge: age(16),
			Offer: []string{"assessment in the emergency department", "follow-up plan", "referral on"}},
		{ID: "samaritans", Name: "Samaritans Kingsmere", Organization: "Samaritans (charity)", Tier: "crisis", SelfReferral: true,
			Offer: []string{"24-hour listening service by phone, email and face to face"}},
		{ID: "nhs-111-mh", Name: "NHS 111 Mental Health Option", Organization: trust, Tier: "crisis", SelfReferral: true,
			Offer: []string{"24-hour urgent mental health telephone support"}},

		{ID: "asc-mental-health", Name: "Adult Social Care Mental Health Team", Organization: council, Tier: "social-care", MinAge: age(18),
			Eligibility: rules{"diagnosis": {"cen"}},
			Offer:       []string{"Care Act assessment", "personal budgets", "safeguarding"}, TypicalDurationWeeks: 26, WaitWeeks: 8},
		{ID: "local-area-coordination", Name: "Local Area Coordination", Organization: council, Tier: "social-care", MinAge: age(18), SelfReferral: true,
			Eligibility: rules{"risk": lowMod, "engagement": ableVar},
			Offer:       []string{"community connection", "practical help", "volunteering"}, TypicalDurationWeeks: 26, WaitWeeks: 2},
		{ID: "carers-support", Name: "Kingsmere Carers' Support", Organization: "Kingsmere Carers Centre (charity)", Tier: "social-care", MinAge: age(16), SelfReferral: true,
			Eligibility: rules{"risk": {"low"}, "engagement": ableVar},
			Offer:       []string{"carers' assessments", "carers' groups", "respite advice"}, TypicalDurationWeeks: 12, WaitWeeks: 2},

		{ID: "housing-options", Name: "Housing Options and Homelessness Prevention", Organization: council, Tier: "housing", MinAge: age(16), SelfReferral: true,
			Eligibility: rules{"housing": {"homeless"}},
			Offer:       []string{"homelessness assessment", "temporary accommodation", "tenancy sustainment"}, TypicalDurationWeeks: 8},
		{ID: "street-outreach", Name: "Kingsmere Street Outreach Team", Organization: "St Aidan's Homeless Charity", Tier: "housing", MinAge: age(18), SelfReferral: true,
			Eligibility: rules{"housing": {"homeless"}},
			Offer:       []string{"street outreach", "hostel placement", "health link-worker"}, TypicalDurationWeeks: 12},
		{ID: "supported-housing", Name: "Kingsmere Supported Housing Pathway", Organization: "Kingsmere Housing Association", Tier: "housing", MinAge: age(18),
			Eligibility: rules{"housing": {"unstable", "homeless"}, "engagement": ableVar, "risk": lowMod},
			Offer:       []string{"supported accommodation", "key work", "move-on support"}, TypicalDurationWeeks: 52, WaitWeeks: 12},

		{ID: "recovery-service", Name: "Kingsmere Drug and Alcohol Recovery Service", Organization: "Turning Tide Recovery (charity)", Tier: "substance-use", MinAge: age(18), SelfReferral: true,
			Eligibility: rules{"substance_use": {"primary"}},
			Offer:       []string{"opiate substitution", "alcohol detox", "recovery groups", "needle exchange"}, TypicalDurationWeeks: 26, WaitWeeks: 1},
		{ID: "dual-diagnosis", Name: "Dual Diagnosis Liaison Service", Organization: trust, Tier: "substance-use", MinAge: age(18),
			Eligibility: rules{"substance_use": {"co-occurring"}, "engagement": ableVar},
			Offer:       []string{"joint working with mental health teams", "harm reduction", "motivational work"}, TypicalDurationWeeks: 16, WaitWeeks: 4},
	}
}

// teamDef is a team the demo creates; key is how the generator refers to it.
type teamDef struct {
	key, name, service string
}

var teamDefs = []teamDef{
	{"community", "CEN Community Team", cen},
	{"therapies", "CEN Therapies Team", cen},
	{"cmht-north", "North CMHT", "cmht-north"},
	{"crisis", "Crisis Resolution and Home Treatment Team", "crisis-team"},
	{"trauma", "Trauma Service Team", "trauma-service"},
}

// localTT and localCMHT name the locality's Talking Therapies and CMHT.
func localTT(loc string) string {
	return map[string]string{"N": "tt-north", "S": "tt-south", "E": "tt-east", "W": "tt-west", "C": "tt-city"}[loc]
}

func localCMHT(loc string) string {
	return map[string]string{"N": "cmht-north", "S": "cmht-south", "E": "cmht-east-west", "W": "cmht-east-west", "C": "cmht-city"}[loc]
}

// localGPs lists the GP practices serving a locality.
func localGPs(loc string) []string {
	return map[string][]string{"N": {"gp-northgate"}, "S": {"gp-southmead"}, "E": {"gp-eastbrook"}, "W": {"gp-westfield"}, "C": {"gp-citycentre", "gp-riverside"}}[loc]
}

// crisisContacts are how to reach the crisis services, as letters and
// crisis plans print them. Samaritans and NHS 111 are the real national
// numbers; local numbers are from Ofcom's range reserved for drama.
var crisisContacts = map[string]directory.Contact{
	"crisis-team": {Phone: "01632 960111", Hours: "24 hours, every day"},
	"crisis-cafe": {Phone: "01632 960222", Address: "12 Market Street, Kingsmere", Hours: "Every evening, 6pm to midnight"},
	"ae-liaison":  {Address: "Kingsmere General Hospital, emergency department", Hours: "24 hours, every day"},
	"samaritans":  {Phone: "116 123", Email: "jo@samaritans.org", Hours: "24 hours, every day"},
	"nhs-111-mh":  {Phone: "111, then choose the mental health option", Hours: "24 hours, every day"},
}

// services is the region's directory, each with a way to get in touch.
func services() []*directory.Service {
	list := serviceList()
	for i, s := range list {
		if c, ok := crisisContacts[s.ID]; ok {
			s.Contact = c
			continue
		}
		if s.Contact == (directory.Contact{}) {
			s.Contact = directory.Contact{Phone: fmt.Sprintf("01632 960%03d", 300+i), Email: s.ID + "@kingsmere.example",
				Hours: "Monday to Friday, 9am to 5pm"}
		}
	}
	return list
}
