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

// TOTPState is an account's two-factor secret and how far it has been used.
type TOTPState struct {
	Secret   string
	Enabled  bool
	LastStep int64 // newest time step accepted; older codes are replays
}

// TOTP reads an account's two-factor state; no row is a zero state.
func (db *DB) TOTP(ctx context.Context, userID int64) (TOTPState, error) {
	var st TOTPState
	var enabledAt time.Time
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT secret, enabled_at, last_step FROM user_totp WHERE user_id = ?`), userID).
		Scan(&st.Secret, dbTime{&enabledAt}, &st.LastStep)
	if errors.Is(err, sql.ErrNoRows) {
		return TOTPState{}, nil
	}
	st.Enabled = !enabledAt.IsZero()
	return st, err
}

// StartTOTPEnrolment keeps secret as the pending secret of an account that
// has not yet switched two-factor on, unless one is already pending, and
// returns the pending secret. Two enrolment pages opened at once (two tabs,
// or two servers) therefore show the same secret, and neither fails on the
// other's row.
func (db *DB) StartTOTPEnrolment(ctx context.Context, userID int64, secret string) (string, error) {
	var pending string
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO user_totp (user_id, secret, last_step, created_at) VALUES (?, ?, 0, ?)
			ON CONFLICT (user_id) DO NOTHING`, userID, secret, tx.db.Now()); err != nil {
			return err
		}
		var enabled bool
		if err := tx.queryRow(ctx, `SELECT secret, enabled_at IS NOT NULL FROM user_totp WHERE user_id = ?`, userID).Scan(&pending, &enabled); err != nil {
			return err
		}
		if enabled {
			return problem.Errorf(problem.Conflict, "Two-factor sign-in is already on for this account")
		}
		return nil
	})
	return pending, err
}

// EnableTOTP switches two-factor on once the person has typed a code from
// the pending secret (step is the step that code matched), and keeps the
// hashes of their new recovery codes, replacing any old ones.
func (db *DB) EnableTOTP(ctx context.Context, u auth.User, step int64, recoveryHashes []string) error {
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE user_totp SET enabled_at = ?, last_step = ? WHERE user_id = ? AND enabled_at IS NULL`, tx.db.Now(), step, u.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return problem.Errorf(problem.Conflict, "Two-factor set-up had ended or was already finished. Start again.")
		}
		if _, err := tx.exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
		for _, h := range recoveryHashes {
			if _, err := tx.exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, u.ID, h); err != nil {
				return fmt.Errorf("keep recovery code: %w", err)
			}
		}
		return tx.auditAccount(ctx, auth.Actor{User: u}, auth.ActionTwoFactorEnrol, u.ID, fmt.Sprintf("%s: authenticator app, %d recovery codes", u.Username, len(recoveryHashes)))
	})
}

// UseTOTPStep records that a code of this step was accepted. It refuses
// (Conflict) a step at or before the last one used, so that of two
// sign-ins racing with the same code only one succeeds.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) error {
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE user_totp SET last_step = ? WHERE user_id = ? AND enabled_at IS NOT NULL AND last_step < ?`), step, userID, step)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return problem.Errorf(problem.Conflict, "That code has already been used. Wait for the next one.")
	}
	return nil
}

// UseRecoveryCode spends one unused recovery code (by hash), auditing it;
// it reports false when no such unused code exists.
func (db *DB) UseRecoveryCode(ctx context.Context, u auth.User, codeHash string) (bool, error) {
	var ok bool
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`, tx.db.Now(), u.ID, codeHash)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n != 1 {
			return err
		}
		var left int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, u.ID).Scan(&left); err != nil {
			return err
		}
		ok = true
		return tx.auditAccount(ctx, auth.Actor{User: u}, auth.ActionRecoveryCodeUsed, u.ID, fmt.Sprintf("%s: %d recovery codes left", u.Username, left))
	})
	return ok, err
}

// ResetTwoFactor removes an account's secret and recovery codes, so the
// person enrols again (lost phone). Audited with the administrator as actor.
func (db *DB) ResetTwoFactor(ctx context.Context, a auth.Actor, userID int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "id = ?", userID)
		if err != nil {
			return err
		}
		if !u.TwoFactor {
			return problem.Errorf(problem.Conflict, "%s has not set up two-factor sign-in", u.Username)
		}
		if _, err := tx.exec(ctx, `DELETE FROM user_totp WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return tx.auditAccount(ctx, a, auth.ActionTwoFactorReset, userID, u.Username)
	})
}

// settingTwoFactorRequired names the "require two-factor for roles that
// see records" switch in account_settings.
const settingTwoFactorRequired = "two-factor-required"

// TwoFactorRequired reports whether staff in record roles must use
// two-factor sign-in.
func (db *DB) TwoFactorRequired(ctx context.Context) (bool, error) {
	var v string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT value FROM account_settings WHERE name = ?`), settingTwoFactorRequired).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return v == "on", err
}

// SetTwoFactorRequired turns the requirement on or off, audited.
func (db *DB) SetTwoFactorRequired(ctx context.Context, a auth.Actor, on bool) error {
	v := "off"
	if on {
		v = "on"
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := tx.db.Now()
		res, err := tx.exec(ctx, `UPDATE account_settings SET value = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE name = ?`,
			v, nullID(a.User.ID), now, settingTwoFactorRequired)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if _, err := tx.exec(ctx, `INSERT INTO account_settings (name, value, updated_by, updated_at, version) VALUES (?, ?, ?, ?, 1)`,
				settingTwoFactorRequired, v, nullID(a.User.ID), now); err != nil {
				return err
			}
		}
		e := a.Event(auth.ActionAccountSetting, 0, "setting/"+settingTwoFactorRequired)
		e.Reason = "two-factor required for staff who see records: " + v
		return tx.audit(ctx, e)
	})
}
