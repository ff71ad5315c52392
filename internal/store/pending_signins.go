package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"throughline/internal/problem"
)

// PendingSignIn is a sign-in whose password was right and whose second
// step (a two-factor code) is still to come. It grants nothing but the
// second-step form; the store keeps only the token's hash.
type PendingSignIn struct {
	TokenHash string
	UserID    int64
	CSRFToken string
	Next      string
	Failures  int
	CreatedAt time.Time
}

// CreatePendingSignIn stores p, replacing any earlier pending sign-in of
// the same account.
func (db *DB) CreatePendingSignIn(ctx context.Context, p PendingSignIn) error {
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM pending_sign_ins WHERE user_id = ?`, p.UserID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO pending_sign_ins (token_hash, user_id, csrf_token, next, failures, created_at) VALUES (?, ?, ?, ?, 0, ?)`,
			p.TokenHash, p.UserID, p.CSRFToken, p.Next, p.CreatedAt.UTC())
		if err != nil {
			return fmt.Errorf("create pending sign-in: %w", err)
		}
		return nil
	})
}

// PendingSignInByToken finds a pending sign-in by token hash.
func (db *DB) PendingSignInByToken(ctx context.Context, tokenHash string) (PendingSignIn, error) {
	var p PendingSignIn
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT token_hash, user_id, csrf_token, next, failures, created_at FROM pending_sign_ins WHERE token_hash = ?`), tokenHash).
		Scan(&p.TokenHash, &p.UserID, &p.CSRFToken, &p.Next, &p.Failures, dbTime{&p.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return p, problem.Errorf(problem.Unauthorized, "Your sign-in has ended. Please sign in again.")
	}
	return p, err
}

// FailPendingSignIn counts a wrong code and returns the count so far.
func (db *DB) FailPendingSignIn(ctx context.Context, tokenHash string) (int, error) {
	var n int
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE pending_sign_ins SET failures = failures + 1 WHERE token_hash = ?`, tokenHash); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `SELECT failures FROM pending_sign_ins WHERE token_hash = ?`, tokenHash).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.Errorf(problem.Unauthorized, "Your sign-in has ended. Please sign in again.")
		}
		return err
	})
	return n, err
}

// DeletePendingSignIn ends a pending sign-in.
func (db *DB) DeletePendingSignIn(ctx context.Context, tokenHash string) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM pending_sign_ins WHERE token_hash = ?`), tokenHash)
	return err
}
