package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// EndEpisode ends an open episode of the person with a planned or unplanned
// ending. Ending for non-engagement is refused unless the outreach and MDT
// rules in care.Ending.CheckNonEngagement are met. Nothing else in the
// system ends an episode by itself.
func (db *DB) EndEpisode(ctx context.Context, a auth.Actor, personID int64, e *care.Ending) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.EndEpisode(ctx, a, personID, e) })
}

// EndEpisode ends an episode inside a transaction; see DB.EndEpisode.
func (tx *Tx) EndEpisode(ctx context.Context, a auth.Actor, personID int64, e *care.Ending) error {
	ep, err := tx.episode(ctx, e.EpisodeID)
	if err == nil && ep.PersonID != personID {
		err = problem.Errorf(problem.NotFound, "No episode with that id")
	}
	if err != nil {
		return err
	}
	if err := ep.CheckActive(care.ChangeEnding); err != nil {
		return err
	}
	now := tx.db.Now()
	e.PersonID = personID
	if err := e.Validate(ep.StartedAt, now); err != nil {
		return err
	}
	var lastAttended time.Time
	if err := tx.queryRow(ctx, `SELECT MAX(starts_at) FROM appointments WHERE person_id = ? AND outcome = 'attended'`, personID).Scan(dbTime{&lastAttended}); err != nil {
		return fmt.Errorf("last attended appointment: %w", err)
	}
	attempts, err := tx.outreachSince(ctx, personID, lastAttended)
	if err != nil {
		return err
	}
	if err := e.CheckNonEngagement(attempts, lastAttended); err != nil {
		return err
	}
	var svc sql.NullString
	if e.DirectoryServiceID != "" {
		svc = sql.NullString{String: e.DirectoryServiceID, Valid: true}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM services WHERE id = ?`, e.DirectoryServiceID).Scan(&n); err != nil || n == 0 {
			v := problem.Validation{}
			v.Add("directory_service_id", "Choose a service from the directory")
			return v.Err()
		}
	}
	e.RecordedBy, e.CreatedAt, e.Version = a.User.ID, now, 1
	err = tx.queryRow(ctx, `INSERT INTO episode_endings (episode_id, person_id, kind, reason, ended_on, note, further_support, directory_service_id, how_to_come_back,
		keep_from_work, copy_to_person, mdt_on, mdt_present, mdt_rationale, recorded_by, created_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		e.EpisodeID, personID, string(e.Kind), e.Reason, dateText(e.EndedOn), e.Note, e.FurtherSupport, svc, e.HowToComeBack,
		e.KeepFromWork, e.CopyToPerson, dateText(e.MDT.On), e.MDT.Present, e.MDT.Rationale, nullID(a.User.ID), now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("insert ending: %w", err)
	}
	res, err := tx.exec(ctx, `UPDATE episodes SET ended_at = ?, version = version + 1 WHERE id = ? AND ended_at IS NULL`, e.EndedOn.UTC(), e.EpisodeID)
	if err != nil {
		return fmt.Errorf("end episode %d: %w", e.EpisodeID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return problem.Errorf(problem.Conflict, "Someone else ended this episode while you were editing; reload to see it")
	}
	return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("episode/%d/ending", e.EpisodeID)))
}

func (t *Tx) outreachSince(ctx context.Context, personID int64, since time.Time) ([]care.OutreachAttempt, error) {
	return queryAll(ctx, t, "outreach since", `SELECT at, method, outcome FROM outreach_attempts WHERE person_id = ? AND at > ? ORDER BY at`, []any{personID, since.UTC()}, func(rows scanner, o *care.OutreachAttempt) error {
		var m, oc string
		if err := rows.Scan(dbTime{&o.At}, &m, &oc); err != nil {
			return err
		}
		o.PersonID, o.Method, o.Outcome = personID, care.OutreachMethod(m), care.OutreachOutcome(oc)
		return nil
	})
}

// EndingRow is an ending with what screens show beside it.
type EndingRow struct {
	care.Ending
	TeamName       string
	Modality       string
	WorkerName     string
	ServiceName    string
	StartedAt      time.Time
	ReaccessedByID int64 // the episode that re-accessed it, if any
}

// Endings lists a person's endings, newest first. Not audited: the screen
// that shows them audits the record.
func (db *DB) Endings(ctx context.Context, personID int64) ([]EndingRow, error) {
	return queryAll(ctx, db, "list endings", `SELECT x.id, x.episode_id, x.person_id, x.kind, x.reason, x.ended_on, x.note, x.further_support,
		COALESCE(x.directory_service_id, ''), x.how_to_come_back, x.keep_from_work, x.copy_to_person, x.mdt_on, x.mdt_present, x.mdt_rationale,
		COALESCE(x.recorded_by, 0), x.created_at, x.version, t.name, e.modality, u.display_name, COALESCE(s.name, ''), e.started_at, COALESCE(r.new_episode_id, 0)
		FROM episode_endings x JOIN episodes e ON e.id = x.episode_id JOIN teams t ON t.id = e.team_id JOIN users u ON u.id = e.named_worker_id
		LEFT JOIN services s ON s.id = x.directory_service_id LEFT JOIN episode_reaccess r ON r.previous_episode_id = x.episode_id
		WHERE x.person_id = ? ORDER BY x.ended_on DESC, x.id DESC`, []any{personID}, func(rows scanner, r *EndingRow) error {
		var kind, ended, mdtOn string
		if err := rows.Scan(&r.ID, &r.EpisodeID, &r.PersonID, &kind, &r.Reason, &ended, &r.Note, &r.FurtherSupport, &r.DirectoryServiceID,
			&r.HowToComeBack, &r.KeepFromWork, &r.CopyToPerson, &mdtOn, &r.MDT.Present, &r.MDT.Rationale, &r.RecordedBy, dbTime{&r.CreatedAt}, &r.Version,
			&r.TeamName, &r.Modality, &r.WorkerName, &r.ServiceName, dbTime{&r.StartedAt}, &r.ReaccessedByID); err != nil {
			return err
		}
		r.Kind, r.EndedOn, r.MDT.On = care.EndingKind(kind), parseDateText(ended), parseDateText(mdtOn)
		return nil
	})
}

// Reaccess opens a new episode for a person whose episode ended within the
// re-access window, without a new referral: same team, same pathway and
// modality, and the same named worker while they are still in the team
// (continuity), otherwise workerID. Outside the window it is refused with
// a message saying a new referral is needed.
func (db *DB) Reaccess(ctx context.Context, a auth.Actor, personID, previousEpisodeID, workerID int64, note string) (care.Episode, error) {
	var ep care.Episode
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		ep, err = tx.Reaccess(ctx, a, personID, previousEpisodeID, workerID, note)
		return err
	})
	return ep, err
}

// Reaccess opens the new episode inside a transaction; see DB.Reaccess.
func (tx *Tx) Reaccess(ctx context.Context, a auth.Actor, personID, previousEpisodeID, workerID int64, note string) (care.Episode, error) {
	var ep care.Episode
	err := func() error {
		prev, err := tx.episode(ctx, previousEpisodeID)
		if err == nil && prev.PersonID != personID {
			err = problem.Errorf(problem.NotFound, "No episode with that id")
		}
		if err != nil {
			return err
		}
		var open, used int
		if err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM episodes WHERE person_id = ? AND ended_at IS NULL),
			(SELECT COUNT(*) FROM episode_reaccess WHERE previous_episode_id = ?)`, personID, previousEpisodeID).Scan(&open, &used); err != nil {
			return fmt.Errorf("re-access checks: %w", err)
		}
		if open > 0 {
			return problem.Errorf(problem.Conflict, "This person already has an open episode of care")
		}
		if used > 0 {
			return problem.Errorf(problem.Conflict, "This ending has already been re-accessed")
		}
		if len(note) > care.MaxNoteLength {
			return problem.Errorf(problem.Invalid, "The note must be 20,000 characters or fewer")
		}
		months, _, err := tx.reaccessMonths(ctx)
		if err != nil {
			return err
		}
		now := tx.db.Now()
		if err := care.CheckReaccess(prev.EndedAt, now, months); err != nil {
			return err
		}
		worker := prev.NamedWorkerID
		var inTeam int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM team_members tm JOIN users u ON u.id = tm.user_id WHERE tm.team_id = ? AND tm.user_id = ? AND NOT u.disabled`,
			prev.TeamID, worker).Scan(&inTeam); err != nil {
			return err
		}
		if inTeam == 0 {
			if workerID == 0 {
				return problem.Errorf(problem.Invalid, "The previous named worker is no longer in the team; choose a new named worker")
			}
			worker = workerID
		}
		ep = care.Episode{PersonID: personID, TeamID: prev.TeamID, NamedWorkerID: worker, Pathway: prev.Pathway, Modality: prev.Modality,
			Intensity: prev.Intensity, StartedAt: now}
		if err := tx.CreateEpisode(ctx, a, &ep); err != nil {
			return err
		}
		if err := tx.insertRow(ctx, `INSERT INTO episode_reaccess (new_episode_id, previous_episode_id, person_id, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			ep.ID, prev.ID, personID, note, nullID(a.User.ID), now); err != nil {
			return fmt.Errorf("link re-access: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, personID, fmt.Sprintf("episode/%d/reaccess", ep.ID)))
	}()
	return ep, err
}

// settingReaccessMonths names the re-access window in care_settings.
const settingReaccessMonths = "reaccess-months"

func (t *Tx) reaccessMonths(ctx context.Context) (months, version int, err error) {
	var v string
	err = t.queryRow(ctx, `SELECT value, version FROM care_settings WHERE name = ?`, settingReaccessMonths).Scan(&v, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return care.DefaultReaccessMonths, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("re-access setting: %w", err)
	}
	months, err = strconv.Atoi(v)
	if err != nil {
		return care.DefaultReaccessMonths, version, nil
	}
	return months, version, nil
}

// reaccessSetting is the re-access window as one process keeps it.
type reaccessSetting struct{ months, version int }

// ReaccessMonths is the re-access window and its version (0 while the
// default applies).
func (db *DB) ReaccessMonths(ctx context.Context) (months, version int, err error) {
	s, err := db.reaccess.read(func() (s reaccessSetting, err error) {
		err = db.view(ctx, func(tx *Tx) error {
			s.months, s.version, err = tx.reaccessMonths(ctx)
			return err
		})
		return s, err
	})
	return s.months, s.version, err
}

// SetReaccessMonths changes the re-access window if nobody changed it
// since version was read.
func (db *DB) SetReaccessMonths(ctx context.Context, a auth.Actor, months, version int) error {
	if months < 1 || months > care.MaxReaccessMonths {
		v := problem.Validation{}
		v.Add("months", fmt.Sprintf("Enter a whole number of months from 1 to %d", care.MaxReaccessMonths))
		return v.Err()
	}
	defer db.reaccess.forget()
	return db.Update(ctx, func(tx *Tx) error {
		_, current, err := tx.reaccessMonths(ctx)
		if err != nil {
			return err
		}
		if current != version {
			return problem.Errorf(problem.Conflict, "Someone else changed the re-access period while you were editing; reload to see it")
		}
		now := tx.db.Now()
		var res sql.Result
		if version == 0 {
			res, err = tx.exec(ctx, `INSERT INTO care_settings (name, value, updated_by, updated_at, version) VALUES (?, ?, ?, ?, 1) ON CONFLICT (name) DO NOTHING`,
				settingReaccessMonths, strconv.Itoa(months), nullID(a.User.ID), now)
		} else {
			res, err = tx.exec(ctx, `UPDATE care_settings SET value = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE name = ? AND version = ?`,
				strconv.Itoa(months), nullID(a.User.ID), now, settingReaccessMonths, version)
		}
		if err != nil {
			return fmt.Errorf("save re-access setting: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else changed the re-access period while you were editing; reload to see it")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, "setting/"+settingReaccessMonths))
	})
}
