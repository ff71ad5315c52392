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
	cols, args, err := db.linkColumns(ctx, u, personID)
	if err != nil {
		return care.Person{}, auth.Links{}, care.CrisisPlanState{}, err
	}
	var g GuardRead
	err = g.scan(db.read.QueryRowContext(ctx, db.rebind(guardSelect+cols+` FROM people WHERE id = ?`), append(args, personID)...))
	g.Links.Self = selfLink(u, personID)
	if errors.Is(err, sql.ErrNoRows) {
		return g.Person, g.Links, g.Crisis, problem.Errorf(problem.NotFound, "No person with that id")
	}
	if err != nil {
		return g.Person, g.Links, g.Crisis, fmt.Errorf("load person %d for their record: %w", personID, err)
	}
	return g.Person, g.Links, g.Crisis, nil
}

// GuardRead is what RecordGuard reads: the person, the user's links with
// them, and their crisis plan's state.
type GuardRead struct {
	Person care.Person
	Links  auth.Links
	Crisis care.CrisisPlanState
}

// guardSelect starts the guard's statement: the person and their crisis
// plan's state, then the link columns.
const guardSelect = `SELECT ` + personColumns + `, (SELECT updated_at FROM crisis_plans WHERE person_id = people.id), `

// scan reads a row of guardSelect and the link columns, then extra
// columns.
func (g *GuardRead) scan(row scanner, extra ...any) error {
	var reviewed sql.NullTime
	cols := append(append([]any{dbTimeNull{&reviewed}}, linkTargets(&g.Links)...), extra...)
	p, err := scanPerson(withExtra{row, cols})
	if err != nil {
		return err
	}
	g.Person = p
	g.Crisis.Exists, g.Crisis.Reviewed = reviewed.Valid, reviewed.Time
	return nil
}

// selfLink is whether u is the person's own account: a fact of the user,
// not of the database.
func selfLink(u auth.User, personID int64) bool {
	return u.Role == auth.ServiceUser && u.PersonID == personID
}
