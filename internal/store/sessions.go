package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/problem"
)

// CreateSession stores a new session. When replacing is non-empty that
// session is removed in the same transaction (rotation on sign-in).
func (db *DB) CreateSession(ctx context.Context, s auth.Session, replacing string) error {
	return db.Update(ctx, func(tx *Tx) error {
		if replacing != "" {
			if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, replacing); err != nil {
				return err
			}
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?)`,
			s.TokenHash, s.UserID, s.CSRFToken, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.UserAgent)
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		// The account list shows when each account last signed in.
		if _, err := tx.exec(ctx, `UPDATE users SET last_sign_in_at = ? WHERE id = ?`, s.CreatedAt.UTC(), s.UserID); err != nil {
			return fmt.Errorf("note sign-in time: %w", err)
		}
		return nil
	})
}

// Session finds a session by token hash.
func (db *DB) Session(ctx context.Context, tokenHash string) (auth.Session, error) {
	var s auth.Session
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, user_agent FROM sessions WHERE token_hash = ?`), tokenHash).
		Scan(&s.TokenHash, &s.UserID, &s.CSRFToken, dbTime{&s.CreatedAt}, dbTime{&s.LastSeenAt}, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return s, problem.Errorf(problem.Unauthorized, "Your session has ended. Please sign in again.")
	}
	return s, err
}

// SessionUser finds a session by token hash together with its user and
// the user's teams, in one statement: it runs on every signed-in request,
// so it is one indexed read rather than a session read and a user
// transaction. Nothing is cached between requests, so signing out,
// disabling an account or changing a role on any process takes effect on
// the next request everywhere.
func (db *DB) SessionUser(ctx context.Context, tokenHash string) (auth.Session, auth.User, error) {
	var sr sessionRead
	if err := db.readTogether(ctx, sr.step(tokenHash)); err != nil {
		return sr.sess, sr.u, err
	}
	return sr.result()
}

// sessionUserQuery is SessionUser's statement. The session's columns come
// through a derived table whose names clash with none of userColumns, so
// those stay unqualified.
const sessionUserQuery = `SELECT ` + userColumns + `, s.token_hash, s.user_id, s.csrf_token, s.session_created_at, s.last_seen_at, s.user_agent, team_members.team_id,
		COALESCE((SELECT value FROM account_settings WHERE name = ?), 'off')
		FROM (SELECT token_hash, user_id, csrf_token, created_at AS session_created_at, last_seen_at, user_agent FROM sessions WHERE token_hash = ?) s
		JOIN users ON users.id = s.user_id
		LEFT JOIN team_members ON team_members.user_id = users.id
		ORDER BY team_members.team_id`

// sessionRead gathers the rows of sessionUserQuery: one per team of the
// user, or one with no team.
type sessionRead struct {
	sess  auth.Session
	u     auth.User
	teams []int64 // nil for a user in no team, as UserByID gives
}

// step reads the session tokenHash names into sr.
func (sr *sessionRead) step(tokenHash string) readStep {
	return readStep{what: "load session", q: sessionUserQuery, args: []any{settingTwoFactorRequired, tokenHash}, row: sr.row}
}

func (sr *sessionRead) row(row scanner) error {
	var team sql.NullInt64
	var twoFactor string
	u, err := scanUser(withExtra{row, []any{&sr.sess.TokenHash, &sr.sess.UserID, &sr.sess.CSRFToken, dbTime{&sr.sess.CreatedAt}, dbTime{&sr.sess.LastSeenAt}, &sr.sess.UserAgent, &team, &twoFactor}})
	if err != nil {
		return err
	}
	sr.u = u
	sr.sess.TwoFactorRequired = twoFactor == "on"
	if team.Valid {
		sr.teams = append(sr.teams, team.Int64)
	}
	return nil
}

// result is the session and its user, or Unauthorized when no session
// has the token.
func (sr *sessionRead) result() (auth.Session, auth.User, error) {
	if sr.sess.TokenHash == "" {
		return sr.sess, sr.u, problem.Errorf(problem.Unauthorized, "Your session has ended. Please sign in again.")
	}
	sr.u.TeamIDs = sr.teams
	return sr.sess, sr.u, nil
}

// withExtra scans a row into a scanner's columns and then extra ones, so
// a scan function for one table reads a joined row.
type withExtra struct {
	row   scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }

// TouchSession records activity on a session.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`), at.UTC(), tokenHash)
	return err
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM sessions WHERE token_hash = ?`), tokenHash)
	return err
}

// PurgeSessions removes sessions that have passed either limit.
func (db *DB) PurgeSessions(ctx context.Context, l auth.SessionLimits) (int64, error) {
	now := db.Now()
	res, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`),
		now.Add(-l.Idle), now.Add(-l.Absolute))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// RecordLoginAttempt notes a sign-in attempt for throttling.
func (db *DB) RecordLoginAttempt(ctx context.Context, username, remote string, ok bool) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`INSERT INTO login_attempts (username, at, succeeded, remote) VALUES (?, ?, ?, ?)`),
		username, db.Now(), ok, remote)
	return err
}

// LoginFailuresSince returns the times of failed attempts for username since
// the later of since and the last successful sign-in.
func (db *DB) LoginFailuresSince(ctx context.Context, username string, since time.Time) ([]time.Time, error) {
	var out []time.Time
	err := eachRow(ctx, db, "login failures", `SELECT at, succeeded FROM login_attempts WHERE username = ? AND at >= ? ORDER BY at`, []any{username, since.UTC()}, func(rows scanner) error {
		var at time.Time
		var ok bool
		if err := rows.Scan(dbTime{&at}, &ok); err != nil {
			return err
		}
		if ok {
			out = out[:0]
		} else {
			out = append(out, at)
		}
		return nil
	})
	return out, err
}
