package care

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"throughline/internal/problem"
)

// Assessment is the record written after one or two assessment
// appointments: a first step of care, not a gate. One per referral,
// versioned so that two clinicians writing at once cannot overwrite each
// other unseen.
type Assessment struct {
	ID                int64
	ReferralID        int64
	PersonID          int64
	Functioning       string // day to day: sleep, eating, work, looking after self
	Coping            string // what the person does when things get hard
	Strengths         string
	RiskNarrative     string
	RiskLevel         string // low, moderate, high, very-high
	SocialNeeds       []string
	SocialNote        string
	DependentChildren string // yes, no, unknown
	SafeguardingNote  string
	Trauma            string // TraumaDiscussed, TraumaChoseNotTo, TraumaNotAsked
	TraumaNote        string
	Goals             string // in the person's own words
	UpdatedAt         time.Time
	UpdatedBy         int64
	Version           int
}

// RiskLevels are the current levels of risk, the same words as the
// directory's eligibility dimension.
var RiskLevels = []string{"low", "moderate", "high", "very-high"}

// SocialNeedAreas are the life areas an assessment asks about.
var SocialNeedAreas = []Choice{
	{"housing", "Housing"}, {"money", "Money and benefits"}, {"work", "Work, education or training"},
	{"relationships", "Relationships and family"}, {"social", "Social connection, loneliness"},
	{"caring", "Caring for someone else"}, {"physical-health", "Physical health"}, {"substance-use", "Drugs or alcohol"},
	{"legal", "Legal or immigration matters"},
}

// DependentChildrenAnswers are the answers to "are there children who
// depend on the person?".
var DependentChildrenAnswers = []Choice{{"yes", "Yes"}, {"no", "No"}, {"unknown", "Not known yet"}}

// Trauma history answers. Talking about trauma is the person's choice:
// choosing not to is a respected answer, never a missing field.
const (
	TraumaDiscussed  = "discussed"
	TraumaChoseNotTo = "chose-not-to-talk"
	TraumaNotAsked   = "not-asked-yet"
)

// TraumaAnswers are the trauma history options in the order forms show them.
var TraumaAnswers = []Choice{
	{TraumaDiscussed, "The person talked about this"},
	{TraumaChoseNotTo, "The person chose not to talk about this"},
	{TraumaNotAsked, "Not asked yet"},
}

// Choice is a coded answer with the words shown for it.
type Choice struct{ Code, Label string }

// ChoiceLabel is the label of code in cs, or the code itself.
func ChoiceLabel(cs []Choice, code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

func validChoice(cs []Choice, code string) bool {
	return slices.ContainsFunc(cs, func(c Choice) bool { return c.Code == code })
}

// Validate checks an assessment record. Nothing about trauma is ever
// required: an empty answer is "not asked yet".
func (a *Assessment) Validate() error {
	var v problem.Validation
	if a.ReferralID == 0 || a.PersonID == 0 {
		v.Add("referral", "An assessment belongs to a person's referral")
	}
	if a.Trauma == "" {
		a.Trauma = TraumaNotAsked
	}
	if a.DependentChildren == "" {
		a.DependentChildren = "unknown"
	}
	if a.RiskLevel == "" {
		v.Add("risk_level", "Choose the current level of risk")
	} else if !slices.Contains(RiskLevels, a.RiskLevel) {
		v.Add("risk_level", "Risk level must be low, moderate, high or very high")
	}
	if !validChoice(DependentChildrenAnswers, a.DependentChildren) {
		v.Add("dependent_children", "Choose yes, no or not known yet")
	} else if a.DependentChildren == "yes" && strings.TrimSpace(a.SafeguardingNote) == "" {
		v.Add("safeguarding_note", "Say what was considered about the children's safety and wellbeing, even if no action is needed")
	}
	if !validChoice(TraumaAnswers, a.Trauma) {
		v.Add("trauma", "Choose one of the trauma history answers")
	}
	for _, n := range a.SocialNeeds {
		if !validChoice(SocialNeedAreas, n) {
			v.Add("social_needs", "Choose social needs from the list")
			break
		}
	}
	if strings.TrimSpace(a.Functioning+a.Coping+a.Strengths+a.RiskNarrative+a.Goals) == "" {
		v.Add("functioning", "Write at least one part of the assessment before saving")
	}
	checkLengths(&v, map[string]string{
		"functioning": a.Functioning, "coping": a.Coping, "strengths": a.Strengths, "risk_narrative": a.RiskNarrative,
		"social_note": a.SocialNote, "safeguarding_note": a.SafeguardingNote, "trauma_note": a.TraumaNote, "goals": a.Goals,
	})
	return v.Err()
}

// checkLengths refuses free text over MaxNoteLength with a message per field.
func checkLengths(v *problem.Validation, fields map[string]string) {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		if n := utf8.RuneCountInString(fields[name]); n > MaxNoteLength {
			v.Add(name, "This must be 20,000 characters or fewer; it has "+strconv.Itoa(n)+". Shorten it, or keep the detail in a document")
		}
	}
}

// MaxAssessmentAppointments is how many assessment appointments may be
// waiting to happen at once: a first and, if needed, a second.
const MaxAssessmentAppointments = 2

// CheckAssessmentBooking says whether an assessment appointment may be
// booked for a referral: only once it has been accepted, never after the
// team has decided, and at most two waiting to happen at once.
func CheckAssessmentBooking(status ReferralStatus, upcoming int) error {
	switch status {
	case ReferralAccepted, ReferralWaiting, ReferralAssessBooked, ReferralAssessed:
	case ReferralReceived, ReferralScreening, ReferralMoreInfo:
		return problem.Errorf(problem.Conflict, "This referral has not been accepted for assessment yet; screen it first")
	case ReferralTeamDiscussion:
		return problem.Errorf(problem.Conflict, "This referral is with the team for discussion; the team can ask for further assessment")
	default:
		return problem.Errorf(problem.Conflict, "This referral has ended (%s); a new referral or re-access is needed", status.Label())
	}
	if upcoming >= MaxAssessmentAppointments {
		return problem.Errorf(problem.Conflict, "Two assessment appointments are already booked; record what happened at one before booking another")
	}
	return nil
}

// CheckAssessed says whether a referral can be marked assessed: someone
// must have attended an assessment appointment and the record be written.
func CheckAssessed(status ReferralStatus, attended int, recorded bool) error {
	if status != ReferralAssessBooked {
		return problem.Errorf(problem.Conflict, "Only a referral with an assessment booked can be marked assessed (this one is %q)", status.Label())
	}
	var v problem.Validation
	if attended == 0 {
		v.Add("attendance", "Record that the person attended an assessment appointment first")
	}
	if !recorded {
		v.Add("assessment", "Write the assessment record first")
	}
	return v.Err()
}

// TraumaLabel is the trauma history answer in words.
func (a Assessment) TraumaLabel() string { return ChoiceLabel(TraumaAnswers, a.Trauma) }

// ChildrenLabel is the dependent children answer in words.
func (a Assessment) ChildrenLabel() string {
	return ChoiceLabel(DependentChildrenAnswers, a.DependentChildren)
}

// SocialNeedLabels are the social needs in words.
func (a Assessment) SocialNeedLabels() []string {
	out := make([]string, len(a.SocialNeeds))
	for i, n := range a.SocialNeeds {
		out[i] = ChoiceLabel(SocialNeedAreas, n)
	}
	return out
}
