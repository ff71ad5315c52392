package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
)

// SignInAttempt is one try at signing in, kept for throttling and audited.
type SignInAttempt struct {
	Username  string    // as typed, lower case
	User      auth.User // the account, zero when there is none by that name
	Address   string    // where the attempt came from
	Succeeded bool
}

// LoginFailures returns the failed sign-ins that count against an attempt
// under t: the account's since its last success, and the address's.
func (db *DB) LoginFailures(ctx context.Context, username, address string, t auth.Throttle) (auth.LoginFailures, error) {
	now := db.Now()
	var f auth.LoginFailures
	var err error
	if f.Account, err = db.LoginFailuresSince(ctx, username, now.Add(-t.Account.Window)); err != nil {
		return f, err
	}
	err = eachRow(ctx, db, "login failures by address", `SELECT at FROM login_attempts WHERE remote = ? AND at >= ? AND succeeded = ? ORDER BY at`,
		[]any{address, now.Add(-t.Address.Window).UTC(), false}, func(rows scanner) error {
			var at time.Time
			if err := rows.Scan(dbTime{&at}); err != nil {
				return err
			}
			f.Address = append(f.Address, at)
			return nil
		})
	return f, err
}

// RecordSignIn notes an attempt for throttling and appends its audit event
// in the same transaction, so no sign-in, right or wrong, goes unaudited.
// A failure records the username tried and the address, never the
// password. Attempts older than keep no longer matter and are deleted.
func (db *DB) RecordSignIn(ctx context.Context, a SignInAttempt, keep time.Duration) error {
	return db.Update(ctx, func(tx *Tx) error {
		now := db.Now().UTC()
		if _, err := tx.exec(ctx, `INSERT INTO login_attempts (username, at, succeeded, remote) VALUES (?, ?, ?, ?)`,
			a.Username, now, a.Succeeded, a.Address); err != nil {
			return fmt.Errorf("record sign-in attempt: %w", err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM login_attempts WHERE at < ?`, now.Add(-keep)); err != nil {
			return fmt.Errorf("prune sign-in attempts: %w", err)
		}
		action := auth.ActionLoginFail
		if a.Succeeded {
			action = auth.ActionLogin
		}
		e := auth.Actor{User: a.User}.Event(action, 0, "session")
		if e.Username == "" {
			e.Username = a.Username
		}
		e.Reason = "from " + a.Address
		return tx.audit(ctx, e)
	})
}
