// Package auth holds who may do what: users and roles, password hashing,
// session and CSRF tokens, route access policies, relationship-based access
// to a person's record, login throttling and the tamper-evident audit chain.
// It is pure Go; the store persists what it defines.
package auth

import (
	"slices"
	"strings"
	"time"

	"throughline/internal/problem"
)

// Role is what a user does in the system (DESIGN.md "Who uses it").
type Role string

// Roles.
const (
	Clinician    Role = "clinician"
	PeerWorker   Role = "peer-worker"
	Admin        Role = "admin"
	TeamManager  Role = "team-manager"
	Referrer     Role = "referrer"
	ServiceUser  Role = "service-user"
	Commissioner Role = "commissioner"
	SystemAdmin  Role = "system-admin"
	Auditor      Role = "auditor"
	// Carer is a carer or relative the person chose to involve, signed in
	// to see only what the person consented to share with them.
	Carer Role = "carer"
)

// Roles lists every role, in the order screens show them.
var Roles = []Role{Clinician, PeerWorker, Admin, TeamManager, Referrer, ServiceUser, Commissioner, SystemAdmin, Auditor, Carer}

// Label is the role's name as people say it.
func (r Role) Label() string {
	switch r {
	case Clinician:
		return "Clinician"
	case PeerWorker:
		return "Peer or support worker"
	case Admin:
		return "Administrator"
	case TeamManager:
		return "Team manager"
	case Referrer:
		return "Referrer"
	case ServiceUser:
		return "Service user"
	case Commissioner:
		return "Commissioner or analyst"
	case SystemAdmin:
		return "System administrator"
	case Auditor:
		return "Auditor"
	case Carer:
		return "Carer or relative"
	}
	return string(r)
}

// Professions a clinician can hold.
var Professions = []string{"psychologist", "nurse", "occupational-therapist", "social-worker", "psychiatrist", "psychotherapist"}

// CareStaff are the roles that work with people's records day to day.
var CareStaff = []Role{Clinician, PeerWorker, Admin, TeamManager}

// User is someone who signs in.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         Role
	Profession   string // clinicians only
	Organization string // referrers: their practice or service
	PersonID     int64  // service users: their own record
	TeamIDs      []int64
	Disabled     bool
	PasswordHash string
	Version      int
	CreatedAt    time.Time
	// MustChangePassword is set by a reset: the temporary password only
	// lets the person choose a new one.
	MustChangePassword bool
	TwoFactor          bool      // TOTP enrolled and switched on
	LastSignInAt       time.Time // zero if never
}

// RecordRoles are the staff roles that open people's records; the
// administrator can require two-factor sign-in for them.
var RecordRoles = []Role{Clinician, PeerWorker, Admin, TeamManager, Referrer}

// SeesRecords reports whether r is one of RecordRoles.
func (r Role) SeesRecords() bool { return slices.Contains(RecordRoles, r) }

// Validate checks a user before it is saved.
func (u *User) Validate() error {
	var v problem.Validation
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	if u.Username == "" {
		v.Add("username", "Enter a username")
	} else if len(u.Username) > 64 || strings.ContainsFunc(u.Username, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '@')
	}) {
		v.Add("username", "Username may use letters, digits and . - _ @ (up to 64)")
	}
	if u.DisplayName == "" {
		v.Add("display_name", "Enter the name shown to others")
	}
	if !slices.Contains(Roles, u.Role) {
		v.Add("role", "Choose a role")
	}
	if u.Role == Clinician && !slices.Contains(Professions, u.Profession) {
		v.Add("profession", "Clinicians need a profession: "+strings.Join(Professions, ", "))
	}
	if u.Role != Clinician && u.Profession != "" {
		v.Add("profession", "Only clinicians have a profession")
	}
	if u.Role == ServiceUser && u.PersonID == 0 {
		v.Add("person_id", "A service user account must be linked to their record")
	}
	return v.Err()
}

// ValidatePassword applies the password rule: long passphrases beat symbol rules.
func ValidatePassword(pw string) error {
	if len(pw) < 12 {
		return problem.Errorf(problem.Invalid, "Password must be at least 12 characters")
	}
	if len(pw) > 256 {
		return problem.Errorf(problem.Invalid, "Password must be at most 256 characters")
	}
	return nil
}
