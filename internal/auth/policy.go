package auth

import (
	"slices"
	"strings"
	"time"
)

// Policy is the access rule a route declares. Every route has one; a route
// registered without one is a programming error caught by tests.
type Policy struct {
	// Name is how the policy appears in the route × role table.
	Name string
	// Public routes need no sign-in (login page, static assets).
	Public bool
	// Roles that may use the route once signed in.
	Roles []Role
	// PersonRecord routes touch one person's record: on top of the role the
	// user needs a relationship with the person, or a break-glass reason.
	PersonRecord bool
}

// Allows reports whether a signed-in user with role r passes the role check.
func (p Policy) Allows(r Role) bool {
	return p.Public || slices.Contains(p.Roles, r)
}

// Declared reports whether the policy says anything at all.
func (p Policy) Declared() bool {
	return p.Name != "" && (p.Public || len(p.Roles) > 0)
}

// Describe is a one-line summary used in the policy golden file.
func (p Policy) Describe() string {
	if p.Public {
		return "public"
	}
	var rs []string
	for _, r := range p.Roles {
		rs = append(rs, string(r))
	}
	s := strings.Join(rs, ",")
	if p.PersonRecord {
		s += " +relationship"
	}
	return s
}

// Relationship is why a user may see a person's record.
type Relationship string

// Relationships, strongest first.
const (
	RelSelf       Relationship = "self"          // the service user's own record
	RelCaseload   Relationship = "caseload"      // on a caseload of one of the user's teams
	RelTeamReferr Relationship = "team-referral" // an open referral to one of the user's teams
	RelReferrer   Relationship = "referrer"      // the user made a referral for the person
	RelBreakGlass Relationship = "break-glass"   // emergency access with a typed reason
	RelDecided    Relationship = "decided"       // recorded this referral's decision, for DecisionFollowThrough after
	RelNone       Relationship = ""
)

// Links are the facts the store finds between a user and a person.
type Links struct {
	Self         bool
	OnCaseload   bool
	TeamReferral bool
	ReferredBy   bool
	BreakGlass   bool // an unexpired break-glass grant for this user and person
}

// BreakGlassRoles may claim emergency access to a record outside their caseload.
var BreakGlassRoles = []Role{Clinician, PeerWorker, Admin, TeamManager}

// PersonAccess decides the relationship under which u may open the record,
// or RelNone. Roles limit which relationships count: a referrer only ever
// sees people they referred; commissioners, system admins and auditors never
// open records.
func PersonAccess(u User, l Links) Relationship {
	switch u.Role {
	case ServiceUser:
		if l.Self {
			return RelSelf
		}
	case Referrer:
		if l.ReferredBy {
			return RelReferrer
		}
	case Clinician, PeerWorker, Admin, TeamManager:
		switch {
		case l.OnCaseload:
			return RelCaseload
		case l.TeamReferral:
			return RelTeamReferr
		case l.BreakGlass:
			return RelBreakGlass
		}
	}
	return RelNone
}

// ReferralLinks are the facts between a user and one referral: the links
// with the person it is about, whether the user made the referral, and
// whether it is an open referral to a service one of the user's teams serves.
type ReferralLinks struct {
	Person     Links
	MadeIt     bool
	OpenToTeam bool
	// DecidedIt: the user recorded this referral's decision (a decline,
	// an outcome) less than DecisionFollowThrough ago.
	DecidedIt bool
}

// DecisionFollowThrough is how long the member of staff who declined or
// closed a referral keeps that one referral (not the person's record):
// long enough to send the outcome letter and answer the referrer's and
// the person's questions about the decision, no longer.
const DecisionFollowThrough = 28 * 24 * time.Hour

// ReferralAccess decides the relationship under which u may open a
// referral, or RelNone. A referral is part of the person's record, so it
// needs the same relationship as the record: an open referral to one of the
// user's teams is itself the team-referral relationship (named first, as it
// is what lets the team screen it), but a declined or closed one is not,
// and then only a caseload or break-glass opens it. A referrer sees only
// the referrals they made, not other people's referrals of someone they
// once referred.
func ReferralAccess(u User, l ReferralLinks) Relationship {
	switch u.Role {
	case Referrer:
		if l.MadeIt {
			return RelReferrer
		}
		return RelNone
	case Clinician, PeerWorker, Admin, TeamManager:
		if l.OpenToTeam {
			return RelTeamReferr
		}
		if rel := PersonAccess(u, l.Person); rel != RelNone || !l.DecidedIt {
			return rel
		}
		return RelDecided
	}
	return PersonAccess(u, l.Person)
}

// CanBreakGlass reports whether u may claim emergency access.
func CanBreakGlass(u User) bool { return slices.Contains(BreakGlassRoles, u.Role) }
