package auditlog

import (
	"testing"

	"throughline/internal/auth"
)

func TestForPerson(t *testing.T) {
	tests := []struct {
		name string
		e    auth.Event
		want Plain
	}{
		{"care plan looked at by the care team",
			auth.Event{Action: auth.ActionView, Record: "care-plan/episode/1", Relationship: auth.RelCaseload},
			Plain{What: "looked at your care plan", Why: "their team looks after you"}},
		{"crisis plan updated",
			auth.Event{Action: auth.ActionUpdate, Record: "crisis-plan/7", Relationship: auth.RelCaseload},
			Plain{What: "updated your crisis plan", Why: "their team looks after you"}},
		{"referral letter printed",
			auth.Event{Action: auth.ActionExport, Record: "referral/12/letter", Relationship: auth.RelTeamReferr},
			Plain{What: "printed or downloaded your referral letter", Why: "you were referred to their team"}},
		{"the person's own look",
			auth.Event{Action: auth.ActionView, Record: "person", Relationship: auth.RelSelf},
			Plain{What: "looked at your record", Why: "it is your own record"}},
		{"referrer",
			auth.Event{Action: auth.ActionCreate, Record: "referral/3", Relationship: auth.RelReferrer},
			Plain{What: "added your referral", Why: "they made the referral"}},
		{"emergency access opened",
			auth.Event{Action: auth.ActionBreakGlass, Record: "person", Relationship: auth.RelBreakGlass, Reason: " Called by A&E at 2am "},
			Plain{What: "opened your record in an emergency", Why: "emergency access", Emergency: true, Reason: "Called by A&E at 2am"}},
		{"looked at under emergency access",
			auth.Event{Action: auth.ActionView, Record: "medication", Relationship: auth.RelBreakGlass, Reason: "overdose"},
			Plain{What: "looked at your medication", Why: "emergency access", Emergency: true, Reason: "overdose"}},
		{"emergency access checked",
			auth.Event{Action: auth.ActionReview, Record: "break-glass/4"},
			Plain{What: "checked an emergency access to your record", Why: "their work needs it (for example checking the records are kept properly)"}},
		{"comment on formulation",
			auth.Event{Action: auth.ActionCreate, Record: "formulation/2/comment/9", Relationship: auth.RelCaseload},
			Plain{What: "added a comment on your formulation", Why: "their team looks after you"}},
		{"record kind nobody worded yet",
			auth.Event{Action: auth.ActionView, Record: "something-new/3", Relationship: auth.RelCaseload},
			Plain{What: "looked at part of your record", Why: "their team looks after you"}},
		{"searched",
			auth.Event{Action: auth.ActionSearch, Record: "people"},
			Plain{What: "found you in a search", Why: "their work needs it (for example checking the records are kept properly)"}},
	}
	for _, tt := range tests {
		if got := ForPerson(tt.e); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestEveryAuditedRecordIsWorded lists the record names the service audits
// about a person today; each must read as something, not "part of your
// record".
func TestForStaff(t *testing.T) {
	tests := []struct {
		e    auth.Event
		want Plain
	}{
		{auth.Event{Action: auth.ActionView, Record: "care-plan/episode/1", Relationship: auth.RelCaseload},
			Plain{What: "looked at their care plan", Why: "their team looks after the person"}},
		{auth.Event{Action: auth.ActionSearch, Record: "people", Relationship: auth.RelTeamReferr},
			Plain{What: "found them in a search", Why: "the person was referred to their team"}},
		{auth.Event{Action: auth.ActionView, Record: "person", Relationship: auth.RelSelf},
			Plain{What: "looked at their record", Why: "it is their own record"}},
	}
	for _, tt := range tests {
		if got := ForStaff(tt.e); got != tt.want {
			t.Errorf("ForStaff(%+v) = %+v, want %+v", tt.e, got, tt.want)
		}
	}
}

func TestEveryAuditedRecordIsWorded(t *testing.T) {
	records := []string{"person", "person/preferences", "referral/1", "referral/1/check-in/2", "episode/1",
		"episode/1/ending", "episode/1/reaccess", "care-plan/1", "care-plan/episode/1", "crisis-plan", "crisis-plan/1",
		"formulation/1", "formulation/1/comment/2", "assessment/1", "appointment/1", "measure/1", "measures",
		"medication", "medication/1", "carers", "carer/1", "goal/1", "task/1", "mdt-case/1", "group/1/member",
		"outreach/1", "liaison/1", "access-log", "break-glass/1", "referral/1/letter", "referral/1/acknowledgement"}
	for _, rec := range records {
		if got := recordPart(rec); got == "part of {your} record" {
			t.Errorf("recordPart(%q) is not worded", rec)
		}
	}
}

func TestRoleInWords(t *testing.T) {
	tests := []struct {
		u    auth.User
		want string
	}{
		{auth.User{ID: 3, Role: auth.Clinician, Profession: "occupational-therapist"}, "Occupational therapist"},
		{auth.User{ID: 3, Role: auth.Clinician, Profession: "psychologist"}, "Psychologist"},
		{auth.User{ID: 3, Role: auth.Clinician}, "Clinician"},
		{auth.User{ID: 4, Role: auth.PeerWorker}, "Peer or support worker"},
		{auth.User{ID: 5, Role: auth.Auditor}, "Auditor"},
		{auth.System.User, "The system itself"},
	}
	for _, tt := range tests {
		if got := RoleInWords(tt.u); got != tt.want {
			t.Errorf("RoleInWords(%+v) = %q, want %q", tt.u, got, tt.want)
		}
	}
}
