package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/problem"
)

// Account lifecycle: every change is audited in the transaction that
// makes it, with the administrator (or the system, from the command line)
// as the actor and the account as the record.

// auditAccount appends an account event; detail says what changed.
func (t *Tx) auditAccount(ctx context.Context, a auth.Actor, action string, userID int64, detail string) error {
	e := a.Event(action, 0, fmt.Sprintf("user/%d", userID))
	e.Reason = detail
	return t.audit(ctx, e)
}

func teamsNote(ids []int64) string {
	if len(ids) == 0 {
		return ", no teams"
	}
	return ", teams " + joinIDs(ids)
}

func joinIDs(ids []int64) string {
	if len(ids) == 0 {
		return "none"
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, ",")
}

// endSessions signs an account out everywhere: full sessions and sign-ins
// waiting for their second step.
func (t *Tx) endSessions(ctx context.Context, userID int64) error {
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	if _, err := t.exec(ctx, `DELETE FROM pending_sign_ins WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("end pending sign-ins of user %d: %w", userID, err)
	}
	return nil
}

// UsersPage is one page of the account list, with the total for paging.
type UsersPage struct {
	Users []auth.User
	Total int
}

// UserTotal is how many accounts there are, of every role and state.
func (db *DB) UserTotal(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// ListUsers lists accounts by role then name, with their teams, limit
// rows from offset.
func (db *DB) ListUsers(ctx context.Context, offset, limit int) (UsersPage, error) {
	var p UsersPage
	lim, err := limitSQL("users", limit, 50)
	if err != nil {
		return p, err
	}
	if offset < 0 {
		return p, problem.Errorf(problem.Invalid, "A page of users cannot start before the first")
	}
	err = db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&p.Total); err != nil {
			return err
		}
		p.Users, err = queryAll(ctx, tx, "list users", `SELECT `+userColumns+` FROM users ORDER BY role, display_name, id`+lim+fmt.Sprintf(" OFFSET %d", offset), nil, into(scanUser))
		if err != nil {
			return err
		}
		ids := make([]int64, len(p.Users))
		for i, u := range p.Users {
			ids[i] = u.ID
		}
		if len(ids) == 0 {
			return nil
		}
		q, args := appendIn(`SELECT user_id, team_id FROM team_members WHERE user_id IN (0`, nil, ids)
		teams := map[int64][]int64{}
		err = eachRow(ctx, tx, "users' teams", q+`) ORDER BY team_id`, args, func(rows scanner) error {
			var user, team int64
			if err := rows.Scan(&user, &team); err != nil {
				return err
			}
			teams[user] = append(teams[user], team)
			return nil
		})
		for i := range p.Users {
			p.Users[i].TeamIDs = teams[p.Users[i].ID]
		}
		return err
	})
	return p, err
}

// AccountAccess is what an administrator may change about what an account
// can do: its role (with the profession clinicians need) and its teams.
type AccountAccess struct {
	Version    int
	Role       auth.Role
	Profession string
	TeamIDs    []int64
}

// SetAccountAccess changes an account's role and teams, auditing each
// change. A stale version is a conflict.
func (db *DB) SetAccountAccess(ctx context.Context, a auth.Actor, userID int64, c AccountAccess) error {
	return db.Update(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "id = ?", userID)
		if err != nil {
			return err
		}
		if c.Version != 0 && c.Version != u.Version {
			return problem.Errorf(problem.Conflict, "Someone else changed %s's account while you were editing it. Reload the page and try again.", u.Username)
		}
		before := u
		u.Role, u.Profession = c.Role, c.Profession
		u.TeamIDs = slices.Compact(slices.Sorted(slices.Values(c.TeamIDs)))
		if err := u.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET role = ?, profession = ?, version = version + 1 WHERE id = ?`, string(u.Role), u.Profession, userID); err != nil {
			return fmt.Errorf("update user %d: %w", userID, err)
		}
		if before.Role != u.Role || before.Profession != u.Profession {
			detail := fmt.Sprintf("%s: role %s to %s", u.Username, before.Role, u.Role)
			if u.Profession != "" {
				detail += " (" + u.Profession + ")"
			}
			if err := tx.auditAccount(ctx, a, auth.ActionUserRole, userID, detail); err != nil {
				return err
			}
		}
		if slices.Equal(before.TeamIDs, u.TeamIDs) {
			return nil
		}
		if _, err := tx.exec(ctx, `DELETE FROM team_members WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("clear teams of user %d: %w", userID, err)
		}
		for _, team := range u.TeamIDs {
			if err := tx.addTeamMember(ctx, team, userID); err != nil {
				return problem.Errorf(problem.Invalid, "Team %d does not exist", team)
			}
		}
		return tx.auditAccount(ctx, a, auth.ActionUserTeams, userID, fmt.Sprintf("%s: teams %s to %s", u.Username, joinIDs(before.TeamIDs), joinIDs(u.TeamIDs)))
	})
}

// SetAccountActive deactivates or reactivates an account. Deactivation
// ends every session of the account in the same transaction, so it takes
// effect on the person's very next request.
func (db *DB) SetAccountActive(ctx context.Context, a auth.Actor, userID int64, active bool) error {
	return db.Update(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "id = ?", userID)
		if err != nil {
			return err
		}
		if u.Disabled == !active {
			if active {
				return problem.Errorf(problem.Conflict, "The account %s is already active", u.Username)
			}
			return problem.Errorf(problem.Conflict, "The account %s is already deactivated", u.Username)
		}
		if _, err := tx.exec(ctx, `UPDATE users SET disabled = ?, version = version + 1 WHERE id = ?`, !active, userID); err != nil {
			return fmt.Errorf("update user %d: %w", userID, err)
		}
		if active {
			return tx.auditAccount(ctx, a, auth.ActionUserReactivate, userID, u.Username)
		}
		if err := tx.endSessions(ctx, userID); err != nil {
			return err
		}
		return tx.auditAccount(ctx, a, auth.ActionUserDeactivate, userID, u.Username)
	})
}

// ResetPassword gives an account a temporary password (already hashed)
// that must be changed at the next sign-in, and signs it out everywhere.
func (db *DB) ResetPassword(ctx context.Context, a auth.Actor, userID int64, hash string) error {
	return db.Update(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "id = ?", userID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, version = version + 1 WHERE id = ?`, hash, true, userID); err != nil {
			return fmt.Errorf("reset password of user %d: %w", userID, err)
		}
		if err := tx.endSessions(ctx, userID); err != nil {
			return err
		}
		return tx.auditAccount(ctx, a, auth.ActionPasswordReset, userID, u.Username+": temporary password, must change at next sign-in")
	})
}

// ChangePassword sets a person's own new password (already hashed),
// clears "must change", and ends every other session of theirs, keeping
// the one they are using (keepSession, a token hash; may be empty).
func (db *DB) ChangePassword(ctx context.Context, u auth.User, hash, keepSession string) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, version = version + 1 WHERE id = ?`, hash, false, u.ID)
		if err != nil {
			return fmt.Errorf("change password of user %d: %w", u.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return problem.Errorf(problem.NotFound, "No such user")
		}
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, u.ID, keepSession); err != nil {
			return fmt.Errorf("end other sessions of user %d: %w", u.ID, err)
		}
		return tx.auditAccount(ctx, auth.Actor{User: u}, auth.ActionPasswordChange, u.ID, u.Username)
	})
}
