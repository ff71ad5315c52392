package care

import (
	"testing"
	"time"

	"throughline/internal/problem"
)

func TestEpisodeStep(t *testing.T) {
	t.Parallel()
	ended := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		intensity string
		ended     time.Time
		up        bool
		reason    string
		want      string // new intensity, or the error code
	}{
		{"up from standard", "standard", time.Time{}, true, "More distress since the eviction notice", "high"},
		{"down from standard", "standard", time.Time{}, false, "Settled in new flat", "low"},
		{"up beyond highest", "high", time.Time{}, true, "reason", problem.Invalid},
		{"down below lowest", "low", time.Time{}, false, "reason", problem.Invalid},
		{"unset asks for a level, not a guess", "", time.Time{}, true, "reason", problem.Invalid},
		{"reason required", "standard", time.Time{}, true, "  ", problem.Invalid},
		{"ended episode", "standard", ended, true, "reason", problem.Conflict},
	}
	for _, tt := range tests {
		e := Episode{ID: 1, PersonID: 2, Intensity: tt.intensity, EndedAt: tt.ended, Pathway: PathwayCommunity, Modality: "SCM"}
		got, ev, err := e.Step(tt.up, "", tt.reason)
		if err != nil {
			if c := problem.Code(err); c != tt.want {
				t.Errorf("%s: err %v, want %s", tt.name, err, tt.want)
			}
			continue
		}
		if got.Intensity != tt.want || ev.To != tt.want || ev.From != tt.intensity || ev.Reason == "" {
			t.Errorf("%s: intensity %q event %+v, want %q", tt.name, got.Intensity, ev, tt.want)
		}
		if wantKind := map[bool]EpisodeEventKind{true: EventStepUp, false: EventStepDown}[tt.up]; ev.Kind != wantKind {
			t.Errorf("%s: kind %s, want %s", tt.name, ev.Kind, wantKind)
		}
	}
}

func TestEpisodeSwitchModality(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pathway, from, to string
		ended                   bool
		wantCode                string
	}{
		{"MBT to DBT", PathwayTherapies, "MBT", "DBT", false, ""},
		{"same modality refused", PathwayTherapies, "MBT", "MBT", false, problem.Invalid},
		{"therapies cannot offer SCM", PathwayTherapies, "MBT", "SCM", false, problem.Invalid},
		{"community cannot offer DBT", PathwayCommunity, "SCM", "DBT", false, problem.Invalid},
		{"unknown modality", PathwayTherapies, "DIT", "CBT", false, problem.Invalid},
		{"ended episode", PathwayTherapies, "MBT", "DIT", true, problem.Conflict},
	}
	for _, tt := range tests {
		e := Episode{Pathway: tt.pathway, Modality: tt.from}
		if tt.ended {
			e.EndedAt = time.Now()
		}
		got, ev, err := e.SwitchModality(tt.to, "Group felt overwhelming; prefers individual DBT skills coaching")
		if c := problem.Code(err); c != tt.wantCode {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantCode)
			continue
		}
		if err == nil && (got.Modality != tt.to || ev.From != tt.from || ev.To != tt.to || ev.Kind != EventModality) {
			t.Errorf("%s: got %+v event %+v", tt.name, got, ev)
		}
	}
}

func TestEpisodeSwitchTeamAndReassign(t *testing.T) {
	t.Parallel()
	e := Episode{ID: 3, TeamID: 1, NamedWorkerID: 10, Pathway: PathwayCommunity, Modality: "SCM", Intensity: "standard"}
	tests := []struct {
		name              string
		team              int64
		pathway, modality string
		worker            int64
		handover          string
		wantCode          string
		wantEvents        int
	}{
		{"to therapies with MBT", 2, PathwayTherapies, "MBT", 20, "Knows Sam well; prefers afternoons", "", 2},
		{"same team refused", 1, PathwayCommunity, "SCM", 20, "note", problem.Invalid, 0},
		{"therapies needs MBT, DIT or DBT", 2, PathwayTherapies, "SCM", 20, "note", problem.Invalid, 0},
		{"community needs SCM", 2, PathwayCommunity, "MBT", 20, "note", problem.Invalid, 0},
		{"handover note required", 2, PathwayTherapies, "DIT", 20, "", problem.Invalid, 0},
		{"worker stays (in both teams)", 2, PathwayTherapies, "DIT", 10, "note", "", 1},
	}
	for _, tt := range tests {
		got, evs, err := e.SwitchTeam(tt.team, tt.pathway, tt.modality, tt.worker, "Needs a therapy programme", tt.handover)
		if c := problem.Code(err); c != tt.wantCode {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantCode)
			continue
		}
		if len(evs) != tt.wantEvents {
			t.Errorf("%s: %d events, want %d", tt.name, len(evs), tt.wantEvents)
		}
		if err == nil && (got.TeamID != tt.team || got.Modality != tt.modality || got.NamedWorkerID != tt.worker) {
			t.Errorf("%s: got %+v", tt.name, got)
		}
	}
	reassign := []struct {
		name     string
		worker   int64
		handover string
		wantCode string
	}{
		{"new worker with note", 11, "Sam likes texts before calls", ""},
		{"same worker refused", 10, "note", problem.Invalid},
		{"no worker", 0, "note", problem.Invalid},
		{"handover required", 11, " ", problem.Invalid},
	}
	for _, tt := range reassign {
		got, ev, err := e.Reassign(tt.worker, "Worker leaving the team", tt.handover)
		if c := problem.Code(err); c != tt.wantCode {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantCode)
			continue
		}
		if err == nil && (got.NamedWorkerID != tt.worker || ev.From != "10" || ev.To != "11" || ev.HandoverNote == "") {
			t.Errorf("%s: got %+v event %+v", tt.name, got, ev)
		}
	}
}

func TestIntensityWeights(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		code string
		want int
	}{{"low", 1}, {"standard", 2}, {"high", 3}, {"", 2}, {"unknown", 2}} {
		if got := IntensityWeight(tt.code); got != tt.want {
			t.Errorf("IntensityWeight(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

// TestEpisodeStepFromNotSet: an episode with no level recorded moves to
// the level the worker chooses, never one the system picks.
func TestEpisodeStepFromNotSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		intensity string
		up        bool
		level     string
		want      string // new intensity, or the field with a problem
	}{
		{"up from not set without a level", "", true, "", "level"},
		{"down from not set without a level", "", false, "", "level"},
		{"up from not set to low", "", true, "low", "low"},
		{"up from not set to standard", "", true, "standard", "standard"},
		{"not set to a made-up level", "", true, "urgent", "level"},
		{"a set level ignores the choice", "low", true, "high", "standard"},
	}
	for _, tt := range tests {
		e := Episode{ID: 1, PersonID: 2, Intensity: tt.intensity, Pathway: PathwayCommunity, Modality: "SCM"}
		got, ev, err := e.Step(tt.up, tt.level, "Eviction notice; more contact for now")
		if err != nil {
			if problem.Fields(err)[tt.want] == "" {
				t.Errorf("%s: %v, want a problem with %s", tt.name, err, tt.want)
			}
			continue
		}
		if got.Intensity != tt.want || ev.To != tt.want || ev.From != tt.intensity {
			t.Errorf("%s: intensity %q, event %+v, want %q", tt.name, got.Intensity, ev, tt.want)
		}
	}
}
