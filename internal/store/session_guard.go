package store

import (
	"context"
	"strings"

	"throughline/internal/auth"
)

// SessionRecordGuard reads what SessionUser reads and, in the same round
// trip on PostgreSQL (readTogether), what RecordGuard would read for the
// session's user and personID: on a record page the guard's read was a
// round trip of its own after the session's, and a round trip cost more
// than either read (pg32b). The guard's statement finds the user from the
// session itself, so it needs nothing from the session's read.
//
// On SQLite, in-process, a statement costs no round trip: there it reads
// the session alone, as SessionUser, and the guard's read is left to
// RecordGuard, after the checks of the session and user, as before.
//
// The guard's read is only a read: the caller still decides access from
// it, after its checks of the session and user, exactly as it would from
// RecordGuard, and it shows nothing of the person before. Its statement
// reads nothing at all unless the session exists, its account is enabled
// and has one of roles (those the page allows). The guard's read is nil
// when it found nothing, then the caller asks RecordGuard, which tells a
// missing person from the rest.
func (db *DB) SessionRecordGuard(ctx context.Context, tokenHash string, personID int64, roles []auth.Role) (auth.Session, auth.User, *GuardRead, error) {
	if db.dialect != Postgres {
		sess, u, err := db.SessionUser(ctx, tokenHash)
		return sess, u, nil, err
	}
	var sr sessionRead
	var g GuardRead
	var guardUser int64
	guarded := false
	steps := []readStep{sr.step(tokenHash)}
	if len(roles) > 0 {
		q, args, err := db.sessionGuardQuery(ctx, tokenHash, personID, roles)
		if err != nil {
			return sr.sess, sr.u, nil, err
		}
		steps = append(steps, readStep{what: "load person for their record", q: q, args: args, row: func(row scanner) error {
			guarded = true
			return g.scan(row, &guardUser)
		}})
	}
	if err := db.readTogether(ctx, steps...); err != nil {
		return sr.sess, sr.u, nil, err
	}
	sess, u, err := sr.result()
	if err != nil || !guarded || guardUser != u.ID {
		return sess, u, nil, err
	}
	g.Links.Self = selfLink(u, personID)
	return sess, u, &g, nil
}

// sessionGuardQuery is RecordGuard's statement for the user of the
// session tokenHash names, if that user is enabled and has one of roles.
func (db *DB) sessionGuardQuery(ctx context.Context, tokenHash string, personID int64, roles []auth.Role) (string, []any, error) {
	cols, linkArgs, err := db.linkColumnsOf(ctx, "guard_user.session_user_id", nil, personID)
	if err != nil {
		return "", nil, err
	}
	args := append(linkArgs, tokenHash)
	for _, r := range roles {
		args = append(args, string(r))
	}
	q := guardSelect + cols + `, guard_user.session_user_id
		FROM people, (SELECT users.id AS session_user_id FROM sessions JOIN users ON users.id = sessions.user_id
			WHERE sessions.token_hash = ? AND NOT users.disabled AND users.role IN (?` + strings.Repeat(", ?", len(roles)-1) + `)) guard_user
		WHERE people.id = ?`
	return q, append(args, personID), nil
}
