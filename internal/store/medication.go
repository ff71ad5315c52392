package store

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// AddMedication adds a medicine to a Community Team episode, audited.
func (db *DB) AddMedication(ctx context.Context, a auth.Actor, m *care.Medication) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.AddMedication(ctx, a, m) })
}

// AddMedication adds a medicine inside t.
func (t *Tx) AddMedication(ctx context.Context, a auth.Actor, m *care.Medication) error {
	e, err := t.episode(ctx, m.EpisodeID)
	if err != nil {
		return err
	}
	if e.PersonID != m.PersonID {
		return problem.Errorf(problem.NotFound, "No such episode for this person")
	}
	if err := care.ValidateMedicationEpisode(e); err != nil {
		return err
	}
	if err := m.Validate(t.db.Now()); err != nil {
		return err
	}
	m.Version = 1
	m.ID, err = t.insertID(ctx, `INSERT INTO medications (person_id, episode_id, name, dose, frequency, prescriber, started_on, stopped_on, stop_reason, review_on, created_by, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`, m.PersonID, m.EpisodeID, m.Name, m.Dose, m.Frequency, m.Prescriber,
		dateText(m.StartedOn), dateText(m.StoppedOn), m.StopReason, dateText(m.ReviewOn), nullID(a.User.ID))
	if err != nil {
		return fmt.Errorf("insert medication: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, m.PersonID, fmt.Sprintf("medication/%d", m.ID)))
}

// StopMedication records that a medicine was stopped, when and why.
func (db *DB) StopMedication(ctx context.Context, a auth.Actor, personID, id int64, version int, m care.Medication) error {
	return db.Update(ctx, func(tx *Tx) error {
		cur, err := tx.medication(ctx, id)
		if err != nil {
			return err
		}
		if cur.PersonID != personID {
			return problem.Errorf(problem.NotFound, "No such medicine for this person")
		}
		if err := cur.ValidateStop(m.StoppedOn, m.StopReason); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE medications SET stopped_on = ?, stop_reason = ?, version = version + 1 WHERE id = ? AND version = ?`,
			dateText(m.StoppedOn), m.StopReason, id, version)
		if err != nil {
			return fmt.Errorf("stop medication %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tx.staleOrMissing(ctx, "medications", id, "medicine")
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, personID, fmt.Sprintf("medication/%d", id)))
	})
}

const medicationColumns = `id, person_id, episode_id, name, dose, frequency, prescriber, started_on, stopped_on, stop_reason, review_on, version`

func scanMedication(s scanner, m *care.Medication) error {
	var start, stop, review string
	err := s.Scan(&m.ID, &m.PersonID, &m.EpisodeID, &m.Name, &m.Dose, &m.Frequency, &m.Prescriber, &start, &stop, &m.StopReason, &review, &m.Version)
	m.StartedOn, m.StoppedOn, m.ReviewOn = parseDateText(start), parseDateText(stop), parseDateText(review)
	return err
}

func (t *Tx) medication(ctx context.Context, id int64) (care.Medication, error) {
	var m care.Medication
	if err := scanMedication(t.queryRow(ctx, `SELECT `+medicationColumns+` FROM medications WHERE id = ?`, id), &m); err != nil {
		return m, notFound(err, "medicine")
	}
	return m, nil
}

// Medications lists a person's medicines, current ones first, audited as a
// view of the record.
func (db *DB) Medications(ctx context.Context, a auth.Actor, personID int64) ([]care.Medication, error) {
	var out []care.Medication
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		out = nil
		var err error
		out, err = queryAll(ctx, tx, "list medication", `SELECT `+medicationColumns+` FROM medications WHERE person_id = ?
			ORDER BY CASE WHEN stopped_on = '' THEN 0 ELSE 1 END, started_on DESC, id DESC`, []any{personID}, scanMedication)
		if err != nil {
			return err
		}
		audit(a.Event(auth.ActionView, personID, "medication"))
		return nil
	})
	return out, err
}
