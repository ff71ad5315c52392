package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
)

// Bulk export job states.
const (
	ExportQueued   = "queued"
	ExportRunning  = "running"
	ExportDone     = "done"
	ExportFailed   = "failed"
	ExportCanceled = "canceled"
)

// ExportJob is a bulk $export request and how far it has got.
type ExportJob struct {
	ID              int64
	ClientID        string
	Request         string
	Types           []string
	Since           time.Time
	TeamID          int64
	Status          string
	Progress        string
	Error           string
	TransactionTime time.Time
	CreatedAt       time.Time
	Files           []ExportFile
	// Attempt is which claim of the job this is: the worker holding it
	// writes only while the job is still running under that attempt.
	Attempt int64
}

// ExportFile is one type's output of a finished job.
type ExportFile struct {
	Type  string
	Count int
}

// CreateExportJob queues a bulk export for the client.
func (db *DB) CreateExportJob(ctx context.Context, c FHIRClient, j *ExportJob) error {
	j.ClientID, j.Status, j.CreatedAt = c.ClientID, ExportQueued, db.Now()
	return db.Update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `INSERT INTO fhir_export_jobs (client_id, request, types, since, team_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			j.ClientID, j.Request, strings.Join(j.Types, ","), nullTime(j.Since), j.TeamID, j.Status, j.CreatedAt.UTC()).Scan(&j.ID)
		if err != nil {
			return fmt.Errorf("insert export job: %w", err)
		}
		return tx.audit(ctx, FHIRClientActor(c).Event(auth.ActionExport, 0, fmt.Sprintf("fhir-export/%d", j.ID)))
	})
}

const exportJobColumns = `id, client_id, request, types, since, team_id, status, progress, error, transaction_time, created_at, attempts`

func scanExportJob(s scanner, j *ExportJob) error {
	var types string
	if err := s.Scan(&j.ID, &j.ClientID, &j.Request, &types, dbTime{&j.Since}, &j.TeamID, &j.Status, &j.Progress, &j.Error, dbTime{&j.TransactionTime}, dbTime{&j.CreatedAt}, &j.Attempt); err != nil {
		return err
	}
	j.Types = strings.Split(types, ",")
	return nil
}

// ExportJobFor reads a job, only for the client that asked for it.
func (db *DB) ExportJobFor(ctx context.Context, clientID string, id int64) (ExportJob, error) {
	var j ExportJob
	err := scanExportJob(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+exportJobColumns+` FROM fhir_export_jobs WHERE id = ? AND client_id = ?`), id, clientID), &j)
	if err != nil {
		return j, notFound(err, "export job")
	}
	if j.Status == ExportDone {
		j.Files, err = queryAll(ctx, db, "export files", `SELECT type, count FROM fhir_export_files WHERE job_id = ? ORDER BY type`, []any{id},
			func(s scanner, f *ExportFile) error { return s.Scan(&f.Type, &f.Count) })
	}
	return j, err
}

// CancelExportJob cancels a job (or removes a finished one's files).
func (db *DB) CancelExportJob(ctx context.Context, c FHIRClient, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE fhir_export_jobs SET status = ? WHERE id = ? AND client_id = ? AND status <> ?`, ExportCanceled, id, c.ClientID, ExportCanceled)
		if err != nil {
			return fmt.Errorf("cancel export job: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return problem.Errorf(problem.NotFound, "No export job %d to cancel", id)
		}
		if err := tx.dropExportFiles(ctx, id); err != nil {
			return err
		}
		return tx.audit(ctx, FHIRClientActor(c).Event(auth.ActionFHIRExportCancel, 0, fmt.Sprintf("fhir-export/%d", id)))
	})
}

// ClaimExportJob takes the oldest job waiting for a worker, or returns
// false: a queued job, or a running one whose worker has not been heard
// from for exportLease (it died, so its parts are removed and the job
// starts again). The conditional update is the claim: of two processes
// racing for one job, only one changes its row.
func (db *DB) ClaimExportJob(ctx context.Context, worker string) (ExportJob, bool, error) {
	var j ExportJob
	for range 3 {
		now := db.Now().UTC()
		stale := now.Add(-exportLease)
		var id, attempt int64
		err := db.read.QueryRowContext(ctx, db.rebind(`SELECT id, attempts FROM fhir_export_jobs WHERE `+claimableExport+` ORDER BY id LIMIT 1`),
			ExportQueued, ExportRunning, stale).Scan(&id, &attempt)
		if errors.Is(err, sql.ErrNoRows) {
			return j, false, nil
		}
		if err != nil {
			return j, false, fmt.Errorf("find export job: %w", err)
		}
		claimed := false
		err = db.Update(ctx, func(tx *Tx) error {
			res, err := tx.exec(ctx, `UPDATE fhir_export_jobs SET status = ?, claimed_by = ?, transaction_time = ?, heartbeat_at = ?, attempts = attempts + 1, progress = ''
				WHERE id = ? AND attempts = ? AND (`+claimableExport+`)`,
				ExportRunning, worker, now, now, id, attempt, ExportQueued, ExportRunning, stale)
			if err != nil {
				return fmt.Errorf("claim export job: %w", err)
			}
			n, err := res.RowsAffected()
			if claimed = n == 1; !claimed || err != nil {
				return err
			}
			// Whatever an earlier attempt wrote is from before this one's
			// transaction time.
			return tx.dropExportFiles(ctx, id)
		})
		if err != nil {
			return j, false, err
		}
		if claimed {
			err := scanExportJob(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+exportJobColumns+` FROM fhir_export_jobs WHERE id = ?`), id), &j)
			return j, err == nil, err
		}
	}
	return j, false, nil
}

// claimableExport is a job a worker may claim, with its arguments queued,
// running and the time before which a running job's worker counts as
// gone: one the finder reads and the claim re-checks.
const claimableExport = `status = ? OR (status = ? AND (heartbeat_at IS NULL OR heartbeat_at <= ?))`

// exportLease is how long a running job's worker may go unheard before
// another claims the job. A worker marks its heartbeat at every part and
// every two hundred people, far more often than this.
const exportLease = 2 * time.Minute

// dropExportFiles removes a job's files and their parts.
func (t *Tx) dropExportFiles(ctx context.Context, id int64) error {
	for _, q := range []string{`DELETE FROM fhir_export_parts WHERE job_id = ?`, `DELETE FROM fhir_export_files WHERE job_id = ?`} {
		if _, err := t.exec(ctx, q, id); err != nil {
			return fmt.Errorf("delete export files: %w", err)
		}
	}
	return nil
}
