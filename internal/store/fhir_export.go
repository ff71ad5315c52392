package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/fhir"
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

const exportJobColumns = `id, client_id, request, types, since, team_id, status, progress, error, transaction_time, created_at`

func scanExportJob(s scanner, j *ExportJob) error {
	var types string
	if err := s.Scan(&j.ID, &j.ClientID, &j.Request, &types, dbTime{&j.Since}, &j.TeamID, &j.Status, &j.Progress, &j.Error, dbTime{&j.TransactionTime}, dbTime{&j.CreatedAt}); err != nil {
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
		if _, err := tx.exec(ctx, `DELETE FROM fhir_export_files WHERE job_id = ?`, id); err != nil {
			return fmt.Errorf("delete export files: %w", err)
		}
		return tx.audit(ctx, FHIRClientActor(c).Event(auth.ActionFHIRExportCancel, 0, fmt.Sprintf("fhir-export/%d", id)))
	})
}

// ExportFileBody is one type's ndjson for a finished job of the client.
func (db *DB) ExportFileBody(ctx context.Context, c FHIRClient, id int64, typ string) (string, error) {
	var body string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT f.body FROM fhir_export_files f JOIN fhir_export_jobs j ON j.id = f.job_id
		WHERE f.job_id = ? AND f.type = ? AND j.client_id = ? AND j.status = ?`), id, typ, c.ClientID, ExportDone).Scan(&body)
	if err != nil {
		return "", notFound(err, "export file")
	}
	return body, db.Audit(ctx, FHIRClientActor(c), auth.ActionExport, 0, fmt.Sprintf("fhir-export/%d/%s", id, typ))
}

// ClaimExportJob takes the oldest queued job for worker, or returns
// false. The conditional update is the claim: of two processes racing
// for one job, only one changes its row.
func (db *DB) ClaimExportJob(ctx context.Context, worker string) (ExportJob, bool, error) {
	var j ExportJob
	for range 3 {
		var id int64
		err := db.read.QueryRowContext(ctx, db.rebind(`SELECT id FROM fhir_export_jobs WHERE status = ? ORDER BY id LIMIT 1`), ExportQueued).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return j, false, nil
		}
		if err != nil {
			return j, false, fmt.Errorf("find export job: %w", err)
		}
		claimed := false
		err = db.Update(ctx, func(tx *Tx) error {
			res, err := tx.exec(ctx, `UPDATE fhir_export_jobs SET status = ?, claimed_by = ?, transaction_time = ? WHERE id = ? AND status = ?`,
				ExportRunning, worker, db.Now().UTC(), id, ExportQueued)
			if err != nil {
				return fmt.Errorf("claim export job: %w", err)
			}
			n, err := res.RowsAffected()
			claimed = n == 1
			return err
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

// RunExportJob writes a claimed job's files. The export is audited
// under the client's name; a job canceled while it ran keeps no files.
func (db *DB) RunExportJob(ctx context.Context, j ExportJob) error {
	c, err := db.FHIRClientByID(ctx, j.ClientID)
	if err != nil {
		return db.failExport(ctx, j.ID, "the client is no longer registered")
	}
	bufs := map[string]*bytes.Buffer{}
	nd := &fhir.NDJSON{Types: j.Types, Since: j.Since, Out: func(typ string) io.Writer {
		if bufs[typ] == nil {
			bufs[typ] = &bytes.Buffer{}
		}
		return bufs[typ]
	}}
	people := 0
	err = db.EachFHIRPerson(ctx, FHIRClientActor(c), j.TeamID, func(p FHIRExportPerson) error {
		people++
		if people%200 == 0 {
			if _, err := db.write.ExecContext(ctx, db.rebind(`UPDATE fhir_export_jobs SET progress = ? WHERE id = ?`), fmt.Sprintf("%d people exported", people), j.ID); err != nil {
				return err
			}
		}
		return nd.AddAll(p.Records().Resources())
	})
	if err == nil {
		err = nd.AddAll(fhir.Questionnaires())
	}
	if err == nil {
		err = db.AddFHIRDirectory(ctx, nd)
	}
	if err != nil {
		return db.failExport(ctx, j.ID, err.Error())
	}
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE fhir_export_jobs SET status = ?, progress = ?, finished_at = ? WHERE id = ? AND status = ?`,
			ExportDone, fmt.Sprintf("%d people exported", people), db.Now().UTC(), j.ID, ExportRunning)
		if err != nil {
			return fmt.Errorf("finish export job: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // canceled meanwhile: keep nothing
		}
		for _, typ := range j.Types {
			if b := bufs[typ]; b != nil {
				if _, err := tx.exec(ctx, `INSERT INTO fhir_export_files (job_id, type, count, body) VALUES (?, ?, ?, ?)`, j.ID, typ, nd.Counts[typ], b.String()); err != nil {
					return fmt.Errorf("store export file: %w", err)
				}
			}
		}
		return nil
	})
}

func (db *DB) failExport(ctx context.Context, id int64, msg string) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`UPDATE fhir_export_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status = ?`),
		ExportFailed, msg, db.Now().UTC(), id, ExportRunning)
	return err
}
