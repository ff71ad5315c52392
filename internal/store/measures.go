package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/problem"
)

// RecordMeasure scores and stores one completed questionnaire, audited. The
// response joins the person's open episode unless it names one. A GBO rates
// the person's own care-plan goals, so each rating is also written to the
// goal's ratings (source "gbo"). A risk item answered above zero opens a
// check-in task for the named worker (or the member of staff entering it),
// returned when one was created.
func (t *Tx) RecordMeasure(ctx context.Context, a auth.Actor, r *measures.Response) (*care.Task, error) {
	m, ok := measures.Catalogue()[r.MeasureID]
	if !ok {
		return nil, problem.Errorf(problem.NotFound, "No measure called %q", r.MeasureID)
	}
	now := t.db.Now().Truncate(time.Microsecond)
	if r.Source == "" {
		r.Source = measures.SourceStaff
		if a.User.Role == auth.ServiceUser {
			r.Source = measures.SourcePortal
		}
	}
	if err := r.ScoreWith(m, now); err != nil {
		return nil, err
	}
	worker, err := t.responseEpisode(ctx, r)
	if err != nil {
		return nil, err
	}
	if m.ID == "GBO" {
		if err := t.checkGoals(ctx, r); err != nil {
			return nil, err
		}
	}
	answers, _ := json.Marshal(r.Answers)
	goals, _ := json.Marshal(r.GoalIDs)
	subs, _ := json.Marshal(r.Score.Subscales)
	flags, _ := json.Marshal(r.Score.Flags)
	r.CreatedAt, r.Version, r.EnteredBy = now, 1, a.User.ID
	r.ID, err = t.insertID(ctx, `INSERT INTO measure_responses (person_id, episode_id, measure_id, taken_at, answers, goal_ids, total, subscales, severity,
		is_case, missing, prorated, risk_flag, flags, source, entered_by, created_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		r.PersonID, nullID(r.EpisodeID), r.MeasureID, r.TakenAt.UTC(), string(answers), string(goals), r.Score.Total, string(subs), r.Score.Severity,
		r.Score.Case, r.Score.Missing, r.Score.Prorated, r.RiskFlag, string(flags), r.Source, nullID(a.User.ID), now)
	if err != nil {
		return nil, fmt.Errorf("insert measure response: %w", err)
	}
	if m.ID == "GBO" {
		for i, g := range r.GoalIDs {
			if g == 0 || r.Answers[i] == nil {
				continue
			}
			gr := care.GoalRating{GoalID: g, At: r.TakenAt, Rating: *r.Answers[i], Source: "gbo"}
			if err := t.insertRating(ctx, a, &gr); err != nil {
				return nil, err
			}
		}
	}
	var task *care.Task
	if r.RiskFlag {
		if worker == 0 && a.User.Role != auth.ServiceUser {
			worker = a.User.ID
		}
		if worker != 0 {
			task = &care.Task{PersonID: r.PersonID, AssigneeID: worker, Kind: measures.TaskRiskCheck, Title: measures.RiskCheckTitle(m),
				DueOn: now, CreatedAt: now}
			if err := t.addTask(ctx, a, task); err != nil {
				return nil, err
			}
		}
	}
	return task, t.audit(ctx, a.Event(auth.ActionCreate, r.PersonID, fmt.Sprintf("measure/%d", r.ID)))
}

// RecordMeasure records a response in its own transaction.
func (db *DB) RecordMeasure(ctx context.Context, a auth.Actor, r *measures.Response) (*care.Task, error) {
	var task *care.Task
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		task, err = tx.RecordMeasure(ctx, a, r)
		return err
	})
	return task, err
}

// responseEpisode settles which episode a response belongs to and returns
// that episode's named worker.
func (t *Tx) responseEpisode(ctx context.Context, r *measures.Response) (int64, error) {
	var worker, person int64
	if r.EpisodeID != 0 {
		err := t.lookup(ctx, "episodes", episodeOwnerSQL, []any{r.EpisodeID}, &person, &worker)
		if err != nil || person != r.PersonID {
			return 0, fieldProblem("episode", "Choose one of this person's episodes of care")
		}
		return worker, nil
	}
	err := t.queryRow(ctx, `SELECT id, named_worker_id FROM episodes WHERE person_id = ? AND ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1`,
		r.PersonID).Scan(&r.EpisodeID, &worker)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return worker, err
}

// checkGoals makes sure a GBO rates the person's own goals.
func (t *Tx) checkGoals(ctx context.Context, r *measures.Response) error {
	for i, g := range r.GoalIDs {
		if g == 0 {
			continue
		}
		var person int64
		var status string
		err := t.lookup(ctx, "goals", goalOwnerSQL, []any{g}, &person, &status)
		if err != nil || person != r.PersonID {
			return fieldProblem(measures.ItemField(i+1), fmt.Sprintf("Goal %d: choose one of this person's goals", i+1))
		}
		// Achieved and set-aside goals keep their last rating; a GBO rates
		// the goals the person is working on now.
		if status != care.GoalActive {
			return fieldProblem(measures.ItemField(i+1), fmt.Sprintf("Goal %d is %s: choose one of the goals the person is working on now", i+1, strings.ToLower(care.GoalStatusLabel(status))))
		}
	}
	return nil
}

const responseColumns = `r.id, r.person_id, COALESCE(r.episode_id, 0), r.measure_id, r.taken_at, r.answers, r.goal_ids, r.total, r.subscales, r.severity,
	r.is_case, r.missing, r.prorated, r.risk_flag, r.flags, r.source, COALESCE(r.entered_by, 0), COALESCE(u.display_name, ''), r.created_at, r.version`

func scanResponse(s scanner, r *measures.Response) error {
	var answers, goals, subs, flags string
	err := s.Scan(&r.ID, &r.PersonID, &r.EpisodeID, &r.MeasureID, dbTime{&r.TakenAt}, &answers, &goals, &r.Score.Total, &subs, &r.Score.Severity,
		&r.Score.Case, &r.Score.Missing, &r.Score.Prorated, &r.RiskFlag, &flags, &r.Source, &r.EnteredBy, &r.EnteredByName, dbTime{&r.CreatedAt}, &r.Version)
	if err != nil {
		return err
	}
	r.Score.Measure = r.MeasureID
	for _, x := range []struct {
		text string
		into any
	}{{answers, &r.Answers}, {goals, &r.GoalIDs}, {subs, &r.Score.Subscales}, {flags, &r.Score.Flags}} {
		if err := json.Unmarshal([]byte(x.text), x.into); err != nil {
			return fmt.Errorf("read measure response %d: %w", r.ID, err)
		}
	}
	return nil
}

// measureResponses lists a person's responses, oldest first, unaudited.
func (db *DB) measureResponses(ctx context.Context, personID int64) ([]measures.Response, error) {
	return queryAll(ctx, db, "list measure responses", `SELECT `+responseColumns+` FROM measure_responses r LEFT JOIN users u ON u.id = r.entered_by
		WHERE r.person_id = ? ORDER BY r.taken_at, r.id`, []any{personID}, scanResponse)
}

// MeasureResponses lists a person's completed measures, oldest first,
// audited as a view of their record.
func (db *DB) MeasureResponses(ctx context.Context, a auth.Actor, personID int64) ([]measures.Response, error) {
	out, err := db.measureResponses(ctx, personID)
	if err != nil {
		return nil, err
	}
	return out, db.Audit(ctx, a, auth.ActionView, personID, "measures")
}

// MeasureResult is one response with the risk check-in task it opened.
type MeasureResult struct {
	measures.Response
	Task         *care.Task
	AssigneeName string
}

// MeasureResponse reads one of a person's responses, audited.
func (db *DB) MeasureResponse(ctx context.Context, a auth.Actor, personID, id int64) (MeasureResult, error) {
	var res MeasureResult
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		err := scanResponse(tx.queryRow(ctx, `SELECT `+responseColumns+` FROM measure_responses r LEFT JOIN users u ON u.id = r.entered_by
			WHERE r.id = ? AND r.person_id = ?`, id, personID), &res.Response)
		if err != nil {
			return notFound(err, "measure response")
		}
		if res.RiskFlag {
			var task care.Task
			var due string
			err := tx.queryRow(ctx, `SELECT t.id, t.assignee_id, t.title, t.due_on, t.done_at, u.display_name FROM tasks t JOIN users u ON u.id = t.assignee_id
				WHERE t.person_id = ? AND t.kind = ? AND t.created_at = ? AND t.title = ? ORDER BY t.id LIMIT 1`,
				personID, measures.TaskRiskCheck, res.CreatedAt, measures.RiskCheckTitle(measures.Catalogue()[res.MeasureID])).
				Scan(&task.ID, &task.AssigneeID, &task.Title, &due, dbTime{&task.DoneAt}, &res.AssigneeName)
			if err == nil {
				task.DueOn, task.PersonID, task.Kind = parseDateText(due), personID, measures.TaskRiskCheck
				res.Task = &task
			} else if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("risk task of measure response %d: %w", id, err)
			}
		}
		audit(a.Event(auth.ActionView, personID, fmt.Sprintf("measure/%d", id)))
		return nil
	})
	return res, err
}

// fieldProblem is an Invalid error about one form field.
func fieldProblem(field, message string) error {
	var v problem.Validation
	v.Add(field, message)
	return v.Err()
}
