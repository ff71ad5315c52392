package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

const episodeColumns = `e.id, e.person_id, e.team_id, e.named_worker_id, e.pathway, e.modality, e.intensity, e.started_at, e.ended_at, e.version`

func scanEpisode(s scanner, e *care.Episode) error {
	return s.Scan(&e.ID, &e.PersonID, &e.TeamID, &e.NamedWorkerID, &e.Pathway, &e.Modality, &e.Intensity,
		dbTime{&e.StartedAt}, dbTime{&e.EndedAt}, &e.Version)
}

// episode reads one episode without auditing.
func (t *Tx) episode(ctx context.Context, id int64) (care.Episode, error) {
	if e, ok := t.memo.episode(id); ok { // pgload (bulk_memo.go)
		return e, nil
	}
	var e care.Episode
	if err := scanEpisode(t.queryRow(ctx, `SELECT `+episodeColumns+` FROM episodes e WHERE e.id = ?`, id), &e); err != nil {
		return e, notFound(err, "episode")
	}
	t.memo.keepEpisode(e)
	return e, nil
}

// Episode reads one episode with its names, audited as a view of the
// person's record.
func (db *DB) Episode(ctx context.Context, a auth.Actor, id int64) (EpisodeRow, error) {
	var row EpisodeRow
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		err := tx.queryRow(ctx, `SELECT `+episodeColumns+`, p.given_name || ' ' || p.family_name, tm.name, u.display_name
			FROM episodes e JOIN people p ON p.id = e.person_id JOIN teams tm ON tm.id = e.team_id JOIN users u ON u.id = e.named_worker_id
			WHERE e.id = ?`, id).Scan(&row.ID, &row.PersonID, &row.TeamID, &row.NamedWorkerID, &row.Pathway, &row.Modality, &row.Intensity,
			dbTime{&row.StartedAt}, dbTime{&row.EndedAt}, &row.Version, &row.PersonName, &row.TeamName, &row.WorkerName)
		if err != nil {
			return notFound(err, "episode")
		}
		audit(a.Event(auth.ActionView, row.PersonID, fmt.Sprintf("episode/%d", id)))
		return nil
	})
	return row, err
}

// EpisodeEvents lists an episode's history, oldest first. Not audited: the
// episode page that shows it audits the view.
func (db *DB) EpisodeEvents(ctx context.Context, episodeID int64) ([]care.EpisodeEvent, error) {
	return queryAll(ctx, db, fmt.Sprintf("episode %d history", episodeID), `SELECT ev.id, ev.episode_id, ev.person_id, ev.at, COALESCE(ev.user_id, 0), COALESCE(u.display_name, 'Throughline'),
		ev.kind, ev.from_value, ev.to_value, ev.reason, ev.handover_note
		FROM episode_events ev LEFT JOIN users u ON u.id = ev.user_id WHERE ev.episode_id = ? ORDER BY ev.at, ev.id`, []any{episodeID}, func(rows scanner, ev *care.EpisodeEvent) error {
		var kind string
		if err := rows.Scan(&ev.ID, &ev.EpisodeID, &ev.PersonID, dbTime{&ev.At}, &ev.UserID, &ev.UserName, &kind, &ev.From, &ev.To, &ev.Reason, &ev.HandoverNote); err != nil {
			return err
		}
		ev.Kind = care.EpisodeEventKind(kind)
		return nil
	})
}

// changeEpisode applies a domain change to an episode read at version,
// saves it and its history events, and audits the update. change returns
// the changed episode and its events.
func (db *DB) changeEpisode(ctx context.Context, a auth.Actor, id int64, version int,
	change func(tx *Tx, e care.Episode) (care.Episode, []care.EpisodeEvent, error)) error {
	return db.Update(ctx, func(tx *Tx) error {
		e, err := tx.episode(ctx, id)
		if err != nil {
			return err
		}
		if e.Version != version {
			return problem.Errorf(problem.Conflict, "Someone else changed this episode while you were looking at it. Nothing has been saved; check the episode and try again.")
		}
		changed, events, err := change(tx, e)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE episodes SET team_id = ?, named_worker_id = ?, pathway = ?, modality = ?, intensity = ?, version = version + 1
			WHERE id = ? AND version = ?`, changed.TeamID, changed.NamedWorkerID, changed.Pathway, changed.Modality, changed.Intensity, id, version)
		if err != nil {
			return fmt.Errorf("update episode %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tx.staleOrMissing(ctx, "episodes", id, "episode")
		}
		now := tx.db.Now()
		for i := range events {
			if err := tx.addEpisodeEvent(ctx, a, &events[i], now); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, e.PersonID, fmt.Sprintf("episode/%d", id)))
	})
}

// AddEpisodeEvent records a change in an episode's history; the demo uses
// it to write history that happened before the software did.
func (t *Tx) AddEpisodeEvent(ctx context.Context, a auth.Actor, ev *care.EpisodeEvent) error {
	return t.addEpisodeEvent(ctx, a, ev, t.db.Now())
}

func (t *Tx) addEpisodeEvent(ctx context.Context, a auth.Actor, ev *care.EpisodeEvent, now time.Time) error {
	if ev.At.IsZero() {
		ev.At = now
	}
	ev.UserID = a.User.ID
	var err error
	ev.ID, err = t.insertID(ctx, `INSERT INTO episode_events (episode_id, person_id, at, user_id, kind, from_value, to_value, reason, handover_note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, ev.EpisodeID, ev.PersonID, ev.At.UTC(), nullID(a.User.ID), string(ev.Kind),
		ev.From, ev.To, ev.Reason, ev.HandoverNote)
	return err
}

// StepEpisode moves an episode's intensity one level up or down; level is
// the level chosen for an episode that has none yet (care.Episode.Step).
func (db *DB) StepEpisode(ctx context.Context, a auth.Actor, id int64, version int, up bool, level, reason string) error {
	return db.changeEpisode(ctx, a, id, version, func(_ *Tx, e care.Episode) (care.Episode, []care.EpisodeEvent, error) {
		e, ev, err := e.Step(up, level, reason)
		return e, []care.EpisodeEvent{ev}, err
	})
}

// SwitchModality changes an episode's modality within its pathway.
func (db *DB) SwitchModality(ctx context.Context, a auth.Actor, id int64, version int, modality, reason string) error {
	return db.changeEpisode(ctx, a, id, version, func(_ *Tx, e care.Episode) (care.Episode, []care.EpisodeEvent, error) {
		e, ev, err := e.SwitchModality(modality, reason)
		return e, []care.EpisodeEvent{ev}, err
	})
}

// SwitchTeam moves an episode to another team and pathway without a new
// referral. A new named worker must belong to that team and gets the
// handover task.
func (db *DB) SwitchTeam(ctx context.Context, a auth.Actor, id int64, version int, teamID int64, pathway, modality string, workerID int64, reason, handover string) error {
	return db.changeEpisode(ctx, a, id, version, func(tx *Tx, e care.Episode) (care.Episode, []care.EpisodeEvent, error) {
		changed, evs, err := e.SwitchTeam(teamID, pathway, modality, workerID, reason, handover)
		if err != nil {
			return e, nil, err
		}
		if err := tx.checkWorker(ctx, teamID, workerID); err != nil {
			return e, nil, err
		}
		from, err := tx.teamName(ctx, e.TeamID)
		if err != nil {
			return e, nil, err
		}
		to, err := tx.teamName(ctx, teamID)
		if err != nil {
			return e, nil, err
		}
		evs[0].From, evs[0].To = from+" ("+e.Modality+")", to+" ("+modality+")"
		for i := range evs[1:] {
			if err := tx.nameWorkers(ctx, &evs[1+i], e.NamedWorkerID, workerID); err != nil {
				return e, nil, err
			}
			if err := tx.handoverTask(ctx, a, e.PersonID, workerID); err != nil {
				return e, nil, err
			}
		}
		return changed, evs, nil
	})
}

// ReassignEpisode names a new worker for the episode. The old worker stays
// in the history with the handover note, and the new worker gets a task to
// read it and introduce themselves.
func (db *DB) ReassignEpisode(ctx context.Context, a auth.Actor, id int64, version int, workerID int64, reason, handover string) error {
	return db.changeEpisode(ctx, a, id, version, func(tx *Tx, e care.Episode) (care.Episode, []care.EpisodeEvent, error) {
		changed, ev, err := e.Reassign(workerID, reason, handover)
		if err != nil {
			return e, nil, err
		}
		if err := tx.checkWorker(ctx, e.TeamID, workerID); err != nil {
			return e, nil, err
		}
		if err := tx.nameWorkers(ctx, &ev, e.NamedWorkerID, workerID); err != nil {
			return e, nil, err
		}
		return changed, []care.EpisodeEvent{ev}, tx.handoverTask(ctx, a, e.PersonID, workerID)
	})
}

// checkWorker refuses a named worker who is not a clinician or peer worker
// in the team.
func (t *Tx) checkWorker(ctx context.Context, teamID, workerID int64) error {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM team_members m JOIN users u ON u.id = m.user_id
		WHERE m.team_id = ? AND m.user_id = ? AND u.disabled = FALSE AND u.role IN (?, ?)`,
		teamID, workerID, string(auth.Clinician), string(auth.PeerWorker)).Scan(&n)
	if err != nil {
		return fmt.Errorf("check named worker: %w", err)
	}
	if n == 0 {
		v := problem.Validation{}
		v.Add("worker", "Choose a clinician or peer worker in the team")
		return v.Err()
	}
	return nil
}

func (t *Tx) teamName(ctx context.Context, id int64) (string, error) {
	var name string
	if err := t.queryRow(ctx, `SELECT name FROM teams WHERE id = ?`, id).Scan(&name); err != nil {
		return "", notFound(err, "team")
	}
	return name, nil
}

func (t *Tx) nameWorkers(ctx context.Context, ev *care.EpisodeEvent, from, to int64) error {
	for _, x := range []struct {
		id  int64
		out *string
	}{{from, &ev.From}, {to, &ev.To}} {
		if err := t.queryRow(ctx, `SELECT display_name FROM users WHERE id = ?`, x.id).Scan(x.out); err != nil {
			return notFound(err, "user")
		}
	}
	return nil
}

func (t *Tx) handoverTask(ctx context.Context, a auth.Actor, personID, workerID int64) error {
	now := t.db.Now()
	task := &care.Task{PersonID: personID, AssigneeID: workerID, Kind: care.TaskHandover, Title: care.HandoverTaskTitle,
		DueOn: care.AddWorkingDays(now, 2), CreatedAt: now}
	return t.addTask(ctx, a, task)
}

// TeamWorker is someone who can be a named worker in a team.
type TeamWorker struct {
	TeamID int64
	UserID int64
	Name   string
	Role   auth.Role
}

// TeamWorkers lists the clinicians and peer workers of the given teams
// (every team when ids is nil), by team then name.
func (db *DB) TeamWorkers(ctx context.Context, ids []int64) ([]TeamWorker, error) {
	q := `SELECT m.team_id, u.id, u.display_name, u.role FROM team_members m JOIN users u ON u.id = m.user_id
		WHERE u.disabled = FALSE AND u.role IN (?, ?)`
	args := []any{string(auth.Clinician), string(auth.PeerWorker)}
	if ids != nil {
		q += ` AND m.team_id IN (0`
		q, args = appendIn(q, args, ids)
		q += `)`
	}
	return queryAll(ctx, db, "team workers", q+` ORDER BY m.team_id, u.display_name`, args, func(rows scanner, w *TeamWorker) error {
		var role string
		if err := rows.Scan(&w.TeamID, &w.UserID, &w.Name, &role); err != nil {
			return err
		}
		w.Role = auth.Role(role)
		return nil
	})
}

// WeightedCaseload is a worker's active episodes in a team by intensity,
// with the weighted total (care.IntensityWeight).
type WeightedCaseload struct {
	TeamID      int64
	TeamName    string
	WorkerID    int64
	WorkerName  string
	ByIntensity map[string]int
	Active      int
	Weighted    int
}

// WeightedCaseloads counts active episodes per named worker in the given
// teams and weighs them by intensity.
func (db *DB) WeightedCaseloads(ctx context.Context, teamIDs []int64) ([]WeightedCaseload, error) {
	q := `SELECT t.id, t.name, u.id, u.display_name, e.intensity, COUNT(*) FROM episodes e JOIN teams t ON t.id = e.team_id
		JOIN users u ON u.id = e.named_worker_id WHERE e.ended_at IS NULL AND e.team_id IN (0`
	q, args := appendIn(q, nil, teamIDs)
	q += `) GROUP BY t.id, t.name, u.id, u.display_name, e.intensity ORDER BY t.name, u.display_name, u.id`
	var out []WeightedCaseload
	err := eachRow(ctx, db, "weighted caseloads", q, args, func(rows scanner) error {
		var c WeightedCaseload
		var intensity string
		var n int
		if err := rows.Scan(&c.TeamID, &c.TeamName, &c.WorkerID, &c.WorkerName, &intensity, &n); err != nil {
			return err
		}
		if k := len(out) - 1; k < 0 || out[k].TeamID != c.TeamID || out[k].WorkerID != c.WorkerID {
			c.ByIntensity = map[string]int{}
			out = append(out, c)
		}
		last := &out[len(out)-1]
		last.ByIntensity[intensity] += n
		last.Active += n
		last.Weighted += n * care.IntensityWeight(intensity)
		return nil
	})
	return out, err
}
