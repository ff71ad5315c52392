package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// RecordGuard is what the guard of a record page needs, in one statement
// instead of three: the person (unaudited: the page audits what it
// shows), u's links with them, and whether they have a crisis plan, for
// the banner on every page of their record.
func (db *DB) RecordGuard(ctx context.Context, u auth.User, personID int64) (care.Person, auth.Links, care.CrisisPlanState, error) {
	var crisis care.CrisisPlanState
	l := auth.Links{Self: u.Role == auth.ServiceUser && u.PersonID == personID}
	cols, args, err := db.linkColumns(ctx, u, personID)
	if err != nil {
		return care.Person{}, l, crisis, err
	}
	var reviewed sql.NullTime
	q := `SELECT ` + personColumns + `, (SELECT updated_at FROM crisis_plans WHERE person_id = people.id), ` + cols + ` FROM people WHERE id = ?`
	extra := append([]any{dbTimeNull{&reviewed}}, linkTargets(&l)...)
	p, err := scanPerson(withExtra{db.read.QueryRowContext(ctx, db.rebind(q), append(args, personID)...), extra})
	if errors.Is(err, sql.ErrNoRows) {
		return p, l, crisis, problem.Errorf(problem.NotFound, "No person with that id")
	}
	if err != nil {
		return p, l, crisis, fmt.Errorf("load person %d for their record: %w", personID, err)
	}
	crisis.Exists, crisis.Reviewed = reviewed.Valid, reviewed.Time
	return p, l, crisis, nil
}
