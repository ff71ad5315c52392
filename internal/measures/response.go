package measures

import (
	"fmt"
	"strings"
	"time"

	"throughline/internal/problem"
)

// Sources of a response: entered by staff in session, or by the person in
// the portal.
const (
	SourceStaff  = "staff"
	SourcePortal = "portal"
)

// Response is one completed questionnaire, as recorded.
type Response struct {
	ID        int64  `json:"id"`
	PersonID  int64  `json:"person_id"`
	EpisodeID int64  `json:"episode_id,omitempty"`
	MeasureID string `json:"measure"`
	// TakenAt is when the person answered (staff may record a paper form
	// later).
	TakenAt time.Time `json:"taken_at"`
	Answers []*int    `json:"answers"`
	// GoalIDs are the care-plan goals a GBO rates, one per answer.
	GoalIDs       []int64   `json:"goal_ids,omitempty"`
	Score         Score     `json:"score"`
	RiskFlag      bool      `json:"risk_flag"`
	Source        string    `json:"source"`
	EnteredBy     int64     `json:"entered_by,omitempty"`
	EnteredByName string    `json:"entered_by_name,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	Version       int       `json:"version"`
}

// TaskRiskCheck is the kind of task a risk item answered above zero opens
// for the named worker.
const TaskRiskCheck = "risk-item-check"

// RiskCheckTitle is the task's wording: a check-in, not an alarm.
func RiskCheckTitle(m *Measure) string {
	return fmt.Sprintf("Check in about safety: %s risk item answered above zero", m.Name)
}

// Check validates answers item by item, with a field per item ("item-3") so
// that a form can mark the question, and then scores them. It applies the
// measure's own rule on missing items.
func (m *Measure) Check(answers []*int) (Score, error) {
	var v problem.Validation
	return m.check(&v, answers)
}

func (m *Measure) check(v *problem.Validation, answers []*int) (Score, error) {
	if len(answers) != m.Items {
		v.Add("answers", fmt.Sprintf("%s has %d questions; %d answers were sent", m.Name, m.Items, len(answers)))
		return Score{}, v.Err()
	}
	missing := 0
	for i, a := range answers {
		if a == nil {
			missing++
			continue
		}
		if *a < m.MinItem || *a > m.MaxItem {
			v.Add(ItemField(i+1), fmt.Sprintf("Question %d: choose an answer from %d to %d", i+1, m.MinItem, m.MaxItem))
		}
	}
	if answered := m.Items - missing; answered < m.Required {
		allowed := m.Items - m.Required
		why := fmt.Sprintf("%s can be scored with at most %d unanswered", m.Name, allowed)
		if allowed == 0 {
			why = m.Name + " needs every question answered"
		}
		for i, a := range answers {
			switch {
			case m.ID == "GBO":
				v.Add(ItemField(1), "Rate at least one goal")
			case a == nil && !m.AllowsNotApplicable(i+1):
				v.Add(ItemField(i+1), fmt.Sprintf("Question %d: choose an answer (%s)", i+1, why))
			}
		}
	}
	if err := v.Err(); err != nil {
		return Score{}, err
	}
	s, err := m.Score(answers)
	if err != nil {
		// Subscale rules (DIALOG) are the only ones left: show them whole.
		var v problem.Validation
		v.Add("answers", problem.Message(err))
		return Score{}, v.Err()
	}
	return s, nil
}

// ItemField is the form field of a question (1-based).
func ItemField(item int) string { return fmt.Sprintf("item-%d", item) }

// Validate checks the facts around the answers: who, when, how.
func (r Response) Validate(now time.Time) error {
	var v problem.Validation
	r.validate(&v, now)
	return v.Err()
}

// ScoreWith validates the response and its answers together (so a form
// shows every problem at once) and fills in the score and the risk flag.
func (r *Response) ScoreWith(m *Measure, now time.Time) error {
	var v problem.Validation
	r.validate(&v, now)
	s, err := m.check(&v, r.Answers)
	if err != nil {
		return err
	}
	r.MeasureID, r.Score, r.RiskFlag = m.ID, s, len(s.Flags) > 0
	return nil
}

func (r Response) validate(v *problem.Validation, now time.Time) {
	if r.PersonID == 0 {
		v.Add("person", "Choose the person who answered")
	}
	switch {
	case r.TakenAt.IsZero():
		v.Add("taken_on", "Enter the date the questions were answered")
	case r.TakenAt.After(now.Add(24 * time.Hour)):
		v.Add("taken_on", "The date is in the future; enter the date the questions were answered")
	case r.TakenAt.Before(now.AddDate(-2, 0, 0)):
		v.Add("taken_on", "The date is more than two years ago; check the year")
	}
	switch r.Source {
	case SourceStaff, SourcePortal:
	default:
		v.Add("source", "Say whether staff or the person entered the answers")
	}
	if r.MeasureID == "GBO" {
		if len(r.GoalIDs) != len(r.Answers) {
			v.Add("goals", "Each goal rating needs its goal")
		}
		seen := map[int64]bool{}
		for i, g := range r.GoalIDs {
			if g != 0 && seen[g] {
				v.Add(ItemField(i+1), fmt.Sprintf("Goal %d is the same goal as another; rate each goal once", i+1))
			}
			seen[g] = true
			if g == 0 && i < len(r.Answers) && r.Answers[i] != nil {
				v.Add(ItemField(i+1), fmt.Sprintf("Goal %d: choose which goal this rating is for", i+1))
			}
		}
	}
}

// FormatAnswers writes answers as the CLI takes them: comma-separated,
// empty for missing.
func FormatAnswers(answers []*int) string {
	parts := make([]string, len(answers))
	for i, a := range answers {
		if a != nil {
			parts[i] = fmt.Sprint(*a)
		}
	}
	return strings.Join(parts, ",")
}
