package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// carePlan reads the plan for an episode without auditing. Before the first
// save it is an empty plan (Version 0) for the episode's person.
func (t *Tx) carePlan(ctx context.Context, episodeID int64) (care.CarePlan, error) {
	e, err := t.episode(ctx, episodeID)
	if err != nil {
		return care.CarePlan{}, err
	}
	p := care.CarePlan{PersonID: e.PersonID, EpisodeID: e.ID, Agreement: care.AgreementNotYet}
	var review string
	err = t.queryRow(ctx, `SELECT cp.id, cp.review_on, cp.agreement, cp.person_comments, cp.version, cp.updated_at, COALESCE(u.display_name, 'Throughline')
		FROM care_plans cp LEFT JOIN users u ON u.id = cp.updated_by WHERE cp.episode_id = ?`, episodeID).
		Scan(&p.ID, &review, &p.Agreement, &p.PersonComments, &p.Version, dbTime{&p.UpdatedAt}, &p.UpdatedBy)
	if err != nil {
		if problem.Code(notFound(err, "care plan")) == problem.NotFound {
			return p, nil
		}
		return p, fmt.Errorf("read care plan for episode %d: %w", episodeID, err)
	}
	p.ReviewOn = parseDateText(review)
	needs := map[string]*care.Need{}
	err = eachRow(ctx, t, "care plan needs", `SELECT domain, description FROM care_plan_needs WHERE plan_id = ?`, []any{p.ID}, func(rows scanner) error {
		var n care.Need
		if err := rows.Scan(&n.Domain, &n.Description); err != nil {
			return err
		}
		needs[n.Domain] = &n
		return nil
	})
	if err != nil {
		return p, err
	}
	err = eachRow(ctx, t, "care plan actions", `SELECT a.domain, a.text, a.owner_kind, COALESCE(a.owner_user_id, 0), COALESCE(u.display_name, ''), a.agency
		FROM care_plan_actions a LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.plan_id = ? ORDER BY a.domain, a.position`, []any{p.ID}, func(rows scanner) error {
		var domain string
		var a care.Action
		if err := rows.Scan(&domain, &a.Text, &a.OwnerKind, &a.StaffID, &a.StaffName, &a.Agency); err != nil {
			return err
		}
		if n := needs[domain]; n != nil {
			n.Actions = append(n.Actions, a)
		}
		return nil
	})
	// Needs in the order of care.LifeDomains.
	for _, d := range care.LifeDomains {
		if n := needs[d.Code]; n != nil {
			p.Needs = append(p.Needs, *n)
		}
	}
	return p, err
}

// CarePlanRecord names an episode's care plan in audit events, as every
// view of it is recorded: the page, the printable plan and a carer's view.
func CarePlanRecord(episodeID int64) string { return fmt.Sprintf("care-plan/episode/%d", episodeID) }

// CarePlan reads an episode's care plan, audited as a view of the record.
func (db *DB) CarePlan(ctx context.Context, a auth.Actor, episodeID int64) (care.CarePlan, error) {
	var p care.CarePlan
	err := db.viewAudited(ctx, func(tx *Tx, audit func(auth.Event)) error {
		var err error
		if p, err = tx.carePlan(ctx, episodeID); err != nil {
			return err
		}
		audit(a.Event(auth.ActionView, p.PersonID, CarePlanRecord(episodeID)))
		return nil
	})
	return p, err
}

// carePlanConflict is the message when the plan changed under the editor.
const carePlanConflict = "Someone else saved this care plan while you were editing. Your changes have not been saved yet."

// SaveCarePlan saves p if nobody has saved the plan since p.Version was
// read (0: the plan did not exist yet). On success p.Version is the new
// version; every version is kept. A stale save is a Conflict and changes
// nothing.
func (db *DB) SaveCarePlan(ctx context.Context, a auth.Actor, p *care.CarePlan) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.SaveCarePlan(ctx, a, p) })
}

// SaveCarePlan saves a care plan inside tx (see DB.SaveCarePlan).
func (t *Tx) SaveCarePlan(ctx context.Context, a auth.Actor, p *care.CarePlan) error {
	now := t.db.Now()
	e, err := t.episode(ctx, p.EpisodeID)
	if err != nil {
		return err
	}
	if e.PersonID != p.PersonID {
		return problem.Errorf(problem.NotFound, "No such episode for this person")
	}
	if err := e.CheckActive(care.ChangeCarePlan); err != nil {
		return err
	}
	if err := p.Validate(now); err != nil {
		return err
	}
	if err := t.checkActionOwners(ctx, p.Needs); err != nil {
		return err
	}
	if p.Version == 0 {
		if taken, err := t.taken(ctx, `SELECT COUNT(*) FROM care_plans WHERE episode_id = ?`, p.EpisodeID); err != nil {
			return err
		} else if taken {
			return problem.Errorf(problem.Conflict, carePlanConflict)
		}
		p.ID, err = t.insertID(ctx, `INSERT INTO care_plans (person_id, episode_id, review_on, agreement, person_comments, version, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`, p.PersonID, p.EpisodeID, dateText(p.ReviewOn), string(p.Agreement), p.PersonComments,
			now, nullID(a.User.ID))
		if err != nil {
			return fmt.Errorf("insert care plan: %w", err)
		}
		t.remember("care_plans", planOwnerSQL, []any{p.ID}, p.PersonID) // pgload (bulk_memo.go)
	} else {
		err := t.queryRow(ctx, `SELECT id FROM care_plans WHERE episode_id = ?`, p.EpisodeID).Scan(&p.ID)
		if err != nil {
			return notFound(err, "care plan")
		}
		res, err := t.exec(ctx, `UPDATE care_plans SET review_on = ?, agreement = ?, person_comments = ?, version = version + 1, updated_at = ?, updated_by = ?
			WHERE id = ? AND version = ?`, dateText(p.ReviewOn), string(p.Agreement), p.PersonComments, now, nullID(a.User.ID), p.ID, p.Version)
		if err != nil {
			return fmt.Errorf("update care plan %d: %w", p.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, carePlanConflict)
		}
		for _, table := range []string{"care_plan_needs", "care_plan_actions"} {
			if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE plan_id = ?`, p.ID); err != nil {
				return fmt.Errorf("clear %s: %w", table, err)
			}
		}
	}
	p.Version++
	for _, n := range p.Needs {
		if err := t.insertRow(ctx, `INSERT INTO care_plan_needs (plan_id, domain, description) VALUES (?, ?, ?)`, p.ID, n.Domain, n.Description); err != nil {
			return fmt.Errorf("insert need %s: %w", n.Domain, err)
		}
		for i, ac := range n.Actions {
			if err := t.insertRow(ctx, `INSERT INTO care_plan_actions (plan_id, domain, position, text, owner_kind, owner_user_id, agency) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				p.ID, n.Domain, i, ac.Text, ac.OwnerKind, nullID(ac.StaffID), ac.Agency); err != nil {
				return fmt.Errorf("insert action: %w", err)
			}
		}
	}
	p.UpdatedAt = now
	snapshot, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := t.insertRow(ctx, `INSERT INTO care_plan_versions (plan_id, version, saved_at, saved_by, snapshot) VALUES (?, ?, ?, ?, ?)`,
		p.ID, p.Version, now, nullID(a.User.ID), string(snapshot)); err != nil {
		return fmt.Errorf("keep care plan version: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionUpdate, p.PersonID, fmt.Sprintf("care-plan/%d", p.ID)))
}

func (t *Tx) checkActionOwners(ctx context.Context, needs []care.Need) error {
	for _, n := range needs {
		for _, ac := range n.Actions {
			if ac.OwnerKind != care.OwnerStaff {
				continue
			}
			var role string
			if err := t.lookup(ctx, "users", `SELECT role FROM users WHERE id = ?`, []any{ac.StaffID}, &role); err != nil || !isCareStaff(auth.Role(role)) {
				var v problem.Validation
				v.Add("action-"+n.Domain, care.LifeDomainLabel(n.Domain)+": choose a member of staff who owns the action")
				return v.Err()
			}
		}
	}
	return nil
}

func isCareStaff(r auth.Role) bool {
	for _, c := range auth.CareStaff {
		if r == c {
			return true
		}
	}
	return false
}

// PlanVersion is one saved version of a plan.
type PlanVersion struct {
	Version int
	SavedAt time.Time
	SavedBy string
}

// CarePlanVersions lists a plan's saved versions, newest first.
func (db *DB) CarePlanVersions(ctx context.Context, planID int64) ([]PlanVersion, error) {
	return db.planVersions(ctx, "care_plan_versions", planID)
}

func (db *DB) planVersions(ctx context.Context, table string, planID int64) ([]PlanVersion, error) {
	return queryAll(ctx, db, "plan versions", `SELECT v.version, v.saved_at, COALESCE(u.display_name, 'Throughline') FROM `+table+` v
		LEFT JOIN users u ON u.id = v.saved_by WHERE v.plan_id = ? ORDER BY v.version DESC`, []any{planID}, func(rows scanner, v *PlanVersion) error {
		return rows.Scan(&v.Version, dbTime{&v.SavedAt}, &v.SavedBy)
	})
}

// AddLiaison records a contact with another agency about a need in the
// plan, audited.
func (db *DB) AddLiaison(ctx context.Context, a auth.Actor, l *care.Liaison) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.AddLiaison(ctx, a, l) })
}

// planOwnerSQL reads whose a care plan is.
const planOwnerSQL = `SELECT person_id FROM care_plans WHERE id = ?`

// AddLiaison records a liaison contact inside tx.
func (t *Tx) AddLiaison(ctx context.Context, a auth.Actor, l *care.Liaison) error {
	now := t.db.Now()
	if err := l.Validate(now); err != nil {
		return err
	}
	var person int64
	if err := t.lookup(ctx, "care_plans", planOwnerSQL, []any{l.PlanID}, &person); err != nil {
		return notFound(err, "care plan")
	}
	if person != l.PersonID {
		return problem.Errorf(problem.NotFound, "No such care plan for this person")
	}
	var err error
	l.ID, err = t.insertID(ctx, `INSERT INTO liaison (person_id, plan_id, on_date, agency, contact, discussed, domain, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, l.PersonID, l.PlanID, dateText(l.On), l.Agency, l.Contact, l.Discussed, l.Domain,
		nullID(a.User.ID), now)
	if err != nil {
		return fmt.Errorf("insert liaison: %w", err)
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, l.PersonID, fmt.Sprintf("liaison/%d", l.ID)))
}

// Liaisons lists a plan's liaison records, newest first. Not audited: the
// care plan page audits the view.
func (db *DB) Liaisons(ctx context.Context, planID int64) ([]care.Liaison, error) {
	return queryAll(ctx, db, "list liaison", `SELECT l.id, l.person_id, l.plan_id, l.on_date, l.agency, l.contact, l.discussed, l.domain,
		COALESCE(u.display_name, 'Throughline') FROM liaison l LEFT JOIN users u ON u.id = l.recorded_by WHERE l.plan_id = ? ORDER BY l.on_date DESC, l.id DESC`, []any{planID}, func(rows scanner, l *care.Liaison) error {
		var on string
		if err := rows.Scan(&l.ID, &l.PersonID, &l.PlanID, &on, &l.Agency, &l.Contact, &l.Discussed, &l.Domain, &l.RecordedBy); err != nil {
			return err
		}
		l.On = parseDateText(on)
		return nil
	})
}
