package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// PersonLinks finds the facts that may give u a relationship with a person.
func (db *DB) PersonLinks(ctx context.Context, u auth.User, personID int64) (auth.Links, error) {
	cols, args, err := db.linkColumns(ctx, u, personID)
	if err != nil {
		return auth.Links{}, err
	}
	l := auth.Links{Self: u.Role == auth.ServiceUser && u.PersonID == personID}
	err = db.read.QueryRowContext(ctx, db.rebind(`SELECT `+cols), args...).Scan(linkTargets(&l)...)
	if err != nil {
		return l, fmt.Errorf("person links: %w", err)
	}
	return l, nil
}

// linkColumns is the select list (and its arguments) that finds u's
// links with a person, for PersonLinks and for the guard's one read of a
// record (RecordGuard); scan it with linkTargets.
func (db *DB) linkColumns(ctx context.Context, u auth.User, personID int64) (string, []any, error) {
	return db.linkColumnsOf(ctx, "?", []any{u.ID}, personID)
}

// linkColumnsOf is linkColumns for the user that the SQL expression user
// names, with userArgs its arguments: a placeholder for a known user, or
// a column of the session being read in the same statement
// (SessionRecordGuard), which knows the user only from the session.
func (db *DB) linkColumnsOf(ctx context.Context, user string, userArgs []any, personID int64) (string, []any, error) {
	// The team keeps the record within the re-access window after an
	// ending, so the person can come back without a new referral.
	months, _, err := db.ReaccessMonths(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("person links: %w", err)
	}
	// A closed referral is no relationship (care.ClosedStatuses), by the
	// same rule that decides a referral's own pages (auth.ReferralAccess).
	closed := make([]any, len(care.ClosedStatuses))
	for i, st := range care.ClosedStatuses {
		closed[i] = string(st)
	}
	var args []any
	arg := func(v ...any) { args = append(args, v...) }
	arg(personID, db.Now().AddDate(0, -months, 0))
	arg(userArgs...)
	arg(userArgs...)
	arg(personID)
	arg(userArgs...)
	arg(closed...)
	arg(personID)
	arg(userArgs...)
	arg(personID)
	arg(userArgs...)
	arg(db.Now())
	return `EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = ? AND (e.ended_at IS NULL OR e.ended_at > ?)
			AND (e.named_worker_id = ` + user + ` OR e.team_id IN (SELECT team_id FROM team_members WHERE user_id = ` + user + `))),
		EXISTS (SELECT 1 FROM referrals r JOIN teams t ON t.service_id = r.service_id
			JOIN team_members tm ON tm.team_id = t.id
			WHERE r.person_id = ? AND tm.user_id = ` + user + ` AND r.status NOT IN (?` + strings.Repeat(", ?", len(closed)-1) + `)),
		EXISTS (SELECT 1 FROM referrals WHERE person_id = ? AND referrer_user_id = ` + user + `),
		EXISTS (SELECT 1 FROM break_glass WHERE person_id = ? AND user_id = ` + user + ` AND expires_at > ?)`, args, nil
}

// linkTargets are where a row of linkColumns scans to.
func linkTargets(l *auth.Links) []any {
	return []any{&l.OnCaseload, &l.TeamReferral, &l.ReferredBy, &l.BreakGlass}
}

// BreakGlass is an emergency access grant, always reviewed afterwards.
type BreakGlass struct {
	ID         int64
	UserID     int64
	Username   string
	PersonID   int64
	PersonName string
	Reason     string
	GrantedAt  time.Time
	ExpiresAt  time.Time
	ReviewedBy int64
	ReviewedAt time.Time
	ReviewNote string
}

// MinBreakGlassReason is the shortest reason accepted: a typed explanation,
// not a click-through.
const MinBreakGlassReason = 15

// GrantBreakGlass records emergency access to a person's record for d and
// audits it in the same transaction.
func (db *DB) GrantBreakGlass(ctx context.Context, u auth.User, personID int64, reason string, d time.Duration) error {
	if !auth.CanBreakGlass(u) {
		return problem.Errorf(problem.Forbidden, "Your role cannot use emergency access")
	}
	if len([]rune(reason)) < MinBreakGlassReason {
		return &problem.Error{Code: problem.Invalid, Message: "Explain why you need this record now (at least 15 characters)",
			Fields: map[string]string{"reason": "Explain why you need this record now (at least 15 characters)"}}
	}
	if len(reason) > 1000 {
		return problem.Errorf(problem.Invalid, "Keep the reason under 1000 characters")
	}
	if _, err := db.PersonNoAudit(ctx, personID); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := db.Now()
		if _, err := tx.exec(ctx, `INSERT INTO break_glass (user_id, person_id, reason, granted_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			u.ID, personID, reason, now, now.Add(d)); err != nil {
			return fmt.Errorf("grant break-glass: %w", err)
		}
		a := auth.Actor{User: u, Relationship: auth.RelBreakGlass, Reason: reason}
		return tx.audit(ctx, a.Event(auth.ActionBreakGlass, personID, "person"))
	})
}

// BreakGlassGrants lists the newest limit grants (0 = 100, see MaxLimit);
// unreviewed limits them to those still awaiting review.
func (db *DB) BreakGlassGrants(ctx context.Context, unreviewed bool, limit int) ([]BreakGlass, error) {
	q := `SELECT b.id, b.user_id, u.username, b.person_id, p.given_name || ' ' || p.family_name, b.reason, b.granted_at, b.expires_at,
		COALESCE(b.reviewed_by, 0), b.reviewed_at, b.review_note
		FROM break_glass b JOIN users u ON u.id = b.user_id JOIN people p ON p.id = b.person_id`
	if unreviewed {
		q += ` WHERE b.reviewed_at IS NULL`
	}
	limitClause, err := limitSQL("break-glass grants", limit, 100)
	if err != nil {
		return nil, err
	}
	q += ` ORDER BY b.granted_at DESC, b.id DESC` + limitClause
	return queryAll(ctx, db, "list break-glass", q, nil, func(rows scanner, b *BreakGlass) error {
		return rows.Scan(&b.ID, &b.UserID, &b.Username, &b.PersonID, &b.PersonName, &b.Reason, dbTime{&b.GrantedAt}, dbTime{&b.ExpiresAt},
			&b.ReviewedBy, dbTime{&b.ReviewedAt}, &b.ReviewNote)
	})
}

// UnreviewedBreakGlass counts grants still waiting for review.
func (db *DB) UnreviewedBreakGlass(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM break_glass WHERE reviewed_at IS NULL`)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count unreviewed break-glass: %w", err)
	}
	return n, nil
}

// ReviewBreakGlass marks a grant reviewed by an auditor or team manager.
func (db *DB) ReviewBreakGlass(ctx context.Context, reviewer auth.User, id int64, note string) error {
	if len(note) > 2000 {
		return problem.Errorf(problem.Invalid, "Keep the review note under 2000 characters")
	}
	return db.Update(ctx, func(tx *Tx) error {
		var personID int64
		var reviewed sql.NullTime
		err := tx.queryRow(ctx, `SELECT person_id, reviewed_at FROM break_glass WHERE id = ?`, id).Scan(&personID, dbTimeNull{&reviewed})
		if errors.Is(err, sql.ErrNoRows) {
			return problem.Errorf(problem.NotFound, "No such emergency access record")
		}
		if err != nil {
			return err
		}
		if reviewed.Valid {
			return problem.Errorf(problem.Conflict, "This emergency access has already been reviewed")
		}
		if _, err := tx.exec(ctx, `UPDATE break_glass SET reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE id = ?`,
			reviewer.ID, db.Now(), note, id); err != nil {
			return err
		}
		a := auth.Actor{User: reviewer, Reason: note}
		return tx.audit(ctx, a.Event(auth.ActionReview, personID, fmt.Sprintf("break-glass/%d", id)))
	})
}

// dbTimeNull scans a nullable timestamp.
type dbTimeNull struct{ t *sql.NullTime }

func (d dbTimeNull) Scan(v any) error {
	if v == nil {
		*d.t = sql.NullTime{}
		return nil
	}
	d.t.Valid = true
	return dbTime{&d.t.Time}.Scan(v)
}

// DecidedReferral reports whether the user recorded the referral's closing
// decision (declined or outcome) since the given time: they keep that one
// referral for auth.DecisionFollowThrough to send its letter.
func (db *DB) DecidedReferral(ctx context.Context, userID, referralID int64, since time.Time) (bool, error) {
	var decided bool
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT EXISTS (SELECT 1 FROM referral_events
		WHERE referral_id = ? AND user_id = ? AND status IN ('declined', 'outcome') AND at > ?)`), referralID, userID, since).Scan(&decided)
	if err != nil {
		return false, fmt.Errorf("decision on referral %d: %w", referralID, err)
	}
	return decided, nil
}
