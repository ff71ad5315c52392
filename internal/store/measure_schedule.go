package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
)

// ScheduleRuleRow is a configured schedule rule with its version and the
// name of its team ("" for every team).
type ScheduleRuleRow struct {
	measures.ScheduleRule
	Version  int
	TeamName string
}

// ScheduleChange is one entry in the record of changes to schedule rules.
type ScheduleChange struct {
	At        time.Time
	By        string
	TeamID    int64
	TeamName  string
	Modality  string
	MeasureID string
	Change    string
}

const scheduleRuleColumns = `r.id, COALESCE(r.team_id, 0), r.modality, r.measure_id, r.at_assessment, r.every_sessions, r.at_ending, r.version, COALESCE(t.name, '')`

func scanScheduleRule(s scanner, r *ScheduleRuleRow) error {
	return s.Scan(&r.ID, &r.TeamID, &r.Modality, &r.MeasureID, &r.AtAssessment, &r.EverySessions, &r.AtEnding, &r.Version, &r.TeamName)
}

// ScheduleRuleRows lists every configured rule with its version and team
// name, by team, modality and measure.
func (db *DB) ScheduleRuleRows(ctx context.Context) ([]ScheduleRuleRow, error) {
	return queryAll(ctx, db, "list schedule rules", `SELECT `+scheduleRuleColumns+` FROM measure_schedule_rules r LEFT JOIN teams t ON t.id = r.team_id
		ORDER BY COALESCE(t.name, ''), r.modality, r.measure_id, r.id`, nil, scanScheduleRule)
}

// ScheduleRule reads one configured rule.
func (db *DB) ScheduleRule(ctx context.Context, id int64) (ScheduleRuleRow, error) {
	var r ScheduleRuleRow
	err := scanScheduleRule(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+scheduleRuleColumns+` FROM measure_schedule_rules r
		LEFT JOIN teams t ON t.id = r.team_id WHERE r.id = ?`), id), &r)
	if err != nil {
		return r, notFound(err, "schedule rule")
	}
	return r, nil
}

func (t *Tx) scheduleRule(ctx context.Context, id int64) (ScheduleRuleRow, error) {
	var r ScheduleRuleRow
	err := scanScheduleRule(t.queryRow(ctx, `SELECT `+scheduleRuleColumns+` FROM measure_schedule_rules r
		LEFT JOIN teams t ON t.id = r.team_id WHERE r.id = ?`, id), &r)
	if err != nil {
		return r, notFound(err, "schedule rule")
	}
	return r, nil
}

// scheduleConflict is the message for a rule someone else saved first.
const scheduleConflict = "Someone else changed this rule while you were editing it; compare the two below"

// SaveScheduleRule adds a rule (r.ID 0) or changes one if nobody has
// changed it since version was read, keeping who changed what and when.
// One rule per team, modality and measure: a second is refused with a
// pointer to the first.
func (db *DB) SaveScheduleRule(ctx context.Context, a auth.Actor, r *measures.ScheduleRule, version int) error {
	if err := r.Validate(care.Modalities); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if r.TeamID != 0 {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM teams WHERE id = ?`, r.TeamID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldProblem("team", "Choose a team")
			}
		}
		var other int64
		err := tx.queryRow(ctx, `SELECT id FROM measure_schedule_rules WHERE COALESCE(team_id, 0) = ? AND modality = ? AND measure_id = ? AND id <> ?`,
			r.TeamID, r.Modality, r.MeasureID, r.ID).Scan(&other)
		switch {
		case err == nil:
			return fieldProblem("measure", fmt.Sprintf("There is already a rule for %s for this team and modality: change that one instead", r.MeasureID))
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("check schedule rules: %w", err)
		}
		change, action := "Added: "+r.InWords(), auth.ActionCreate
		if r.ID == 0 {
			err = tx.queryRow(ctx, `INSERT INTO measure_schedule_rules (team_id, modality, measure_id, at_assessment, every_sessions, at_ending, version)
				VALUES (?, ?, ?, ?, ?, ?, 1) RETURNING id`, nullID(r.TeamID), r.Modality, r.MeasureID, r.AtAssessment, r.EverySessions, r.AtEnding).Scan(&r.ID)
			if err != nil {
				return fmt.Errorf("insert schedule rule: %w", err)
			}
		} else {
			old, err := tx.scheduleRule(ctx, r.ID)
			if err != nil {
				return err
			}
			if old.Version != version {
				return problem.Errorf(problem.Conflict, scheduleConflict)
			}
			res, err := tx.exec(ctx, `UPDATE measure_schedule_rules SET team_id = ?, modality = ?, measure_id = ?, at_assessment = ?, every_sessions = ?, at_ending = ?,
				version = version + 1 WHERE id = ? AND version = ?`, nullID(r.TeamID), r.Modality, r.MeasureID, r.AtAssessment, r.EverySessions, r.AtEnding, r.ID, version)
			if err != nil {
				return fmt.Errorf("update schedule rule %d: %w", r.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return problem.Errorf(problem.Conflict, scheduleConflict)
			}
			change, action = fmt.Sprintf("Changed from %s to %s", old.InWords(), r.InWords()), auth.ActionUpdate
			if old.TeamID != r.TeamID || old.Modality != r.Modality || old.MeasureID != r.MeasureID {
				change = fmt.Sprintf("Changed from %s (%s) to %s", old.InWords(), scopeWords(old.TeamName, old.Modality, old.MeasureID), r.InWords())
			}
		}
		if err := tx.scheduleChange(ctx, a, r.ID, *r, change); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(action, 0, fmt.Sprintf("measure-schedule/%d", r.ID)))
	})
}

// RemoveScheduleRule removes a rule if nobody has changed it since
// version was read; the next most specific rule, or the default, applies.
func (db *DB) RemoveScheduleRule(ctx context.Context, a auth.Actor, id int64, version int) error {
	return db.Update(ctx, func(tx *Tx) error {
		old, err := tx.scheduleRule(ctx, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return problem.Errorf(problem.Conflict, scheduleConflict)
		}
		if _, err := tx.exec(ctx, `DELETE FROM measure_schedule_rules WHERE id = ? AND version = ?`, id, version); err != nil {
			return fmt.Errorf("remove schedule rule %d: %w", id, err)
		}
		if err := tx.scheduleChange(ctx, a, id, old.ScheduleRule, "Removed (was "+old.InWords()+")"); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, fmt.Sprintf("measure-schedule/%d", id)))
	})
}

func scopeWords(team, modality, measure string) string {
	if team == "" {
		team = "every team"
	}
	if modality == "" {
		modality = "any modality"
	}
	return measure + ", " + team + ", " + modality
}

func (t *Tx) scheduleChange(ctx context.Context, a auth.Actor, ruleID int64, r measures.ScheduleRule, change string) error {
	_, err := t.exec(ctx, `INSERT INTO measure_schedule_changes (rule_id, team_id, modality, measure_id, change, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		ruleID, nullID(r.TeamID), r.Modality, r.MeasureID, change, nullID(a.User.ID), t.db.Now().UTC())
	if err != nil {
		return fmt.Errorf("record schedule change: %w", err)
	}
	return nil
}

// ScheduleChanges lists the latest limit changes to schedule rules (0 = 50,
// see MaxLimit), newest first: every change when teams is nil, else those teams' rules and
// the rules for every team.
func (db *DB) ScheduleChanges(ctx context.Context, teams []int64, limit int) ([]ScheduleChange, error) {
	q := `SELECT c.changed_at, COALESCE(u.display_name, ''), COALESCE(c.team_id, 0), COALESCE(t.name, ''), c.modality, c.measure_id, c.change
		FROM measure_schedule_changes c LEFT JOIN users u ON u.id = c.changed_by LEFT JOIN teams t ON t.id = c.team_id`
	var args []any
	if teams != nil {
		q += ` WHERE c.team_id IS NULL`
		for _, id := range teams {
			q += ` OR c.team_id = ?`
			args = append(args, id)
		}
	}
	limitClause, err := limitSQL("schedule changes", limit, 50)
	if err != nil {
		return nil, err
	}
	q += ` ORDER BY c.changed_at DESC, c.id DESC` + limitClause
	return queryAll(ctx, db, "list schedule changes", q, args, func(rows scanner, c *ScheduleChange) error {
		return rows.Scan(dbTime{&c.At}, &c.By, &c.TeamID, &c.TeamName, &c.Modality, &c.MeasureID, &c.Change)
	})
}
