package store

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"time"

	"throughline/internal/care"
	"throughline/internal/measures"
)

// MeasureScheduleRules lists the configured rules (DefaultSchedule applies
// where none fits).
func (db *DB) MeasureScheduleRules(ctx context.Context) ([]measures.ScheduleRule, error) {
	return queryAll(ctx, db, "list measure schedule rules", `SELECT id, COALESCE(team_id, 0), modality, measure_id, at_assessment, every_sessions, at_ending
		FROM measure_schedule_rules ORDER BY id`, nil, func(rows scanner, r *measures.ScheduleRule) error {
		return rows.Scan(&r.ID, &r.TeamID, &r.Modality, &r.MeasureID, &r.AtAssessment, &r.EverySessions, &r.AtEnding)
	})
}

// DueFilter chooses whose due measures to list: one person, or the people
// a worker holds (named worker) or assessed recently.
type DueFilter struct {
	PersonID int64
	WorkerID int64
}

// DueRow is a measure due for a person, with the names a list shows.
type DueRow struct {
	measures.Due
	PersonID   int64
	PersonName string
	EpisodeID  int64
	TeamName   string
	Modality   string
	WorkerName string
}

// endedRecently: an ending prompt stays this long after the episode ends.
const endedRecently = 28 * 24 * time.Hour

type dueCase struct {
	row   DueRow
	team  int64
	facts measures.Facts
}

// MeasuresDue works out which measures are due from the facts of each
// person's care (attended assessment, attended sessions since each measure
// was last completed, ending) and the schedule rules. Not audited: it shows
// names and measure names only; the screens that show it audit.
func (db *DB) MeasuresDue(ctx context.Context, f DueFilter) ([]DueRow, error) {
	if f.PersonID == 0 && f.WorkerID == 0 {
		return nil, nil
	}
	now := db.Now()
	cases, err := db.dueEpisodes(ctx, f, now)
	if err != nil {
		return nil, err
	}
	if err := db.dueAssessments(ctx, f, now, &cases); err != nil {
		return nil, err
	}
	if err := db.dueHistory(ctx, cases); err != nil {
		return nil, err
	}
	rules, err := db.MeasureScheduleRules(ctx)
	if err != nil {
		return nil, err
	}
	var out []DueRow
	seen := map[string]bool{}
	// A caseload's cases share a few teams and modalities: the rules that
	// apply are worked out once for each pair, not once for each case.
	type scope struct {
		team     int64
		modality string
	}
	resolved := map[scope][]measures.ScheduleRule{}
	for _, c := range cases {
		k := scope{c.team, c.row.Modality}
		applying, ok := resolved[k]
		if !ok {
			applying = measures.Resolve(rules, c.team, c.row.Modality)
			resolved[k] = applying
		}
		for _, d := range measures.DueNow(applying, c.facts) {
			key := fmt.Sprint(c.row.PersonID, d.MeasureID)
			if seen[key] {
				continue
			}
			seen[key] = true
			row := c.row
			row.Due = d
			out = append(out, row)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].PersonName != out[j].PersonName {
			return out[i].PersonName < out[j].PersonName
		}
		return out[i].MeasureID < out[j].MeasureID
	})
	return out, nil
}

func (db *DB) dueEpisodes(ctx context.Context, f DueFilter, now time.Time) ([]*dueCase, error) {
	q := `SELECT e.id, e.person_id, e.team_id, e.modality, e.started_at, e.ended_at, p.given_name || ' ' || p.family_name, t.name, u.display_name
		FROM episodes e JOIN people p ON p.id = e.person_id JOIN teams t ON t.id = e.team_id JOIN users u ON u.id = e.named_worker_id
		WHERE (e.ended_at IS NULL OR e.ended_at >= ?)`
	args := []any{now.Add(-endedRecently)}
	if f.PersonID != 0 {
		q, args = q+` AND e.person_id = ?`, append(args, f.PersonID)
	}
	if f.WorkerID != 0 {
		q, args = q+` AND e.named_worker_id = ?`, append(args, f.WorkerID)
	}
	var out []*dueCase
	err := eachRow(ctx, db, "episodes for due measures", q+` ORDER BY e.started_at DESC, e.id DESC`, args, func(rows scanner) error {
		c := &dueCase{}
		out = append(out, c)
		return rows.Scan(&c.row.EpisodeID, &c.row.PersonID, &c.team, &c.row.Modality, dbTime{&c.facts.EpisodeStart}, dbTime{&c.facts.EndingAt},
			&c.row.PersonName, &c.row.TeamName, &c.row.WorkerName)
	})
	return out, err
}

// dueAssessments adds the latest recent attended assessment to each
// person's case, or a case of its own before any episode.
func (db *DB) dueAssessments(ctx context.Context, f DueFilter, now time.Time, cases *[]*dueCase) error {
	q := `SELECT a.person_id, MAX(a.starts_at), p.given_name || ' ' || p.family_name FROM appointments a JOIN people p ON p.id = a.person_id
		WHERE a.kind = ? AND a.outcome = ? AND a.starts_at >= ?`
	args := []any{string(care.KindAssessment), string(care.OutcomeAttended), now.AddDate(0, 0, -measures.AssessmentPromptDays)}
	if f.PersonID != 0 {
		q, args = q+` AND a.person_id = ?`, append(args, f.PersonID)
	}
	if f.WorkerID != 0 {
		q, args = q+` AND a.id IN (SELECT appointment_id FROM appointment_staff WHERE user_id = ?)`, append(args, f.WorkerID)
	}
	return eachRow(ctx, db, "assessments for due measures", q+` GROUP BY a.person_id, p.given_name, p.family_name`, args, func(rows scanner) error {
		var person int64
		var at time.Time
		var name string
		if err := rows.Scan(&person, dbTime{&at}, &name); err != nil {
			return err
		}
		found := false
		for _, c := range *cases {
			if c.row.PersonID == person {
				c.facts.AssessedAt, found = at, true
			}
		}
		if !found {
			*cases = append(*cases, &dueCase{row: DueRow{PersonID: person, PersonName: name}, facts: measures.Facts{AssessedAt: at}})
		}
		return nil
	})
}

// dueHistory fills in when each measure was last completed and how many
// sessions each episode has had since: one statement for all the cases
// (a worker's whole caseload), not two per case. Rows of kind 0 are a
// person's last completion of a measure, of kind 1 an episode's attended
// session. The times come as the store's own text on SQLite (the first
// part's MAX has no declared type, and names the column's type for the
// whole), which dbTime reads without time.Parse.
func (db *DB) dueHistory(ctx context.Context, cases []*dueCase) error {
	var people, episodes []int64
	for _, c := range cases {
		c.facts.Last, c.facts.SessionsSince = map[string]time.Time{}, map[string]int{}
		people = append(people, c.row.PersonID)
		if c.row.EpisodeID != 0 {
			episodes = append(episodes, c.row.EpisodeID)
		}
	}
	last := map[int64]map[string]time.Time{}
	sessions := map[int64][]time.Time{}
	for lo := 0; lo < max(len(people), len(episodes)); lo += continuityChunk {
		q, args := appendIn(`SELECT 0, person_id, measure_id, MAX(taken_at) FROM measure_responses WHERE person_id IN (0`, nil, people[min(lo, len(people)):min(lo+continuityChunk, len(people))])
		q, args = appendIn(q+`) GROUP BY person_id, measure_id
			UNION ALL SELECT 1, episode_id, '', starts_at FROM appointments WHERE outcome = ? AND kind IN (?, ?) AND episode_id IN (0`,
			append(args, string(care.OutcomeAttended), string(care.KindIndividual), string(care.KindGroup)), episodes[min(lo, len(episodes)):min(lo+continuityChunk, len(episodes))])
		err := eachRow(ctx, db, "measure and session history", q+`)`, args, func(rows scanner) error {
			var kind int
			var id int64
			var measure string
			var at time.Time
			if err := rows.Scan(&kind, &id, &measure, dbTime{&at}); err != nil {
				return err
			}
			if kind == 1 {
				sessions[id] = append(sessions[id], at)
				return nil
			}
			if last[id] == nil {
				last[id] = map[string]time.Time{}
			}
			last[id][measure] = at
			return nil
		})
		if err != nil {
			return err
		}
	}
	ids := measures.IDs()
	for _, c := range cases {
		maps.Copy(c.facts.Last, last[c.row.PersonID])
		if c.row.EpisodeID == 0 {
			continue
		}
		for _, m := range ids {
			for _, s := range sessions[c.row.EpisodeID] {
				if s.After(c.facts.Last[m]) {
					c.facts.SessionsSince[m]++
				}
			}
		}
	}
	return nil
}
