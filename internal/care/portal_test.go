package care

import (
	"strings"
	"testing"
	"time"

	"throughline/internal/problem"
)

// TestPortalRequestValidate: a request about an appointment needs one of
// the person's own appointments that is still to come and not recorded; a
// goal or change needs the person's words; a different worker needs no
// reason.
func TestPortalRequestValidate(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	ahead := &Appointment{ID: 1, PersonID: 7, Kind: KindIndividual, StartsAt: now.Add(time.Hour)}
	started := &Appointment{ID: 2, PersonID: 7, Kind: KindIndividual, StartsAt: now}
	recorded := &Appointment{ID: 3, PersonID: 7, Kind: KindIndividual, StartsAt: now.Add(time.Hour), Outcome: OutcomeCancelledByTeam}
	theirs := &Appointment{ID: 4, PersonID: 8, Kind: KindIndividual, StartsAt: now.Add(time.Hour)}
	tests := []struct {
		name string
		r    PortalRequest
		ap   *Appointment
		want string
	}{
		{"cancel ahead", PortalRequest{PersonID: 7, Kind: RequestCancel}, ahead, ""},
		{"rearrange without a reason", PortalRequest{PersonID: 7, Kind: RequestRearrange}, ahead, ""},
		{"already started", PortalRequest{PersonID: 7, Kind: RequestCancel}, started, problem.Conflict},
		{"already recorded", PortalRequest{PersonID: 7, Kind: RequestRearrange}, recorded, problem.Conflict},
		{"someone else's", PortalRequest{PersonID: 7, Kind: RequestCancel}, theirs, problem.Invalid},
		{"no appointment", PortalRequest{PersonID: 7, Kind: RequestCancel}, nil, problem.Invalid},
		{"worker without a reason", PortalRequest{PersonID: 7, Kind: RequestWorker}, nil, ""},
		{"goal without words", PortalRequest{PersonID: 7, Kind: RequestGoal, Text: " "}, nil, problem.Invalid},
		{"change in words", PortalRequest{PersonID: 7, Kind: RequestChange, Text: "Afternoon sessions"}, nil, ""},
		{"too long", PortalRequest{PersonID: 7, Kind: RequestChange, Text: strings.Repeat("é", MaxPortalText+1)}, nil, problem.Invalid},
		{"unknown", PortalRequest{PersonID: 7, Kind: "discharge"}, nil, problem.Invalid},
	}
	for _, tt := range tests {
		if got := problem.Code(tt.r.Validate(tt.ap, now)); got != tt.want {
			t.Errorf("%s: code %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestPortalTaskTitleKeepsTheirWords: the worker's task quotes the person
// exactly, and names the appointment in UK time.
func TestPortalTaskTitleKeepsTheirWords(t *testing.T) {
	ap := &Appointment{Kind: KindReview, StartsAt: time.Date(2026, 7, 1, 9, 30, 0, 0, time.UTC)}
	tests := []struct {
		r    PortalRequest
		want string
	}{
		{PortalRequest{Kind: RequestRearrange, Text: "Mornings are hard  "}, "Sam asked to change the time of their review on 1 Jul 2026 at 10:30: \u201cMornings are hard\u201d"},
		{PortalRequest{Kind: RequestCancel}, "Sam asked to cancel their review on 1 Jul 2026 at 10:30"},
		{PortalRequest{Kind: RequestWorker}, "Sam asked for a different worker"},
		{PortalRequest{Kind: RequestGoal, Text: "go swimming"}, "Sam suggested a goal: \u201cgo swimming\u201d"},
	}
	for _, tt := range tests {
		if got := tt.r.TaskTitle("Sam", ap); got != tt.want {
			t.Errorf("TaskTitle(%s) = %q, want %q", tt.r.Kind, got, tt.want)
		}
	}
}

// TestCheckOutcomeAfterRequest: only "missed" is refused once the person
// asked to cancel.
func TestCheckOutcomeAfterRequest(t *testing.T) {
	for _, o := range Outcomes {
		for _, asked := range []bool{false, true} {
			err := CheckOutcomeAfterRequest(o, asked)
			if got, want := err != nil, asked && o == OutcomeDidNotAttend; got != want {
				t.Errorf("CheckOutcomeAfterRequest(%s, %v) = %v, want refused %v", o, asked, err, want)
			}
		}
	}
}

// TestPlanCommentValidate: a comment says something about a saved plan.
func TestPlanCommentValidate(t *testing.T) {
	ok := PlanComment{PersonID: 1, Plan: PlanCrisis, PlanID: 2, PlanVersion: 3, Agreement: AgreeYes}
	tests := []struct {
		name string
		edit func(*PlanComment)
		want string
	}{
		{"agreement alone", func(*PlanComment) {}, ""},
		{"comment alone", func(c *PlanComment) { c.Agreement, c.Text = AgreeNone, "More on music" }, ""},
		{"nothing", func(c *PlanComment) { c.Agreement = AgreeNone }, "comment"},
		{"unsaved plan", func(c *PlanComment) { c.PlanVersion = 0 }, "plan"},
		{"unknown answer", func(c *PlanComment) { c.Agreement = "maybe" }, "agreement"},
		{"unknown plan", func(c *PlanComment) { c.Plan = "diary" }, "plan"},
		{"too long", func(c *PlanComment) { c.Text = strings.Repeat("a", MaxPortalText+1) }, "comment"},
	}
	for _, tt := range tests {
		c := ok
		tt.edit(&c)
		fields := problem.Fields(c.Validate())
		if tt.want == "" && len(fields) != 0 || tt.want != "" && fields[tt.want] == "" {
			t.Errorf("%s: problems %v, want one with %q", tt.name, fields, tt.want)
		}
	}
}
