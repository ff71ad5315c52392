package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/problem"
)

// SavedScenario is a scenario a commissioner or team manager drafted and
// shared (gap map 2). It holds no person's data: only proposed rules.
type SavedScenario struct {
	ID       int64
	Title    string
	AuthorID int64
	Author   string
	// Changes is the scenario JSON that scenario.Parse reads.
	Changes string
	// BasedOn is each changed service's version when the changes were
	// last edited.
	BasedOn   map[string]int
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
	LiveAt    time.Time // zero until a team manager makes it live
	LiveBy    string
}

// Live reports whether the scenario's changes were made to the directory.
func (s SavedScenario) Live() bool { return !s.LiveAt.IsZero() }

const scenarioColumns = `id, title, author_id, author, changes, based_on, created_at, updated_at, version, live_at, live_by`

func scanScenario(s scanner) (SavedScenario, error) {
	var sc SavedScenario
	var based string
	if err := s.Scan(&sc.ID, &sc.Title, &sc.AuthorID, &sc.Author, &sc.Changes, &based, dbTime{&sc.CreatedAt}, dbTime{&sc.UpdatedAt},
		&sc.Version, dbTime{&sc.LiveAt}, &sc.LiveBy); err != nil {
		return sc, err
	}
	if err := json.Unmarshal([]byte(based), &sc.BasedOn); err != nil {
		return sc, fmt.Errorf("scenario %d: stored versions unreadable: %w", sc.ID, err)
	}
	return sc, nil
}

func checkScenario(sc *SavedScenario) error {
	sc.Title = strings.TrimSpace(sc.Title)
	var v problem.Validation
	if sc.Title == "" {
		v.Add("title", "Enter a title for the scenario")
	} else if len(sc.Title) > 200 {
		v.Add("title", "The title must be 200 characters or fewer")
	}
	if !json.Valid([]byte(sc.Changes)) {
		v.Add("changes", "The scenario's changes are not valid JSON")
	}
	return v.Err()
}

func encodeBasedOn(m map[string]int) string {
	if m == nil {
		m = map[string]int{}
	}
	b, _ := json.Marshal(m) // a map of strings to ints: cannot fail
	return string(b)
}

// CreateScenario saves a new draft by a.
func (db *DB) CreateScenario(ctx context.Context, a auth.Actor, sc *SavedScenario) error {
	if err := checkScenario(sc); err != nil {
		return err
	}
	now := db.Now()
	sc.AuthorID, sc.Author, sc.CreatedAt, sc.UpdatedAt, sc.Version = a.User.ID, a.User.Username, now, now, 1
	return db.Update(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `INSERT INTO scenarios (title, author_id, author, changes, based_on, created_at, updated_at, version, live_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1, '') RETURNING id`, sc.Title, sc.AuthorID, sc.Author, sc.Changes, encodeBasedOn(sc.BasedOn), now, now).Scan(&sc.ID)
		if err != nil {
			return fmt.Errorf("create scenario: %w", err)
		}
		return nil
	})
}

var scenarioConflict = problem.Errorf(problem.Conflict, "Someone else changed this scenario while you were editing. Your change has not been saved; review theirs and try again.")

// SaveScenario writes sc's title and changes if nobody changed it since
// sc.Version was read; a live scenario is a record of what was done and
// is not edited.
func (db *DB) SaveScenario(ctx context.Context, sc *SavedScenario) error {
	if err := checkScenario(sc); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		cur, err := tx.findScenario(ctx, sc.ID)
		if err != nil {
			return err
		}
		if cur.Live() {
			return problem.Errorf(problem.Conflict, "This scenario is already live, so it can no longer be changed. Draft a new one.")
		}
		now := tx.db.Now()
		res, err := tx.exec(ctx, `UPDATE scenarios SET title = ?, changes = ?, based_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			sc.Title, sc.Changes, encodeBasedOn(sc.BasedOn), now, sc.ID, sc.Version)
		if err != nil {
			return fmt.Errorf("save scenario %d: %w", sc.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return scenarioConflict
		}
		sc.Version++
		sc.UpdatedAt = now
		return nil
	})
}

func (t *Tx) findScenario(ctx context.Context, id int64) (SavedScenario, error) {
	sc, err := scanScenario(t.queryRow(ctx, `SELECT `+scenarioColumns+` FROM scenarios WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sc, problem.Errorf(problem.NotFound, "No scenario with that number")
	}
	return sc, err
}

// Scenario loads one saved scenario.
func (db *DB) Scenario(ctx context.Context, id int64) (SavedScenario, error) {
	var sc SavedScenario
	err := db.view(ctx, func(t *Tx) (err error) {
		sc, err = t.findScenario(ctx, id)
		return err
	})
	return sc, err
}

// ScenariosPage lists one page of saved scenarios, most recently changed
// first.
func (db *DB) ScenariosPage(ctx context.Context, page Page) (Paged[SavedScenario], error) {
	out := Paged[SavedScenario]{Page: page}
	if err := page.Check(); err != nil {
		return out, err
	}
	err := db.view(ctx, func(t *Tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM scenarios`).Scan(&out.Total); err != nil {
			return err
		}
		rows, err := queryAll(ctx, t, "list scenarios", `SELECT `+scenarioColumns+` FROM scenarios ORDER BY updated_at DESC, id DESC`+page.sql(), nil, into(scanScenario))
		out.Rows = rows
		return err
	})
	if err != nil {
		return out, fmt.Errorf("scenarios: %w", err)
	}
	return out, nil
}

// MakeScenarioLive writes services (each as the scenario would leave it,
// with the Version it was read at) to the directory through the same
// history and audit as any other edit, and records that a made the
// scenario live, all in one transaction: either every rule changes or
// none does. A service someone changed since it was read is a conflict.
func (db *DB) MakeScenarioLive(ctx context.Context, a auth.Actor, id int64, version int, services []directory.Service) error {
	for i := range services {
		if err := services[i].Validate(); err != nil {
			return err
		}
	}
	return db.Update(ctx, func(tx *Tx) error {
		sc, err := tx.findScenario(ctx, id)
		if err != nil {
			return err
		}
		if sc.Live() {
			return problem.Errorf(problem.Conflict, "This scenario is already live.")
		}
		if sc.Version != version {
			return scenarioConflict
		}
		for i := range services {
			s := services[i]
			before, err := tx.findService(ctx, s.ID)
			if err != nil {
				return err
			}
			if before.Version != s.Version {
				return problem.Errorf(problem.Conflict, "Someone changed %s while you were looking at this scenario. Nothing has been changed; review the scenario again.", before.Name)
			}
			if len(directory.Changes(before, s)) == 0 {
				continue
			}
			if err := tx.updateService(ctx, &s); err != nil {
				return err
			}
			if err := tx.recordServiceChange(ctx, a, fmt.Sprintf("made live from scenario %d", id), &before, s); err != nil {
				return err
			}
		}
		now := tx.db.Now()
		if _, err := tx.exec(ctx, `UPDATE scenarios SET live_at = ?, live_by = ?, version = version + 1 WHERE id = ?`, now, a.User.Username, id); err != nil {
			return fmt.Errorf("make scenario %d live: %w", id, err)
		}
		return tx.auditDirectoryChange(ctx, a, fmt.Sprintf("scenario/%d", id), "scenario made live: "+sc.Title)
	})
}
