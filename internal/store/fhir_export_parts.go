package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"throughline/internal/auth"
	"throughline/internal/fhir"
	"throughline/internal/problem"
)

// A bulk export of a whole region was built in memory, a buffer per type,
// and stored as one value per type when it finished: at scale 10 (20,000
// people) the worker's heap reached 426 MB, and at scale 75 (150,000)
// 3.6 GB. Each type's output is now written to the
// database a part at a time (exportPartBytes) as the export runs, so the
// worker holds at most a part per type; a file is served a part at a
// time too.

// exportPartBytes is the size at which a type's output is written as a
// part. Parts end at a line's end, so each part is whole NDJSON.
const exportPartBytes = 1 << 20

// errExportTaken says the job is no longer this worker's to write: it was
// cancelled, or claimed again after the worker went unheard.
var errExportTaken = errors.New("the export job was cancelled or claimed by another worker")

// exportFiles gathers one attempt of a job's files, writing each type's
// output as parts while the export runs.
type exportFiles struct {
	db    *DB
	ctx   context.Context
	job   ExportJob
	size  int
	bufs  map[string]*bytes.Buffer
	parts map[string]int
	// types lists the types written so far, in the order first seen.
	types []string
	err   error
}

func (db *DB) newExportFiles(ctx context.Context, j ExportJob) *exportFiles {
	return &exportFiles{db: db, ctx: ctx, job: j, size: cmp.Or(db.exportPart, exportPartBytes),
		bufs: map[string]*bytes.Buffer{}, parts: map[string]int{}}
}

// out is the stream fhir.NDJSON writes typ's lines to.
func (x *exportFiles) out(typ string) io.Writer { return typeStream{x, typ} }

type typeStream struct {
	x   *exportFiles
	typ string
}

// Write takes one NDJSON line (fhir.NDJSON writes a line at a time) and
// writes the type's part once it is full.
func (s typeStream) Write(line []byte) (int, error) {
	x := s.x
	if x.err != nil {
		return 0, x.err
	}
	b := x.bufs[s.typ]
	if b == nil {
		b = &bytes.Buffer{}
		x.bufs[s.typ] = b
		x.types = append(x.types, s.typ)
	}
	b.Write(line)
	if b.Len() >= x.size {
		x.err = x.db.Update(x.ctx, func(tx *Tx) error {
			if err := tx.holdExport(x.ctx, x.job); err != nil {
				return err
			}
			if err := x.writePart(tx, s.typ); err != nil {
				return err
			}
			if _, err := tx.exec(x.ctx, `UPDATE fhir_export_jobs SET heartbeat_at = ? WHERE id = ?`, x.db.Now().UTC(), x.job.ID); err != nil {
				return fmt.Errorf("mark the export's heartbeat: %w", err)
			}
			return nil
		})
	}
	return len(line), x.err
}

// writePart writes typ's buffered lines as its next part, in tx. A part
// written while the export runs marks the worker's heartbeat with it; the
// last ones are written as the job finishes, which needs none.
func (x *exportFiles) writePart(tx *Tx, typ string) error {
	b := x.bufs[typ]
	if _, err := tx.exec(x.ctx, `INSERT INTO fhir_export_parts (job_id, type, part, body) VALUES (?, ?, ?, ?)`,
		x.job.ID, typ, x.parts[typ], b.String()); err != nil {
		return fmt.Errorf("store part %d of the %s export file: %w", x.parts[typ], typ, err)
	}
	x.parts[typ]++
	b.Reset()
	return nil
}

// holdExport checks, in a write transaction, that the job is still running
// under this attempt, and on PostgreSQL locks its row until the
// transaction ends, so a cancel or a new claim waits for this write and
// then finds it (SQLite has one writer). errExportTaken if not.
func (t *Tx) holdExport(ctx context.Context, j ExportJob) error {
	q := `SELECT status, attempts FROM fhir_export_jobs WHERE id = ?`
	if t.db.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var status string
	var attempt int64
	err := t.queryRow(ctx, q, j.ID).Scan(&status, &attempt)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (status != ExportRunning || attempt != j.Attempt) {
		return errExportTaken
	}
	return err
}

// progress records how many people are exported so far, and the worker's
// heartbeat.
func (x *exportFiles) progress(people int) error {
	return x.db.Update(x.ctx, func(tx *Tx) error {
		if err := tx.holdExport(x.ctx, x.job); err != nil {
			return err
		}
		_, err := tx.exec(x.ctx, `UPDATE fhir_export_jobs SET progress = ?, heartbeat_at = ? WHERE id = ?`,
			fmt.Sprintf("%d people exported", people), x.db.Now().UTC(), x.job.ID)
		return err
	})
}

// finish writes what is left of each type as its last part and marks the
// job done with its files' counts, in one transaction.
func (x *exportFiles) finish(counts map[string]int, people int) error {
	return x.db.Update(x.ctx, func(tx *Tx) error {
		if err := tx.holdExport(x.ctx, x.job); err != nil {
			return err
		}
		for _, typ := range x.types {
			if x.bufs[typ].Len() > 0 {
				if err := x.writePart(tx, typ); err != nil {
					return err
				}
			}
			if _, err := tx.exec(x.ctx, `INSERT INTO fhir_export_files (job_id, type, count, parts) VALUES (?, ?, ?, ?)`,
				x.job.ID, typ, counts[typ], x.parts[typ]); err != nil {
				return fmt.Errorf("store the %s export file: %w", typ, err)
			}
		}
		_, err := tx.exec(x.ctx, `UPDATE fhir_export_jobs SET status = ?, progress = ?, finished_at = ? WHERE id = ?`,
			ExportDone, fmt.Sprintf("%d people exported", people), x.db.Now().UTC(), x.job.ID)
		if err != nil {
			return fmt.Errorf("finish export job: %w", err)
		}
		return nil
	})
}

// RunExportJob writes a claimed job's files. The export is audited under
// the client's name. A job cancelled or claimed again while it ran is left
// as the other party left it: this worker stops and keeps nothing.
func (db *DB) RunExportJob(ctx context.Context, j ExportJob) error {
	c, err := db.FHIRClientByID(ctx, j.ClientID)
	if err != nil {
		return db.failExport(ctx, j, "the client is no longer registered")
	}
	files := db.newExportFiles(ctx, j)
	nd := &fhir.NDJSON{Types: j.Types, Since: j.Since, Out: files.out}
	people := 0
	err = db.EachFHIRPerson(ctx, FHIRClientActor(c), j.TeamID, func(p FHIRExportPerson) error {
		people++
		if people%200 == 0 {
			if err := files.progress(people); err != nil {
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
	if err == nil {
		err = files.finish(nd.Counts, people)
	}
	if errors.Is(err, errExportTaken) {
		return nil
	}
	if err != nil {
		return db.failExport(ctx, j, err.Error())
	}
	return nil
}

// failExport marks the attempt failed and removes what it wrote, unless
// the job is no longer this attempt's.
func (db *DB) failExport(ctx context.Context, j ExportJob, msg string) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE fhir_export_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status = ? AND attempts = ?`,
			ExportFailed, msg, db.Now().UTC(), j.ID, ExportRunning, j.Attempt)
		if err != nil {
			return fmt.Errorf("mark export job failed: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.dropExportFiles(ctx, j.ID)
	})
}

// ExportFile writes one type's NDJSON of a finished job of the client to
// w, a part at a time, after auditing the download. If the job is
// cancelled while its file is being sent, the file cannot be finished:
// the error then comes after some of it has been written, and the caller
// must not let it pass as the whole file.
func (db *DB) ExportFile(ctx context.Context, c FHIRClient, id int64, typ string, w io.Writer) error {
	var parts int
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT f.parts FROM fhir_export_files f JOIN fhir_export_jobs j ON j.id = f.job_id
		WHERE f.job_id = ? AND f.type = ? AND j.client_id = ? AND j.status = ?`), id, typ, c.ClientID, ExportDone).Scan(&parts)
	if err != nil {
		return notFound(err, "export file")
	}
	if err := db.Audit(ctx, FHIRClientActor(c), auth.ActionExport, 0, fmt.Sprintf("fhir-export/%d/%s", id, typ)); err != nil {
		return err
	}
	for part := range parts {
		var body string
		err := db.read.QueryRowContext(ctx, db.rebind(`SELECT body FROM fhir_export_parts WHERE job_id = ? AND type = ? AND part = ?`), id, typ, part).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.Errorf(problem.NotFound, "Part %d of %d of the %s file of export job %d is gone: the job was cancelled while the file was being sent", part+1, parts, typ, id)
		}
		if err != nil {
			return fmt.Errorf("read part %d of the %s export file: %w", part, typ, err)
		}
		if _, err := io.WriteString(w, body); err != nil {
			return err
		}
	}
	return nil
}
