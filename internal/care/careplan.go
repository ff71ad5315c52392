package care

import (
	"slices"
	"strings"
	"time"

	"throughline/internal/problem"
)

// LifeDomain is an area of life a care plan's needs are grouped by.
type LifeDomain struct {
	Code, Label string
}

// LifeDomains in the order a care plan lists them.
var LifeDomains = []LifeDomain{
	{"mental-health", "Mental health"},
	{"physical-health", "Physical health"},
	{"housing", "Housing"},
	{"money", "Money and benefits"},
	{"work-education", "Work and education"},
	{"relationships", "Relationships and family"},
	{"social", "Social connection"},
	{"substance-use", "Substance use"},
	{"safety", "Safety"},
}

// LifeDomainLabel is the plain-language name of a domain code.
func LifeDomainLabel(code string) string {
	for _, d := range LifeDomains {
		if d.Code == code {
			return d.Label
		}
	}
	return code
}

func validDomain(code string) bool {
	return slices.ContainsFunc(LifeDomains, func(d LifeDomain) bool { return d.Code == code })
}

// Agency is another organisation that can own an action or be liaised with.
type Agency struct {
	Code, Label string
}

// Agencies a care plan action can be owned by.
var Agencies = []Agency{
	{"housing-provider", "Housing provider"},
	{"gp", "GP"},
	{"social-care", "Social care"},
	{"benefits", "Benefits (DWP or council)"},
	{"voluntary-sector", "Voluntary sector"},
}

// AgencyLabel is the plain-language name of an agency code.
func AgencyLabel(code string) string {
	for _, a := range Agencies {
		if a.Code == code {
			return a.Label
		}
	}
	return code
}

// Owner kinds: who will do an action.
const (
	OwnerStaff  = "staff"
	OwnerPerson = "person"
	OwnerAgency = "agency"
)

// Action is one thing someone will do about a need.
type Action struct {
	Text      string
	OwnerKind string // OwnerStaff, OwnerPerson or OwnerAgency
	StaffID   int64  // when OwnerStaff
	StaffName string // filled when read
	Agency    string // an Agencies code, when OwnerAgency
}

// Need is what the person needs in one life domain, with the actions
// agreed about it.
type Need struct {
	Domain      string
	Description string
	Actions     []Action
}

// Agreement is whether the person agrees with their care plan.
type Agreement string

// The person's agreement with the plan.
const (
	AgreementNotYet      Agreement = "not-yet"
	AgreementAgreed      Agreement = "agreed"
	AgreementWithChanges Agreement = "agreed-with-changes"
)

// Agreements in the order forms offer them.
var Agreements = []Agreement{AgreementAgreed, AgreementWithChanges, AgreementNotYet}

// Label is the plain-language name of the agreement.
func (a Agreement) Label() string {
	switch a {
	case AgreementAgreed:
		return "Agreed"
	case AgreementWithChanges:
		return "Agreed with changes"
	case AgreementNotYet, "":
		return "Not yet agreed"
	}
	return string(a)
}

// CarePlan is the co-produced plan for one episode. Goals live in the
// goals table (outcome measures read them); the plan holds the needs,
// review date, and the person's agreement and comments. Version is the
// optimistic lock: every save names the version it started from.
type CarePlan struct {
	ID             int64
	PersonID       int64
	EpisodeID      int64
	Needs          []Need
	ReviewOn       time.Time // a date
	Agreement      Agreement
	PersonComments string // in the person's own words
	Version        int    // 0 before the first save
	UpdatedAt      time.Time
	UpdatedBy      string
}

// ReviewOverdue reports whether the review date has passed.
func (p CarePlan) ReviewOverdue(now time.Time) bool {
	return !p.ReviewOn.IsZero() && dateOf(now).After(dateOf(p.ReviewOn))
}

// Need returns the plan's need in a domain, empty if none.
func (p CarePlan) Need(domain string) Need {
	for _, n := range p.Needs {
		if n.Domain == domain {
			return n
		}
	}
	return Need{Domain: domain}
}

// Limits on care plan text.
const (
	maxNeedText    = 5000
	maxActionText  = 1000
	maxActionsEach = 20
)

// Validate checks a plan before it is saved; field names are the form's.
func (p CarePlan) Validate(now time.Time) error {
	var v problem.Validation
	if p.PersonID == 0 || p.EpisodeID == 0 {
		v.Add("episode", "A care plan belongs to a person's episode of care")
	}
	seen := map[string]bool{}
	for _, n := range p.Needs {
		if !validDomain(n.Domain) {
			v.Add("need", "Unknown life domain "+n.Domain)
			continue
		}
		if seen[n.Domain] {
			v.Add("need-"+n.Domain, LifeDomainLabel(n.Domain)+" is listed twice")
		}
		seen[n.Domain] = true
		if len(n.Description) > maxNeedText {
			v.Add("need-"+n.Domain, LifeDomainLabel(n.Domain)+": the need must be 5,000 characters or fewer")
		}
		if len(n.Actions) > maxActionsEach {
			v.Add("need-"+n.Domain, LifeDomainLabel(n.Domain)+": at most 20 actions")
		}
		if len(n.Actions) > 0 && strings.TrimSpace(n.Description) == "" {
			v.Add("need-"+n.Domain, LifeDomainLabel(n.Domain)+": describe the need the actions are for")
		}
		for _, a := range n.Actions {
			field := "action-" + n.Domain
			switch {
			case strings.TrimSpace(a.Text) == "":
				v.Add(field, LifeDomainLabel(n.Domain)+": say what the action is")
			case len(a.Text) > maxActionText:
				v.Add(field, LifeDomainLabel(n.Domain)+": an action must be 1,000 characters or fewer")
			}
			switch a.OwnerKind {
			case OwnerPerson:
			case OwnerStaff:
				if a.StaffID == 0 {
					v.Add(field, LifeDomainLabel(n.Domain)+": choose the member of staff who owns the action")
				}
			case OwnerAgency:
				if !slices.ContainsFunc(Agencies, func(x Agency) bool { return x.Code == a.Agency }) {
					v.Add(field, LifeDomainLabel(n.Domain)+": choose the agency that owns the action")
				}
			default:
				v.Add(field, LifeDomainLabel(n.Domain)+": choose who will do the action")
			}
		}
	}
	if !slices.Contains(Agreements, p.Agreement) {
		v.Add("agreement", "Record whether the person agrees with the plan")
	}
	if len(p.PersonComments) > MaxNoteLength {
		v.Add("person_comments", "The person's comments must be 20,000 characters or fewer")
	}
	switch {
	case p.ReviewOn.IsZero():
		v.Add("review_on", "Enter the date the plan will be reviewed")
	case p.ReviewOn.After(now.AddDate(2, 0, 0)):
		v.Add("review_on", "The review date is more than two years ahead; check the year")
	}
	return v.Err()
}

// Liaison is a contact with another agency about one of the person's needs.
type Liaison struct {
	ID         int64
	PersonID   int64
	PlanID     int64
	On         time.Time // a date
	Agency     string    // an Agencies code
	Contact    string    // who was spoken to
	Discussed  string
	Domain     string // the need it was about
	RecordedBy string
}

// Validate checks a liaison record.
func (l Liaison) Validate(now time.Time) error {
	var v problem.Validation
	switch {
	case l.On.IsZero():
		v.Add("liaison_on", "Enter the date of the contact")
	case dateOf(l.On).After(dateOf(now)):
		v.Add("liaison_on", "The contact date is in the future; record liaison once it has happened")
	case l.On.Before(now.AddDate(-2, 0, 0)):
		v.Add("liaison_on", "The date is more than two years ago; check the year")
	}
	if !slices.ContainsFunc(Agencies, func(x Agency) bool { return x.Code == l.Agency }) {
		v.Add("liaison_agency", "Choose the agency")
	}
	if len(l.Contact) > 200 {
		v.Add("liaison_contact", "The contact must be 200 characters or fewer")
	}
	switch n := len(strings.TrimSpace(l.Discussed)); {
	case n == 0:
		v.Add("liaison_discussed", "Say what was discussed")
	case len(l.Discussed) > MaxNoteLength:
		v.Add("liaison_discussed", "What was discussed must be 20,000 characters or fewer")
	}
	if !validDomain(l.Domain) {
		v.Add("liaison_domain", "Choose the need the contact was about")
	}
	return v.Err()
}

// OwnerLabel names who will do the action.
func (a Action) OwnerLabel() string {
	switch a.OwnerKind {
	case OwnerPerson:
		return "The person"
	case OwnerStaff:
		if a.StaffName != "" {
			return a.StaffName
		}
		return "A member of staff"
	case OwnerAgency:
		return AgencyLabel(a.Agency)
	}
	return "Nobody chosen yet"
}

// AgencyLabel is the liaison's agency in words.
func (l Liaison) AgencyLabel() string { return AgencyLabel(l.Agency) }

// DomainLabel is the need the liaison was about, in words.
func (l Liaison) DomainLabel() string { return LifeDomainLabel(l.Domain) }

// Label is the need's life domain in words.
func (n Need) Label() string { return LifeDomainLabel(n.Domain) }
