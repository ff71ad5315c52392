package auditlog

import (
	"strings"

	"throughline/internal/auth"
)

// Plain is an audit event worded for the person it is about: what was
// done to which part of their record, and why the person doing it could.
type Plain struct {
	What string // "looked at your care plan"
	Why  string // "their team looks after you"
	// Emergency marks break-glass access; Reason is the reason they typed.
	Emergency bool
	Reason    string
}

// EmergencyExplained says what break-glass access is, once, for the page.
const EmergencyExplained = "Emergency access lets a member of staff open a record they would not normally see, when someone may be at risk. They must type why, and a manager or auditor checks every emergency access afterwards."

// ForPerson words e for the person whose record it is ("your care plan").
func ForPerson(e auth.Event) Plain { return words(e, true) }

// ForStaff words e for staff reading about the person ("their care plan").
func ForStaff(e auth.Event) Plain { return words(e, false) }

var (
	toPerson = strings.NewReplacer("{your}", "your", "{you}", "you")
	toStaff  = strings.NewReplacer("{your}", "their", "{you}", "them")
)

func words(e auth.Event, person bool) Plain {
	r := toStaff
	if person {
		r = toPerson
	}
	p := Plain{What: r.Replace(whatWasDone(e)), Why: whyTheyCould(e.Relationship, person)}
	if e.Relationship == auth.RelBreakGlass || e.Action == auth.ActionBreakGlass {
		p.Emergency, p.Reason = true, strings.TrimSpace(e.Reason)
		p.Why = "emergency access"
	}
	return p
}

func whatWasDone(e auth.Event) string {
	part := recordPart(e.Record)
	switch e.Action {
	case auth.ActionView:
		return "looked at " + part
	case auth.ActionCreate:
		return "added " + part
	case auth.ActionUpdate:
		return "updated " + part
	case auth.ActionExport:
		return "printed or downloaded " + part
	case auth.ActionSearch:
		return "found {you} in a search"
	case auth.ActionBreakGlass:
		return "opened {your} record in an emergency"
	case auth.ActionReview:
		if strings.HasPrefix(e.Record, "break-glass/") {
			return "checked an emergency access to {your} record"
		}
		return "reviewed " + part
	}
	return "used " + part
}

// recordParts words each kind of record the service audits, by its audit
// name with the numbers dropped ("care-plan/episode/4" is
// "care-plan/episode"). The referral's letters are named here so the
// pages that print them can say so.
var recordParts = map[string]string{
	"person":                   "{your} record",
	"person/preferences":       "{your} preferences",
	"referral":                 "{your} referral",
	"referral/letter":          "{your} referral letter",
	"referral/acknowledgement": "the letter saying {your} referral arrived",
	"referral/screen":          "the first look at {your} referral",
	"referral/check-in":        "a check-in during the wait for care",
	"episode":                  "{your} time with the service",
	"episode/ending":           "the plan for ending {your} time with the service",
	"episode/reaccess":         "{your} return to the service",
	"care-plan":                "{your} care plan",
	"care-plan/episode":        "{your} care plan",
	"crisis-plan":              "{your} crisis plan",
	"formulation":              "{your} formulation (the shared understanding of what is happening for {you})",
	"formulation/comment":      "a comment on {your} formulation",
	"assessment":               "{your} assessment",
	"appointment":              "one of {your} appointments",
	"measure":                  "{your} questionnaire answers",
	"measures":                 "{your} questionnaire answers",
	"medication":               "{your} medication",
	"carers":                   "{your} carers and family",
	"carer":                    "details of one of {your} carers",
	"goal":                     "one of {your} goals",
	"task":                     "a task about {your} care",
	"mdt-case":                 "{your} team's discussion of {your} care",
	"group/member":             "{your} place in a group",
	"outreach":                 "a note of trying to get in touch with {you}",
	"liaison":                  "a note of talking with another service about {you}",
	"access-log":               "this list of who has seen {your} record",
	"break-glass":              "an emergency access to {your} record",
}

// recordPart words an audit record name; one it does not know is still
// shown honestly as "part of {your} record".
func recordPart(record string) string {
	var kind []string
	for _, seg := range strings.Split(record, "/") {
		if seg == "" || strings.Trim(seg, "0123456789") == "" {
			continue
		}
		kind = append(kind, seg)
	}
	if w, ok := recordParts[strings.Join(kind, "/")]; ok {
		return w
	}
	if len(kind) > 0 {
		if w, ok := recordParts[kind[0]]; ok {
			return w
		}
	}
	return "part of {your} record"
}

func whyTheyCould(rel auth.Relationship, person bool) string {
	you, youWere, yours := "the person", "the person was", "their own"
	if person {
		you, youWere, yours = "you", "you were", "your own"
	}
	switch rel {
	case auth.RelSelf:
		return "it is " + yours + " record"
	case auth.RelCaseload:
		return "their team looks after " + you
	case auth.RelTeamReferr:
		return youWere + " referred to their team"
	case auth.RelReferrer:
		return "they made the referral"
	case auth.RelBreakGlass:
		return "emergency access"
	case auth.RelDecided:
		return "they made the decision on " + strings.Replace(yours, " own", "", 1) + " referral"
	}
	return "their work needs it (for example checking the records are kept properly)"
}

// RoleInWords is what a member of staff does, as the person would say it:
// a clinician by their profession.
func RoleInWords(u auth.User) string {
	if u.Role == auth.Clinician && u.Profession != "" {
		w := strings.ReplaceAll(u.Profession, "-", " ")
		return strings.ToUpper(w[:1]) + w[1:]
	}
	if u.Role == auth.SystemAdmin && u.ID == 0 {
		return "The system itself"
	}
	return u.Role.Label()
}
