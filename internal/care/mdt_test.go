package care

import (
	"testing"
	"time"

	"throughline/internal/problem"
)

func TestCaseDecisionValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status ReferralStatus
		c      CaseDecision
		want   []string // fields with a message; "status" means a refused move
	}{
		{"community", ReferralTeamDiscussion, CaseDecision{Decision: DecideCommunity, Rationale: "r", NamedWorkerID: 3}, nil},
		{"community with another modality", ReferralTeamDiscussion, CaseDecision{Decision: DecideCommunity, Modality: "DBT", Rationale: "r", NamedWorkerID: 3}, []string{"modality"}},
		{"community without named worker", ReferralTeamDiscussion, CaseDecision{Decision: DecideCommunity, Rationale: "r"}, []string{"named_worker"}},
		{"therapies MBT", ReferralTeamDiscussion, CaseDecision{Decision: DecideTherapies, Modality: "MBT", Rationale: "r", NamedWorkerID: 3}, nil},
		{"therapies DIT", ReferralTeamDiscussion, CaseDecision{Decision: DecideTherapies, Modality: "DIT", Rationale: "r", NamedWorkerID: 3}, nil},
		{"therapies DBT", ReferralTeamDiscussion, CaseDecision{Decision: DecideTherapies, Modality: "DBT", Rationale: "r", NamedWorkerID: 3}, nil},
		{"therapies without modality", ReferralTeamDiscussion, CaseDecision{Decision: DecideTherapies, Rationale: "r", NamedWorkerID: 3}, []string{"modality"}},
		{"therapies unknown modality", ReferralTeamDiscussion, CaseDecision{Decision: DecideTherapies, Modality: "CBT", Rationale: "r", NamedWorkerID: 3}, []string{"modality"}},
		{"signpost", ReferralTeamDiscussion, CaseDecision{Decision: DecideSignpost, SignpostService: "mind", Rationale: "r"}, nil},
		{"signpost without service", ReferralTeamDiscussion, CaseDecision{Decision: DecideSignpost, Rationale: "r"}, []string{"signpost_service"}},
		{"sufficient", ReferralTeamDiscussion, CaseDecision{Decision: DecideSufficient, Rationale: "r", OnwardNote: "GP review; can re-refer"}, nil},
		{"sufficient without onward note", ReferralTeamDiscussion, CaseDecision{Decision: DecideSufficient, Rationale: "r"}, []string{"onward_note"}},
		{"further assessment", ReferralTeamDiscussion, CaseDecision{Decision: DecideFurtherAsmt, Rationale: "r"}, nil},
		{"no rationale", ReferralTeamDiscussion, CaseDecision{Decision: DecideFurtherAsmt, Rationale: " "}, []string{"rationale"}},
		{"no decision", ReferralTeamDiscussion, CaseDecision{Rationale: "r"}, []string{"decision"}},
		{"unknown decision", ReferralTeamDiscussion, CaseDecision{Decision: "discharge", Rationale: "r"}, []string{"decision"}},
		{"not on the agenda", ReferralAssessed, CaseDecision{Decision: DecideFurtherAsmt, Rationale: "r"}, []string{"status"}},
		{"already decided", ReferralOutcome, CaseDecision{Decision: DecideFurtherAsmt, Rationale: "r"}, []string{"status"}},
	}
	for _, tt := range tests {
		c := tt.c
		err := c.Validate(tt.status)
		if len(tt.want) == 0 {
			if err != nil {
				t.Errorf("%s: %v, want valid", tt.name, err)
			}
			continue
		}
		if tt.want[0] == "status" {
			if got := problem.Code(err); got != problem.Conflict {
				t.Errorf("%s: code %q, want conflict", tt.name, got)
			}
			continue
		}
		for _, f := range tt.want {
			if problem.Fields(err)[f] == "" {
				t.Errorf("%s: %v, want a message for %s", tt.name, err, f)
			}
		}
	}
}

func TestDecisionOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d       TeamDecision
		episode bool
		pathway string
		next    ReferralStatus
	}{
		{DecideCommunity, true, "community-scm", ReferralOutcome},
		{DecideTherapies, true, "therapies", ReferralOutcome},
		{DecideSignpost, false, "", ReferralOutcome},
		{DecideSufficient, false, "", ReferralOutcome},
		{DecideFurtherAsmt, false, "", ReferralAssessBooked},
	}
	for _, tt := range tests {
		if got := tt.d.OpensEpisode(); got != tt.episode {
			t.Errorf("%s opens episode = %v, want %v", tt.d, got, tt.episode)
		}
		if got := tt.d.Pathway(); got != tt.pathway {
			t.Errorf("%s pathway = %q, want %q", tt.d, got, tt.pathway)
		}
		if got := tt.d.NextStatus(); got != tt.next || !CanMove(ReferralTeamDiscussion, got) {
			t.Errorf("%s next = %q, want %q and an allowed move", tt.d, got, tt.next)
		}
	}
}

func TestCheckAddToAgenda(t *testing.T) {
	t.Parallel()
	for _, s := range ReferralStatuses {
		err := CheckAddToAgenda(s)
		if (err == nil) != (s == ReferralAssessed) {
			t.Errorf("CheckAddToAgenda(%s) = %v", s, err)
		}
	}
}

func TestMeetingValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	ok := Meeting{ServiceID: "cen", At: now.AddDate(0, 0, 3), Attendees: []int64{1}}
	if err := ok.Validate(now); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]Meeting{
		"no attendees": {ServiceID: "cen", At: now},
		"no date":      {ServiceID: "cen", Attendees: []int64{1}},
		"far future":   {ServiceID: "cen", At: now.AddDate(2, 0, 0), Attendees: []int64{1}},
	} {
		if problem.Code(m.Validate(now)) != problem.Invalid {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestCheckDecidedAfterMeeting(t *testing.T) {
	t.Parallel()
	meeting := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		decided time.Time
		wantErr bool
	}{
		{"five days before the meeting", meeting.AddDate(0, 0, -5), true},
		{"a minute before it starts", meeting.Add(-time.Minute), true},
		{"as it starts", meeting, false},
		{"during the afternoon", meeting.Add(4 * time.Hour), false},
		{"a week later", meeting.AddDate(0, 0, 7), false},
	}
	for _, tt := range tests {
		err := CheckDecidedAfterMeeting(meeting, tt.decided)
		if got := problem.Fields(err)["decision"] != ""; got != tt.wantErr {
			t.Errorf("%s: decision problem = %v (%v), want %v", tt.name, got, err, tt.wantErr)
		}
	}
	want := "The team meets on 4 December 2026 at 10:00: record its decision after the meeting"
	if got := problem.Fields(CheckDecidedAfterMeeting(meeting, meeting.AddDate(0, 0, -5)))["decision"]; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}
