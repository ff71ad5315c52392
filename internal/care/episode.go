package care

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// Episode is a period of care with a team and a named worker. Its intensity,
// modality and team can change without a new referral; each change is an
// EpisodeEvent with a reason.
type Episode struct {
	ID            int64
	PersonID      int64
	TeamID        int64
	NamedWorkerID int64
	Pathway       string // PathwayCommunity or PathwayTherapies
	Modality      string // SCM, MBT, DIT, DBT
	Intensity     string // an Intensities level
	StartedAt     time.Time
	EndedAt       time.Time // zero while open
	Version       int
}

// Active reports whether the episode has not ended.
func (e Episode) Active() bool { return e.EndedAt.IsZero() }

// Episode changes refused once an episode has ended, each worded for CheckActive.
const (
	ChangeCarePlan   = "its care plan can no longer be changed"
	ChangeGoals      = "goals can no longer be added to it"
	ChangeMedication = "medication can no longer be added to it"
	ChangeGroups     = "the person cannot join a group through it"
	ChangeEpisode    = "re-access or a new episode is needed to change it"
	ChangeEnding     = "it cannot be ended again"
)

// CheckActive is the one rule for changes to an ended episode: they are
// refused as a conflict, saying what can no longer happen (a Change…
// phrase). Re-access opens a new, linked episode instead.
func (e Episode) CheckActive(change string) error {
	if e.Active() {
		return nil
	}
	return problem.Errorf(problem.Conflict, "This episode ended on %s; %s", uktime.In(e.EndedAt).Format("2 January 2006"), change)
}

// Pathways.
const (
	PathwayCommunity = "community-scm" // Community Team, structured clinical management
	PathwayTherapies = "therapies"     // Therapies Team: MBT, DIT or DBT
)

// Modalities each pathway offers.
var pathwayModalities = map[string][]string{
	PathwayCommunity: {"SCM"},
	PathwayTherapies: {"MBT", "DIT", "DBT"},
}

// Modalities lists every modality in the order forms offer them.
var Modalities = []string{"SCM", "MBT", "DIT", "DBT"}

// PathwayLabel is the plain-language name of a pathway.
func PathwayLabel(p string) string {
	switch p {
	case PathwayCommunity:
		return "Community Team (structured clinical management)"
	case PathwayTherapies:
		return "Therapies Team"
	}
	return p
}

// PathwayFor is the pathway a modality belongs to, or "".
func PathwayFor(modality string) string {
	for p, ms := range pathwayModalities {
		if slices.Contains(ms, modality) {
			return p
		}
	}
	return ""
}

// Intensity is a level of support within an episode, with the weight it
// adds to the named worker's caseload.
type Intensity struct {
	Code   string
	Label  string
	Weight int // caseload points: how much of a worker's time the level takes
}

// Intensities from lowest to highest. A standard episode counts 2 points,
// so a worker holding 20 people at standard intensity carries 40.
var Intensities = []Intensity{
	{"low", "Low: keeping in touch, fortnightly or less", 1},
	{"standard", "Standard: weekly sessions", 2},
	{"high", "High: more than weekly, with extra support", 3},
}

// IntensityStandard is where episodes start unless decided otherwise.
const IntensityStandard = "standard"

func intensityIndex(code string) int {
	return slices.IndexFunc(Intensities, func(i Intensity) bool { return i.Code == code })
}

// IntensityLabel is the plain-language name of a level.
func IntensityLabel(code string) string {
	if i := intensityIndex(code); i >= 0 {
		return Intensities[i].Label
	}
	if code == "" {
		return "Not set"
	}
	return code
}

// IntensityWeight is a level's caseload weight; an unset or unknown level
// counts as standard, so that nobody is weighed as nothing.
func IntensityWeight(code string) int {
	if i := intensityIndex(code); i >= 0 {
		return Intensities[i].Weight
	}
	return Intensities[intensityIndex(IntensityStandard)].Weight
}

// EpisodeEventKind is what changed in an episode.
type EpisodeEventKind string

// Kinds of episode change.
const (
	EventStepUp   EpisodeEventKind = "step-up"
	EventStepDown EpisodeEventKind = "step-down"
	EventModality EpisodeEventKind = "switch-modality"
	EventTeam     EpisodeEventKind = "switch-team"
	EventReassign EpisodeEventKind = "reassign"
)

// Label is the plain-language name of the change.
func (k EpisodeEventKind) Label() string {
	switch k {
	case EventStepUp:
		return "Stepped up"
	case EventStepDown:
		return "Stepped down"
	case EventModality:
		return "Changed modality"
	case EventTeam:
		return "Moved to another team"
	case EventReassign:
		return "New named worker"
	}
	return string(k)
}

// EpisodeEvent is one change in an episode's history: who, when, from
// what to what, and why.
type EpisodeEvent struct {
	ID           int64
	EpisodeID    int64
	PersonID     int64
	At           time.Time
	UserID       int64
	UserName     string
	Kind         EpisodeEventKind
	From, To     string
	Reason       string
	HandoverNote string
}

// MaxReasonLength bounds a reason or handover note.
const MaxReasonLength = 5000

func checkReason(v *problem.Validation, field, reason, missing string) {
	switch n := len(strings.TrimSpace(reason)); {
	case n == 0:
		v.Add(field, missing)
	case len(reason) > MaxReasonLength:
		v.Add(field, "This must be 5,000 characters or fewer")
	}
}

// ValidatePathway checks the pathway and modality fit: the Community Team
// offers SCM, the Therapies Team MBT, DIT or DBT.
func ValidatePathway(pathway, modality string) error {
	var v problem.Validation
	ms, ok := pathwayModalities[pathway]
	switch {
	case !ok:
		v.Add("pathway", "Choose the Community Team or the Therapies Team pathway")
	case !slices.Contains(ms, modality) && pathway == PathwayCommunity:
		v.Add("modality", "The Community Team pathway offers structured clinical management (SCM)")
	case !slices.Contains(ms, modality):
		v.Add("modality", "The Therapies Team pathway offers MBT, DIT or DBT")
	}
	return v.Err()
}

// Step moves the intensity one level up (up = true) or down, with a reason.
// Beyond the highest or below the lowest level is refused. An episode
// whose level was never set has no level to step from, and the system
// does not guess one: the worker names the level it moves to (level); a
// level is not read when the episode has one.
func (e Episode) Step(up bool, level, reason string) (Episode, EpisodeEvent, error) {
	if err := e.CheckActive(ChangeEpisode); err != nil {
		return e, EpisodeEvent{}, err
	}
	var v problem.Validation
	checkReason(&v, "reason", reason, "Say why the support is changing")
	kind := map[bool]EpisodeEventKind{true: EventStepUp, false: EventStepDown}[up]
	next := -1
	switch i := intensityIndex(e.Intensity); {
	case i < 0 && level == "":
		v.Add("level", "Support has no level recorded yet: choose the level it moves to")
	case i < 0:
		if next = intensityIndex(level); next < 0 {
			v.Add("level", "Choose a level of support from the list")
		}
	case up && i+1 >= len(Intensities):
		v.Add("direction", "Support is already at the highest level ("+Intensities[i].Label+")")
	case !up && i == 0:
		v.Add("direction", "Support is already at the lowest level ("+Intensities[i].Label+")")
	case up:
		next = i + 1
	default:
		next = i - 1
	}
	if err := v.Err(); err != nil {
		return e, EpisodeEvent{}, err
	}
	ev := EpisodeEvent{EpisodeID: e.ID, PersonID: e.PersonID, Kind: kind, From: e.Intensity, To: Intensities[next].Code, Reason: strings.TrimSpace(reason)}
	e.Intensity = Intensities[next].Code
	return e, ev, nil
}

// SwitchModality changes the modality within the episode's pathway.
func (e Episode) SwitchModality(modality, reason string) (Episode, EpisodeEvent, error) {
	if err := e.CheckActive(ChangeEpisode); err != nil {
		return e, EpisodeEvent{}, err
	}
	var v problem.Validation
	checkReason(&v, "reason", reason, "Say why the modality is changing")
	if modality == e.Modality {
		v.Add("modality", "The episode is already "+modality+"; choose a different modality")
	} else if err := ValidatePathway(e.Pathway, modality); err != nil {
		v.Add("modality", problem.Fields(err)["modality"]+"; to change pathway, move the episode to the other team")
	}
	if err := v.Err(); err != nil {
		return e, EpisodeEvent{}, err
	}
	ev := EpisodeEvent{EpisodeID: e.ID, PersonID: e.PersonID, Kind: EventModality, From: e.Modality, To: modality, Reason: strings.TrimSpace(reason)}
	e.Modality = modality
	return e, ev, nil
}

// SwitchTeam moves the episode to another team and pathway without a new
// referral. The named worker changes too, so a handover note is needed.
func (e Episode) SwitchTeam(teamID int64, pathway, modality string, workerID int64, reason, handover string) (Episode, []EpisodeEvent, error) {
	if err := e.CheckActive(ChangeEpisode); err != nil {
		return e, nil, err
	}
	var v problem.Validation
	if teamID == 0 {
		v.Add("team", "Choose the team the episode moves to")
	} else if teamID == e.TeamID {
		v.Add("team", "The episode is already with this team; to change modality use the modality form")
	}
	if err := ValidatePathway(pathway, modality); err != nil {
		for _, f := range []string{"pathway", "modality"} {
			if msg := problem.Fields(err)[f]; msg != "" {
				v.Add(f, msg)
			}
		}
	}
	if workerID == 0 {
		v.Add("worker", "Choose the named worker in the new team")
	}
	checkReason(&v, "reason", reason, "Say why the episode is moving to another team")
	checkReason(&v, "handover", handover, "Write a handover note for the new named worker")
	if err := v.Err(); err != nil {
		return e, nil, err
	}
	evs := []EpisodeEvent{{EpisodeID: e.ID, PersonID: e.PersonID, Kind: EventTeam, From: strconv.FormatInt(e.TeamID, 10) + " " + e.Modality,
		To: strconv.FormatInt(teamID, 10) + " " + modality, Reason: strings.TrimSpace(reason)}}
	if workerID != e.NamedWorkerID {
		evs = append(evs, EpisodeEvent{EpisodeID: e.ID, PersonID: e.PersonID, Kind: EventReassign, From: strconv.FormatInt(e.NamedWorkerID, 10),
			To: strconv.FormatInt(workerID, 10), Reason: strings.TrimSpace(reason), HandoverNote: strings.TrimSpace(handover)})
	}
	e.TeamID, e.Pathway, e.Modality, e.NamedWorkerID = teamID, pathway, modality, workerID
	return e, evs, nil
}

// Reassign names a new worker. The history keeps the old one, and the
// handover note is what the new worker reads before introducing themselves.
func (e Episode) Reassign(workerID int64, reason, handover string) (Episode, EpisodeEvent, error) {
	if err := e.CheckActive(ChangeEpisode); err != nil {
		return e, EpisodeEvent{}, err
	}
	var v problem.Validation
	switch workerID {
	case 0:
		v.Add("worker", "Choose the new named worker")
	case e.NamedWorkerID:
		v.Add("worker", "This is already the named worker; choose someone else")
	}
	checkReason(&v, "reason", reason, "Say why the named worker is changing")
	checkReason(&v, "handover", handover, "Write a handover note for the new named worker")
	if err := v.Err(); err != nil {
		return e, EpisodeEvent{}, err
	}
	ev := EpisodeEvent{EpisodeID: e.ID, PersonID: e.PersonID, Kind: EventReassign, From: strconv.FormatInt(e.NamedWorkerID, 10),
		To: strconv.FormatInt(workerID, 10), Reason: strings.TrimSpace(reason), HandoverNote: strings.TrimSpace(handover)}
	e.NamedWorkerID = workerID
	return e, ev, nil
}

// HandoverTaskTitle is the task the new named worker gets.
const HandoverTaskTitle = "Read the handover note and introduce yourself"

// TaskHandover is the kind of that task.
const TaskHandover = "handover"

// IntensityLabel is the episode's intensity in words.
func (e Episode) IntensityLabel() string { return IntensityLabel(e.Intensity) }

// PathwayLabel is the episode's pathway in words.
func (e Episode) PathwayLabel() string { return PathwayLabel(e.Pathway) }

// FromLabel is what the episode changed from, in words.
func (ev EpisodeEvent) FromLabel() string { return ev.valueLabel(ev.From) }

// ToLabel is what the episode changed to, in words.
func (ev EpisodeEvent) ToLabel() string { return ev.valueLabel(ev.To) }

func (ev EpisodeEvent) valueLabel(v string) string {
	if ev.Kind == EventStepUp || ev.Kind == EventStepDown {
		if i := intensityIndex(v); i >= 0 {
			label, _, _ := strings.Cut(Intensities[i].Label, ":")
			return label
		}
	}
	return v
}
