package store

import (
	"context"
	"fmt"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/fhir"
	"throughline/internal/problem"
)

// FHIRStaff is one page (offset, count) of the care staff, in id order,
// and how many there are in all; id, when not 0, keeps that one. Only
// what Practitioner shows is read: never a password or account field.
func (db *DB) FHIRStaff(ctx context.Context, id int64, offset, count int) ([]fhir.Staff, int, error) {
	if count < 0 || count > MaxFHIRCount || offset < 0 {
		return nil, 0, problem.Errorf(problem.Invalid, "A page holds 0 to %d resources, from offset 0", MaxFHIRCount)
	}
	roles := make([]any, len(auth.CareStaff))
	for i, r := range auth.CareStaff {
		roles[i] = string(r)
	}
	where := ` FROM users WHERE role IN (?` + strings.Repeat(", ?", len(roles)-1) + `) AND (? = 0 OR id = ?)`
	args := append(roles, id, id)
	var out []fhir.Staff
	var total int
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count FHIR staff: %w", err)
		}
		if count == 0 || offset >= total {
			return nil
		}
		var err error
		out, err = queryAll(ctx, tx, "FHIR staff", `SELECT id, display_name, role, profession, disabled, version, created_at`+where+
			fmt.Sprintf(` ORDER BY id LIMIT %d OFFSET %d`, count, offset), args, func(rows scanner, s *fhir.Staff) error {
			var role string
			var disabled bool
			err := rows.Scan(&s.ID, &s.Name, &role, &s.Profession, &disabled, &s.Version, dbTime{&s.Created})
			s.RoleLabel, s.Active = auth.Role(role).Label(), !disabled
			return err
		})
		if err != nil || len(out) == 0 {
			return err
		}
		at := map[int64]int{}
		ids := make([]int64, len(out))
		for i, s := range out {
			at[s.ID], ids[i] = i, s.ID
		}
		q, qargs := appendIn(`SELECT tm.user_id, t.name, COALESCE(t.service_id, '') FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.user_id IN (0`, nil, ids)
		teams, err := queryAll(ctx, tx, "FHIR staff teams", q+`) ORDER BY tm.user_id, t.name`, qargs, func(rows scanner, m *struct {
			user int64
			fhir.StaffTeam
		}) error {
			return rows.Scan(&m.user, &m.Name, &m.ServiceID)
		})
		for _, m := range teams {
			out[at[m.user]].Teams = append(out[at[m.user]].Teams, m.StaffTeam)
		}
		return err
	})
	return out, total, err
}
