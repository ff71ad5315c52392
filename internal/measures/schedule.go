package measures

import (
	"fmt"
	"sort"
	"time"
)

// ScheduleRule says when a measure is due: after an attended assessment,
// every N attended sessions within an episode, and at the ending of care.
// TeamID and Modality narrow it; zero values mean "any".
type ScheduleRule struct {
	ID            int64  `json:"id,omitempty"`
	TeamID        int64  `json:"team_id,omitempty"`
	Modality      string `json:"modality,omitempty"`
	MeasureID     string `json:"measure"`
	AtAssessment  bool   `json:"at_assessment"`
	EverySessions int    `json:"every_sessions"`
	AtEnding      bool   `json:"at_ending"`
}

// DefaultSchedule is used where a service has configured nothing: a short
// symptom and wellbeing set at assessment and ending (NHS Talking Therapies
// and the community mental health framework ask for paired measures at
// start and end), CORE-10 every 6 sessions, DIALOG every 6 (its manual
// suggests regular reviews, at least every few months), GBO every 3.
var DefaultSchedule = []ScheduleRule{
	{MeasureID: "PHQ-9", AtAssessment: true, AtEnding: true},
	{MeasureID: "GAD-7", AtAssessment: true, AtEnding: true},
	{MeasureID: "CORE-10", AtAssessment: true, EverySessions: 6, AtEnding: true},
	{MeasureID: "DIALOG", EverySessions: 6, AtEnding: true},
	{MeasureID: "GBO", EverySessions: 3, AtEnding: true},
}

// Resolve picks, for each measure, the most specific rule that fits a team
// and modality: team and modality, then team, then modality, then global,
// then DefaultSchedule. A configured rule with nothing set switches the
// measure off for that scope.
func Resolve(configured []ScheduleRule, teamID int64, modality string) []ScheduleRule {
	var out []ScheduleRule
	for _, r := range Applying(configured, teamID, modality) {
		if !r.Off() {
			out = append(out, r)
		}
	}
	return out
}

// Applying is the rule that applies to each measure for a team and
// modality, by the order Resolve describes, including rules that switch a
// measure off (a rule with ID 0 is a default), sorted by measure.
func Applying(configured []ScheduleRule, teamID int64, modality string) []ScheduleRule {
	rank := func(r ScheduleRule) int {
		switch {
		case r.TeamID != 0 && r.TeamID != teamID, r.Modality != "" && r.Modality != modality:
			return -1
		case r.TeamID != 0 && r.Modality != "":
			return 4
		case r.TeamID != 0:
			return 3
		case r.Modality != "":
			return 2
		}
		return 1
	}
	best := map[string]ScheduleRule{}
	bestRank := map[string]int{}
	for _, r := range DefaultSchedule {
		best[r.MeasureID], bestRank[r.MeasureID] = r, 0
	}
	for _, r := range configured {
		if k := rank(r); k > bestRank[r.MeasureID] || (k > 0 && bestRank[r.MeasureID] == 0) {
			best[r.MeasureID], bestRank[r.MeasureID] = r, k
		}
	}
	var out []ScheduleRule
	for _, r := range best {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].MeasureID < out[j].MeasureID })
	return out
}

// Facts are what the schedule needs to know about one person's care.
type Facts struct {
	// AssessedAt is the latest attended assessment appointment, if it was
	// recent enough to still call for its measures (AssessmentPromptDays).
	AssessedAt time.Time
	// EpisodeStart is the start of the current (or just ended) episode.
	EpisodeStart time.Time
	// EndingAt is when the episode ended, or its planned ending; zero if
	// neither.
	EndingAt time.Time
	// Last is when each measure was last recorded; SessionsSince counts
	// attended individual and group sessions in the episode after it (all
	// of them in the episode when never recorded in it).
	Last          map[string]time.Time
	SessionsSince map[string]int
}

// Due is a measure the person should be offered now, and why.
type Due struct {
	MeasureID string    `json:"measure"`
	Reason    string    `json:"reason"`
	Since     time.Time `json:"since"`
}

// assessmentWindow: a response this close before an assessment counts for
// it (the form is often sent out beforehand).
const assessmentWindow = 14 * 24 * time.Hour

// AssessmentPromptDays is how long after an attended assessment its
// measures are still prompted; later, the session rules take over.
const AssessmentPromptDays = 90

// endingWindow: a response this close before the ending counts for it.
const endingWindow = 28 * 24 * time.Hour

// DueNow lists what is due under rules, given the facts. One reason per
// measure, the earliest-standing one first: assessment, ending, sessions.
func DueNow(rules []ScheduleRule, f Facts) []Due {
	var out []Due
	for _, r := range rules {
		last := f.Last[r.MeasureID]
		switch {
		case r.AtAssessment && !f.AssessedAt.IsZero() && last.Before(f.AssessedAt.Add(-assessmentWindow)):
			out = append(out, Due{r.MeasureID, "at assessment", f.AssessedAt})
		case r.AtEnding && !f.EndingAt.IsZero() && last.Before(f.EndingAt.Add(-endingWindow)):
			out = append(out, Due{r.MeasureID, "at the ending of care", f.EndingAt})
		case r.EverySessions > 0 && !f.EpisodeStart.IsZero() && f.SessionsSince[r.MeasureID] >= r.EverySessions:
			n := f.SessionsSince[r.MeasureID]
			reason := fmt.Sprintf("every %d sessions: %d attended since it was last completed", r.EverySessions, n)
			if last.Before(f.EpisodeStart) {
				reason = fmt.Sprintf("every %d sessions: %d attended in this episode and not yet completed", r.EverySessions, n)
			}
			out = append(out, Due{r.MeasureID, reason, maxTime(last, f.EpisodeStart)})
		}
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
