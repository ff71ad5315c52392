package store

import (
	"context"

	"throughline/internal/auth"
)

// TeamStaff lists the enabled clinicians, peer workers and team managers
// in the given teams, by name: the people an appointment or a group can be
// with.
func (db *DB) TeamStaff(ctx context.Context, teamIDs []int64) ([]auth.User, error) {
	q := `SELECT DISTINCT u.id, u.username, u.display_name, u.role, u.profession FROM users u JOIN team_members tm ON tm.user_id = u.id
		WHERE NOT u.disabled AND u.role IN ('clinician', 'peer-worker', 'team-manager') AND tm.team_id IN (0`
	q, args := appendIn(q, nil, teamIDs)
	return queryAll(ctx, db, "team staff", q+`) ORDER BY u.display_name, u.id`, args, func(rows scanner, u *auth.User) error {
		var role string
		if err := rows.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.Profession); err != nil {
			return err
		}
		u.Role = auth.Role(role)
		return nil
	})
}
