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
	"throughline/internal/directory"
	"throughline/internal/problem"
)

// ServiceChange is one entry in a service's change history.
type ServiceChange struct {
	ID        int64
	ServiceID string
	At        time.Time
	UserID    int64
	Username  string
	Action    string // create, update, import
	Summary   string // one change per line
	Before    string // the service as JSON before, "" on create
	After     string
}

func (t *Tx) recordServiceChange(ctx context.Context, a auth.Actor, action string, before *directory.Service, after directory.Service) error {
	var summary, beforeJSON string
	if before == nil {
		summary = "Service added to the directory"
	} else {
		summary = strings.Join(directory.Changes(*before, after), "\n")
		b, _ := json.Marshal(before)
		beforeJSON = string(b)
	}
	afterJSON, _ := json.Marshal(after)
	_, err := t.exec(ctx, `INSERT INTO service_changes (service_id, at, user_id, username, action, summary, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		after.ID, t.db.Now(), a.User.ID, a.User.Username, action, summary, beforeJSON, string(afterJSON))
	if err != nil {
		return fmt.Errorf("record change to service %s: %w", after.ID, err)
	}
	// The directory's rules decide who is turned away, so every change is
	// also in the tamper-evident audit chain, in the same transaction.
	return t.auditDirectoryChange(ctx, a, "service/"+after.ID, action+": "+strings.ReplaceAll(summary, "\n", "; "))
}

// auditDirectoryChange appends a directory-change event for record, with
// what changed as its reason.
func (t *Tx) auditDirectoryChange(ctx context.Context, a auth.Actor, record, what string) error {
	e := a.Event(auth.ActionDirectoryChange, 0, record)
	e.Reason = what
	return t.audit(ctx, e)
}

func (t *Tx) findService(ctx context.Context, id string) (directory.Service, error) {
	s, err := scanService(t.queryRow(ctx, `SELECT `+serviceColumns+` FROM services WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, problem.Errorf(problem.NotFound, "No service with that id")
	}
	return s, err
}

// updateService writes s over the stored row if its version still matches.
func (t *Tx) updateService(ctx context.Context, s *directory.Service) error {
	r := encodeService(s)
	res, err := t.exec(ctx, `UPDATE services SET name = ?, organization = ?, description = ?, tier = ?, localities = ?, min_age = ?, max_age = ?,
		self_referral = ?, referral_routes = ?, eligibility = ?, offer = ?, typical_duration_weeks = ?, wait_weeks = ?, capacity = ?,
		contact = ?, good_practice = ?, barriers = ?, purpose = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		s.Name, s.Organization, s.Description, s.Tier, r.locs, intPtr(s.MinAge), intPtr(s.MaxAge), s.SelfReferral, r.routes, r.elig, r.offer,
		s.TypicalDurationWeeks, s.WaitWeeks, s.Capacity, r.contact, r.good, r.barriers, r.purpose, t.db.Now(), s.ID, s.Version)
	if err != nil {
		return fmt.Errorf("update service %s: %w", s.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return problem.Errorf(problem.Conflict, "Someone else changed this service while you were editing. Your changes have not been saved; review theirs and try again.")
	}
	s.Version++
	return nil
}

// SaveService updates a service if nobody changed it since s.Version was
// read, recording who changed what in its history.
func (db *DB) SaveService(ctx context.Context, a auth.Actor, s *directory.Service) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		before, err := tx.findService(ctx, s.ID)
		if err != nil {
			return err
		}
		if before.Version != s.Version {
			return problem.Errorf(problem.Conflict, "Someone else changed this service while you were editing. Your changes have not been saved; review theirs and try again.")
		}
		if len(directory.Changes(before, *s)) == 0 {
			return nil
		}
		if err := tx.updateService(ctx, s); err != nil {
			return err
		}
		return tx.recordServiceChange(ctx, a, "update", &before, *s)
	})
}

// AddService creates a service, recording it in the history.
func (db *DB) AddService(ctx context.Context, a auth.Actor, s *directory.Service) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.findService(ctx, s.ID); err == nil {
			return &problem.Error{Code: problem.Conflict, Message: "A service with id " + s.ID + " already exists", Fields: map[string]string{"id": "This id is already used"}}
		}
		if err := tx.CreateService(ctx, s); err != nil {
			return err
		}
		return tx.recordServiceChange(ctx, a, "create", nil, *s)
	})
}

// ImportSummary counts what an import did.
type ImportSummary struct {
	Localities, Created, Updated, Unchanged int
}

// ImportDirectory applies a parsed directory file in one transaction: new
// services are added, changed ones updated (with history), and services not
// in the file are left as they are, since referrals point at them.
func (db *DB) ImportDirectory(ctx context.Context, a auth.Actor, f directory.File) (ImportSummary, error) {
	var sum ImportSummary
	err := db.Update(ctx, func(tx *Tx) error {
		for _, l := range f.Localities {
			if err := tx.importLocality(ctx, a, l); err != nil {
				return err
			}
			sum.Localities++
		}
		for i := range f.Services {
			s := f.Services[i]
			before, err := tx.findService(ctx, s.ID)
			switch {
			case problem.Code(err) == problem.NotFound:
				if err := tx.CreateService(ctx, &s); err != nil {
					return err
				}
				if err := tx.recordServiceChange(ctx, a, "import", nil, s); err != nil {
					return err
				}
				sum.Created++
			case err != nil:
				return err
			case len(directory.Changes(before, s)) == 0:
				sum.Unchanged++
			default:
				s.Version = before.Version
				if err := tx.updateService(ctx, &s); err != nil {
					return err
				}
				if err := tx.recordServiceChange(ctx, a, "import", &before, s); err != nil {
					return err
				}
				sum.Updated++
			}
		}
		return nil
	})
	if err != nil {
		return ImportSummary{}, fmt.Errorf("import directory: %w", err)
	}
	return sum, nil
}

// importLocality adds or renames a locality from a directory file,
// auditing any change.
func (t *Tx) importLocality(ctx context.Context, a auth.Actor, l directory.Locality) error {
	var name string
	err := t.queryRow(ctx, `SELECT name FROM localities WHERE code = ?`, l.Code).Scan(&name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := t.CreateLocality(ctx, l); err != nil {
			return err
		}
		return t.auditDirectoryChange(ctx, a, "locality/"+l.Code, "import: locality added: "+l.Name)
	case err != nil:
		return fmt.Errorf("find locality %s: %w", l.Code, err)
	case name == l.Name:
		return nil
	}
	if _, err := t.exec(ctx, `UPDATE localities SET name = ? WHERE code = ?`, l.Name, l.Code); err != nil {
		return fmt.Errorf("rename locality %s: %w", l.Code, err)
	}
	return t.auditDirectoryChange(ctx, a, "locality/"+l.Code, fmt.Sprintf("import: locality renamed from %s to %s", name, l.Name))
}

// ServiceHistory lists a service's changes, newest first.
func (db *DB) ServiceHistory(ctx context.Context, id string) ([]ServiceChange, error) {
	return queryAll(ctx, db, "service history", `SELECT id, service_id, at, user_id, username, action, summary, before, after
		FROM service_changes WHERE service_id = ? ORDER BY at DESC, id DESC`, []any{id}, func(rows scanner, c *ServiceChange) error {
		return rows.Scan(&c.ID, &c.ServiceID, dbTime{&c.At}, &c.UserID, &c.Username, &c.Action, &c.Summary, &c.Before, &c.After)
	})
}
