package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
)

const teamFormulationColumns = `f.id, f.person_id, v.version, v.happening, v.patterns, v.helps, v.will_try, v.present, v.agreed_on, v.shared,
	v.saved_at, COALESCE(v.saved_by, 0), COALESCE(u.display_name, '')`

const teamFormulationFrom = ` FROM team_formulations f JOIN team_formulation_versions v ON v.formulation_id = f.id LEFT JOIN users u ON u.id = v.saved_by`

func scanTeamFormulation(s scanner, f *staff.TeamFormulation) error {
	var agreed string
	err := s.Scan(&f.ID, &f.PersonID, &f.Version, &f.Happening, &f.Patterns, &f.Helps, &f.WillTry, &f.Present, &agreed, &f.Shared,
		dbTime{&f.SavedAt}, &f.SavedBy, &f.SavedByName)
	f.AgreedOn = parseDateText(agreed)
	return err
}

// teamFormulation reads the current version of a person's team
// formulation or, with sharedOnly, the last version the team chose to
// share: a newer draft the team has not shared does not take it from the
// person.
func (t *Tx) teamFormulation(ctx context.Context, personID int64, sharedOnly bool) (f staff.TeamFormulation, found bool, err error) {
	which := ` WHERE f.person_id = ? AND v.version = f.version`
	if sharedOnly {
		which = ` WHERE f.person_id = ? AND v.shared = TRUE ORDER BY v.version DESC LIMIT 1`
	}
	err = scanTeamFormulation(t.queryRow(ctx, `SELECT `+teamFormulationColumns+teamFormulationFrom+which, personID), &f)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("read team formulation: %w", err)
	}
	return f, true, nil
}

// SharedTeamFormulationVersion is the number of the newest version the
// person can read, 0 when none is shared. It shows no content, so it is not
// audited: the page that asks has audited its own view.
func (db *DB) SharedTeamFormulationVersion(ctx context.Context, personID int64) (version int, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		f, found, err := tx.teamFormulation(ctx, personID, true)
		if found {
			version = f.Version
		}
		return err
	})
	return version, err
}

// TeamFormulation reads the current version of a person's team
// formulation, audited against the person. With sharedOnly (the person
// reading their own record) it reads the newest version the team shared;
// with none shared it reads as none, and nothing is audited because
// nothing was shown.
func (db *DB) TeamFormulation(ctx context.Context, a auth.Actor, personID int64, sharedOnly bool) (f staff.TeamFormulation, found bool, err error) {
	err = db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		f, found, err = tx.teamFormulation(ctx, personID, sharedOnly)
		if err != nil || !found {
			return err
		}
		audit(a.Event(auth.ActionView, personID, fmt.Sprintf("team-formulation/%d", f.ID)))
		return nil
	})
	return f, found, err
}

// TeamFormulationHistory lists every version, newest first, audited.
func (db *DB) TeamFormulationHistory(ctx context.Context, a auth.Actor, personID int64) ([]staff.TeamFormulation, error) {
	var out []staff.TeamFormulation
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		var err error
		out, err = queryAll(ctx, tx, "team formulation history", `SELECT `+teamFormulationColumns+teamFormulationFrom+` WHERE f.person_id = ? ORDER BY v.version DESC`,
			[]any{personID}, scanTeamFormulation)
		if err != nil || len(out) == 0 {
			return err
		}
		audit(a.Event(auth.ActionView, personID, fmt.Sprintf("team-formulation/%d/history", out[0].ID)))
		return nil
	})
	return out, err
}

// SaveTeamFormulation saves a new version, keeping every earlier one: the
// first when f.Version is 0, otherwise only if the current version is
// still f.Version. A stale save is a Conflict and changes nothing; saving
// the same again records nothing.
func (db *DB) SaveTeamFormulation(ctx context.Context, a auth.Actor, f *staff.TeamFormulation) error {
	if err := f.Validate(db.Now()); err != nil {
		return err
	}
	stale := problem.Errorf(problem.Conflict, "Someone else saved a new version of this team formulation while you were editing. Your changes have not been saved; read the current version and add yours to it.")
	return db.Update(ctx, func(tx *Tx) error {
		current, found, err := tx.teamFormulation(ctx, f.PersonID, false)
		if err != nil {
			return err
		}
		switch {
		case !found && f.Version != 0, found && current.Version != f.Version:
			return stale
		case found && current.SameAs(*f):
			*f = current
			return nil
		case !found:
			err := tx.queryRow(ctx, `INSERT INTO team_formulations (person_id, version) VALUES (?, 1) RETURNING id`, f.PersonID).Scan(&f.ID)
			if err != nil && isUniqueViolation(err) {
				return stale
			}
			if err != nil {
				return fmt.Errorf("insert team formulation: %w", err)
			}
		default:
			res, err := tx.exec(ctx, `UPDATE team_formulations SET version = version + 1 WHERE id = ? AND version = ?`, current.ID, f.Version)
			if err != nil {
				return fmt.Errorf("update team formulation: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return stale
			}
			f.ID = current.ID
		}
		f.Version++
		f.SavedAt, f.SavedBy, f.SavedByName = tx.db.Now(), a.User.ID, a.User.DisplayName
		if _, err := tx.exec(ctx, `INSERT INTO team_formulation_versions (formulation_id, version, happening, patterns, helps, will_try, present, agreed_on, shared, saved_by, saved_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, f.Version, f.Happening, f.Patterns, f.Helps, f.WillTry, f.Present, dateText(f.AgreedOn), f.Shared,
			nullID(a.User.ID), f.SavedAt); err != nil {
			return fmt.Errorf("insert team formulation version: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, f.PersonID, fmt.Sprintf("team-formulation/%d", f.ID)))
	})
}
