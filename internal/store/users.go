package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"throughline/internal/auth"
	"throughline/internal/problem"
)

const userColumns = `id, username, display_name, role, profession, organization, COALESCE(person_id, 0), disabled, password_hash, version, created_at,
	must_change_password, last_sign_in_at, EXISTS (SELECT 1 FROM user_totp WHERE user_totp.user_id = users.id AND user_totp.enabled_at IS NOT NULL)`

func scanUser(s scanner) (auth.User, error) {
	var u auth.User
	var role string
	err := s.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.Profession, &u.Organization, &u.PersonID, &u.Disabled, &u.PasswordHash, &u.Version, dbTime{&u.CreatedAt},
		&u.MustChangePassword, dbTime{&u.LastSignInAt}, &u.TwoFactor)
	u.Role = auth.Role(role)
	return u, err
}

// CreateUser validates and inserts u as the system (demo load, fixtures).
func (t *Tx) CreateUser(ctx context.Context, u *auth.User) error {
	return t.CreateUserAs(ctx, auth.System, u)
}

// CreateUserAs validates and inserts u, setting its id, and audits the
// new account with a as the actor in the same transaction.
func (t *Tx) CreateUserAs(ctx context.Context, a auth.Actor, u *auth.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return problem.Errorf(problem.Invalid, "A password is required")
	}
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`, u.Username).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return problem.Errorf(problem.Conflict, "The username %s is already taken", u.Username)
	}
	u.CreatedAt, u.Version = t.db.Now(), 1
	err := t.queryRow(ctx, `INSERT INTO users (username, display_name, role, profession, organization, person_id, disabled, password_hash, version, created_at, must_change_password)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		u.Username, u.DisplayName, string(u.Role), u.Profession, u.Organization, nullID(u.PersonID), u.Disabled, u.PasswordHash, u.CreatedAt, u.MustChangePassword).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("insert user %s: %w", u.Username, err)
	}
	for _, team := range u.TeamIDs {
		if err := t.addTeamMember(ctx, team, u.ID); err != nil {
			return err
		}
	}
	return t.auditAccount(ctx, a, auth.ActionUserCreate, u.ID, fmt.Sprintf("%s as %s%s", u.Username, u.Role, teamsNote(u.TeamIDs)))
}

// CreateUser inserts a user in its own transaction, audited as the system.
func (db *DB) CreateUser(ctx context.Context, u *auth.User) error {
	return db.CreateUserAs(ctx, auth.System, u)
}

// CreateUserAs inserts a user in its own transaction, audited as a.
func (db *DB) CreateUserAs(ctx context.Context, a auth.Actor, u *auth.User) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.CreateUserAs(ctx, a, u) })
}

// addTeamMember puts a user in a team.
func (t *Tx) addTeamMember(ctx context.Context, teamID, userID int64) error {
	if _, err := t.exec(ctx, `INSERT INTO team_members (team_id, user_id) VALUES (?, ?)`, teamID, userID); err != nil {
		return fmt.Errorf("add user %d to team %d: %w", userID, teamID, err)
	}
	return nil
}

func (t *Tx) findUser(ctx context.Context, where string, arg any) (auth.User, error) {
	u, err := scanUser(t.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, problem.Errorf(problem.NotFound, "No such user")
	}
	if err != nil {
		return u, err
	}
	u.TeamIDs, err = queryAll(ctx, t, "user's teams", `SELECT team_id FROM team_members WHERE user_id = ? ORDER BY team_id`, []any{u.ID}, scanValue[int64])
	return u, err
}

// UserByUsername finds a user by username (case-insensitive).
func (db *DB) UserByUsername(ctx context.Context, username string) (u auth.User, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		u, err = tx.findUser(ctx, "username = ?", strings.ToLower(strings.TrimSpace(username)))
		return err
	})
	return u, err
}

// UserByID finds a user by id.
func (db *DB) UserByID(ctx context.Context, id int64) (u auth.User, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		u, err = tx.findUser(ctx, "id = ?", id)
		return err
	})
	return u, err
}

// Users lists every user, by role then name.
func (db *DB) Users(ctx context.Context) ([]auth.User, error) {
	var out []auth.User
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, "list users", `SELECT `+userColumns+` FROM users ORDER BY role, display_name`, nil, into(scanUser))
		return err
	})
	return out, err
}
