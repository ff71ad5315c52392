package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/staff"
)

// SetCapacity sets a worker's caseload limit, by a manager of one of
// their teams, audited.
func (db *DB) SetCapacity(ctx context.Context, a auth.Actor, c staff.Capacity) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		teams, err := queryAll(ctx, tx, "worker's teams", `SELECT team_id FROM team_members WHERE user_id = ?`, []any{c.UserID}, scanValue[int64])
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(teams, func(id int64) bool { return slices.Contains(a.User.TeamIDs, id) }) {
			return invalidField("worker", "Choose someone in your teams")
		}
		if _, err := tx.exec(ctx, `DELETE FROM staff_capacity WHERE user_id = ?`, c.UserID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO staff_capacity (user_id, full_time, time_percent, set_by, set_at) VALUES (?, ?, ?, ?, ?)`,
			c.UserID, c.FullTime, c.TimePercent, nullID(a.User.ID), tx.db.Now()); err != nil {
			return fmt.Errorf("set capacity: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, fmt.Sprintf("user/%d/capacity", c.UserID)))
	})
}

// WorkerCapacity is one worker's weighted caseload, across all their
// teams, against their limit.
type WorkerCapacity struct {
	UserID   int64
	Name     string
	Capacity staff.Capacity
	Load     staff.Load
}

// Capacities measures every named worker in the teams (clinicians and
// peer workers), by name.
func (db *DB) Capacities(ctx context.Context, teamIDs []int64) ([]WorkerCapacity, error) {
	q, args := appendIn(`SELECT DISTINCT u.id, u.display_name, COALESCE(c.full_time, 0), COALESCE(c.time_percent, 100) FROM users u
		JOIN team_members tm ON tm.user_id = u.id LEFT JOIN staff_capacity c ON c.user_id = u.id
		WHERE NOT u.disabled AND u.role IN ('clinician', 'peer-worker') AND tm.team_id IN (0`, nil, teamIDs)
	out, err := queryAll(ctx, db, "capacities", q+`) ORDER BY u.display_name, u.id`, args, func(rows scanner, w *WorkerCapacity) error {
		err := rows.Scan(&w.UserID, &w.Name, &w.Capacity.FullTime, &w.Capacity.TimePercent)
		w.Capacity.UserID = w.UserID
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, w := range out {
		ids[i] = w.UserID
	}
	weighted, err := db.weightedLoads(ctx, ids)
	for i := range out {
		out[i].Load = staff.Measure(weighted[out[i].UserID], out[i].Capacity)
	}
	return out, err
}

// weightedLoads totals each worker's active episodes, in every team,
// weighted by intensity.
func (db *DB) weightedLoads(ctx context.Context, workerIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	q, args := appendIn(`SELECT named_worker_id, intensity, COUNT(*) FROM episodes WHERE ended_at IS NULL AND named_worker_id IN (0`, nil, workerIDs)
	err := eachRow(ctx, db, "weighted loads", q+`) GROUP BY named_worker_id, intensity`, args, func(rows scanner) error {
		var id int64
		var intensity string
		var n int
		if err := rows.Scan(&id, &intensity, &n); err != nil {
			return err
		}
		out[id] += n * care.IntensityWeight(intensity)
		return nil
	})
	return out, err
}

// AllocationFlag is a warning shown when work was allocated, and what was decided.
type AllocationFlag struct {
	EpisodeID, GroupID, WorkerID int64
	Kind                         string // training or capacity
	Reason, Decision             string
}

// RecordAllocationFlags keeps the warnings shown at one allocation, audited.
func (db *DB) RecordAllocationFlags(ctx context.Context, a auth.Actor, personID int64, flags []AllocationFlag) error {
	if len(flags) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		for _, f := range flags {
			if f.Kind != "training" && f.Kind != "capacity" {
				return problem.Errorf(problem.Invalid, "Unknown allocation flag %q", f.Kind)
			}
			var id int64
			if err := tx.queryRow(ctx, `INSERT INTO allocation_flags (episode_id, group_id, worker_id, kind, reason, decision, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				nullID(f.EpisodeID), nullID(f.GroupID), f.WorkerID, f.Kind, f.Reason, f.Decision, nullID(a.User.ID), tx.db.Now()).Scan(&id); err != nil {
				return fmt.Errorf("record allocation flag: %w", err)
			}
			if err := tx.audit(ctx, a.Event(auth.ActionCreate, personID, fmt.Sprintf("allocation-flag/%d", id))); err != nil {
				return err
			}
		}
		return nil
	})
}

// AllocationFlags lists the flags recorded for a worker, newest first.
func (db *DB) AllocationFlags(ctx context.Context, workerID int64) ([]AllocationFlag, error) {
	return queryAll(ctx, db, "allocation flags", `SELECT COALESCE(episode_id, 0), COALESCE(group_id, 0), worker_id, kind, reason, decision FROM allocation_flags
		WHERE worker_id = ? ORDER BY recorded_at DESC, id DESC LIMIT 200`, []any{workerID}, func(rows scanner, f *AllocationFlag) error {
		return rows.Scan(&f.EpisodeID, &f.GroupID, &f.WorkerID, &f.Kind, &f.Reason, &f.Decision)
	})
}

// WorkerLoad measures one worker's weighted caseload against their limit.
func (db *DB) WorkerLoad(ctx context.Context, workerID int64) (staff.Load, error) {
	c := staff.Capacity{UserID: workerID}
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `SELECT full_time, time_percent FROM staff_capacity WHERE user_id = ?`, workerID).Scan(&c.FullTime, &c.TimePercent)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return staff.Load{}, err
	}
	weighted, err := db.weightedLoads(ctx, []int64{workerID})
	return staff.Measure(weighted[workerID], c), err
}
