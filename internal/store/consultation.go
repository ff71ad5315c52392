package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
	"throughline/internal/staff"
)

// AskConsultation saves a question to a specialist team, audited. The
// team must belong to the CEN specialist service and the asker's service
// must be another one.
func (db *DB) AskConsultation(ctx context.Context, a auth.Actor, c *staff.Consultation) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		var tier string
		if err := tx.queryRow(ctx, `SELECT s.tier FROM teams t JOIN services s ON s.id = t.service_id WHERE t.id = ?`, c.TeamID).Scan(&tier); err != nil || tier != "specialist-cen" {
			return invalidField("team", "Choose one of the specialist teams")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM services WHERE id = ? AND tier <> 'specialist-cen'`, c.FromServiceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return invalidField("from_service", "Choose your service from the list")
		}
		err := tx.queryRow(ctx, `INSERT INTO consultations (from_service_id, team_id, asked_by, about, identified, question, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.FromServiceID, c.TeamID, a.User.ID, c.About, c.Identified, c.Question, tx.db.Now()).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("ask consultation: %w", err)
		}
		return tx.audit(ctx, a.Event(auth.ActionCreate, 0, fmt.Sprintf("consultation/%d", c.ID)))
	})
}

// AdviseConsultation records the team's advice, by a member of the team asked, audited.
func (db *DB) AdviseConsultation(ctx context.Context, a auth.Actor, id int64, advice string) error {
	if err := staff.ValidateAdvice(advice); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		var team int64
		var given string
		if err := tx.queryRow(ctx, `SELECT team_id, advice FROM consultations WHERE id = ?`, id).Scan(&team, &given); err != nil || !slices.Contains(a.User.TeamIDs, team) {
			return problem.Errorf(problem.NotFound, "No consultation with that id for your teams")
		}
		if given != "" {
			return problem.Errorf(problem.Conflict, "Advice has already been recorded for this consultation")
		}
		if _, err := tx.exec(ctx, `UPDATE consultations SET advice = ?, advised_by = ?, advised_at = ? WHERE id = ?`, advice, a.User.ID, tx.db.Now(), id); err != nil {
			return err
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, 0, fmt.Sprintf("consultation/%d/advice", id)))
	})
}

// ConsultationRow is a consultation as its list shows it.
type ConsultationRow struct {
	staff.Consultation
	FromService, TeamName, AskedBy, AdvisedBy string
	AskedAt, AdvisedAt                        time.Time
}

// Consultations lists a page of consultations, newest first: those asked
// of the teams, or (askedBy not 0) those one person asked.
func (db *DB) Consultations(ctx context.Context, teamIDs []int64, askedBy int64, p Page) (Paged[ConsultationRow], error) {
	out := Paged[ConsultationRow]{Page: p}
	if err := p.Check(); err != nil {
		return out, err
	}
	where, args := appendIn(`c.team_id IN (0`, nil, teamIDs)
	where += `)`
	if askedBy != 0 {
		where, args = `c.asked_by = ?`, []any{askedBy}
	}
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM consultations c WHERE `+where, args...).Scan(&out.Total); err != nil {
			return err
		}
		var err error
		out.Rows, err = queryAll(ctx, tx, "consultations", `SELECT c.id, c.from_service_id, c.team_id, c.about, c.identified, c.question, c.advice, s.name, t.name, u.display_name,
			COALESCE(v.display_name, ''), c.asked_at, c.advised_at FROM consultations c JOIN services s ON s.id = c.from_service_id JOIN teams t ON t.id = c.team_id
			JOIN users u ON u.id = c.asked_by LEFT JOIN users v ON v.id = c.advised_by WHERE `+where+` ORDER BY c.asked_at DESC, c.id DESC`+p.sql(), args,
			func(rows scanner, r *ConsultationRow) error {
				return rows.Scan(&r.ID, &r.FromServiceID, &r.TeamID, &r.About, &r.Identified, &r.Question, &r.Advice, &r.FromService, &r.TeamName, &r.AskedBy,
					&r.AdvisedBy, dbTime{&r.AskedAt}, dbTime{&r.AdvisedAt})
			})
		return err
	})
	return out, err
}

// ConsultationsFrom counts the consultations a service asked since a
// time: raw, for the page to disclose.
func (db *DB) ConsultationsFrom(ctx context.Context, serviceID string, since time.Time) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT COUNT(*) FROM consultations WHERE from_service_id = ? AND asked_at >= ?`, serviceID, since).Scan(&n)
	})
	return n, err
}
