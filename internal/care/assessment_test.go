package care

import (
	"strings"
	"testing"

	"throughline/internal/problem"
)

func TestCheckAssessmentBooking(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status   ReferralStatus
		upcoming int
		want     string // problem code, "" for allowed
	}{
		{ReferralReceived, 0, problem.Conflict}, // assessment before acceptance
		{ReferralScreening, 0, problem.Conflict},
		{ReferralMoreInfo, 0, problem.Conflict},
		{ReferralDeclined, 0, problem.Conflict},
		{ReferralAccepted, 0, ""},
		{ReferralWaiting, 0, ""},
		{ReferralAssessBooked, 1, ""}, // a second appointment
		{ReferralAssessBooked, 2, problem.Conflict},
		{ReferralAssessed, 0, ""},
		{ReferralTeamDiscussion, 0, problem.Conflict},
		{ReferralOutcome, 0, problem.Conflict},
	}
	for _, tt := range tests {
		if got := problem.Code(CheckAssessmentBooking(tt.status, tt.upcoming)); got != tt.want && !(tt.want == "" && got == "") {
			t.Errorf("CheckAssessmentBooking(%s, %d) = %q, want %q", tt.status, tt.upcoming, got, tt.want)
		}
	}
}

func TestCheckAssessed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status   ReferralStatus
		attended int
		recorded bool
		want     string
	}{
		{ReferralAssessBooked, 1, true, ""},
		{ReferralAssessBooked, 0, true, problem.Invalid},
		{ReferralAssessBooked, 1, false, problem.Invalid},
		{ReferralWaiting, 1, true, problem.Conflict},
		{ReferralAssessed, 1, true, problem.Conflict},
	}
	for _, tt := range tests {
		if got := problem.Code(CheckAssessed(tt.status, tt.attended, tt.recorded)); got != tt.want {
			t.Errorf("CheckAssessed(%s, %d, %v) = %q, want %q", tt.status, tt.attended, tt.recorded, got, tt.want)
		}
	}
}

func TestAssessmentValidate(t *testing.T) {
	t.Parallel()
	ok := Assessment{ReferralID: 1, PersonID: 1, Functioning: "Sleeping badly", RiskLevel: "moderate"}
	tests := []struct {
		name   string
		edit   func(*Assessment)
		fields []string // fields that must have a message; none = valid
	}{
		{"minimal", func(*Assessment) {}, nil},
		{"trauma not asked is a respected answer", func(a *Assessment) { a.Trauma = TraumaNotAsked }, nil},
		{"chose not to talk about trauma, no note", func(a *Assessment) { a.Trauma, a.TraumaNote = TraumaChoseNotTo, "" }, nil},
		{"no risk level", func(a *Assessment) { a.RiskLevel = "" }, []string{"risk_level"}},
		{"unknown risk level", func(a *Assessment) { a.RiskLevel = "extreme" }, []string{"risk_level"}},
		{"children without safeguarding note", func(a *Assessment) { a.DependentChildren = "yes" }, []string{"safeguarding_note"}},
		{"children with note", func(a *Assessment) {
			a.DependentChildren, a.SafeguardingNote = "yes", "Two children, well supported by grandparent"
		}, nil},
		{"unknown trauma answer", func(a *Assessment) { a.Trauma = "forced" }, []string{"trauma"}},
		{"unknown social need", func(a *Assessment) { a.SocialNeeds = []string{"housing", "nope"} }, []string{"social_needs"}},
		{"nothing written", func(a *Assessment) { a.Functioning = "" }, []string{"functioning"}},
		{"oversized goals", func(a *Assessment) { a.Goals = strings.Repeat("x", MaxNoteLength+1) }, []string{"goals"}},
	}
	for _, tt := range tests {
		a := ok
		tt.edit(&a)
		err := a.Validate()
		fields := problem.Fields(err)
		if len(tt.fields) == 0 && err != nil {
			t.Errorf("%s: %v, want valid", tt.name, err)
		}
		for _, f := range tt.fields {
			if fields[f] == "" {
				t.Errorf("%s: fields %v, want a message for %s", tt.name, fields, f)
			}
		}
		if err == nil && a.Trauma == "" {
			t.Errorf("%s: empty trauma answer not normalised to %q", tt.name, TraumaNotAsked)
		}
	}
}

func TestFormulationValidate(t *testing.T) {
	t.Parallel()
	var f Formulation
	f.PersonID = 1
	if problem.Fields(f.Validate())["happened"] == "" {
		t.Error("an empty formulation was accepted")
	}
	for _, s := range FormulationSections {
		g := f
		g.SetSection(s.Field, "some words")
		if err := g.Validate(); err != nil {
			t.Errorf("one section %s: %v", s.Field, err)
		}
		if got := g.Section(s.Field); got != "some words" {
			t.Errorf("Section(%s) = %q", s.Field, got)
		}
		g.SetSection(s.Field, strings.Repeat("é", MaxNoteLength+1))
		if problem.Fields(g.Validate())[s.Field] == "" {
			t.Errorf("oversized %s accepted", s.Field)
		}
	}
	if (FormulationComment{Text: "  "}).Validate() == nil {
		t.Error("blank comment accepted")
	}
}
