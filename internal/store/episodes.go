package store

import (
	"context"
	"fmt"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// CreateEpisode opens (or records) an episode of care, audited.
func (t *Tx) CreateEpisode(ctx context.Context, a auth.Actor, e *care.Episode) error {
	if e.PersonID == 0 || e.TeamID == 0 || e.NamedWorkerID == 0 || e.Pathway == "" {
		return problem.Errorf(problem.Invalid, "An episode needs a person, a team, a named worker and a pathway")
	}
	if e.StartedAt.IsZero() {
		e.StartedAt = t.db.Now()
	}
	e.Version = 1
	var err error
	e.ID, err = t.insertID(ctx, `INSERT INTO episodes (person_id, team_id, named_worker_id, pathway, modality, intensity, started_at, ended_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		e.PersonID, e.TeamID, e.NamedWorkerID, e.Pathway, e.Modality, e.Intensity, e.StartedAt.UTC(), nullTime(e.EndedAt))
	if err != nil {
		return fmt.Errorf("insert episode: %w", err)
	}
	t.remember("episodes", episodeOwnerSQL, []any{e.ID}, e.PersonID, e.NamedWorkerID) // pgload (bulk_memo.go)
	return t.audit(ctx, a.Event(auth.ActionCreate, e.PersonID, fmt.Sprintf("episode/%d", e.ID)))
}

// episodeOwnerSQL reads whose an episode is and who their named worker is.
const episodeOwnerSQL = `SELECT person_id, named_worker_id FROM episodes WHERE id = ?`

// EpisodeRow is an episode with the names screens show.
type EpisodeRow struct {
	care.Episode
	PersonName string
	TeamName   string
	WorkerName string
}

// EpisodeFilter narrows an episode listing.
type EpisodeFilter struct {
	PersonID   int64
	WorkerID   int64
	TeamIDs    []int64
	ActiveOnly bool
	Limit      int // the Limit most recently started; 0 = 500, AllRows = every one (see MaxLimit)
}

// episodeWhere is the FROM and WHERE of an episode listing filtered by f,
// with its arguments; a listing, its page and its count share it.
func episodeWhere(f EpisodeFilter) (string, []any) {
	q := ` FROM episodes e JOIN people p ON p.id = e.person_id JOIN teams t ON t.id = e.team_id JOIN users u ON u.id = e.named_worker_id WHERE 1 = 1`
	var args []any
	if f.PersonID != 0 {
		q, args = q+` AND e.person_id = ?`, append(args, f.PersonID)
	}
	if f.WorkerID != 0 {
		q, args = q+` AND e.named_worker_id = ?`, append(args, f.WorkerID)
	}
	if f.TeamIDs != nil {
		q += ` AND e.team_id IN (0`
		q, args = appendIn(q, args, f.TeamIDs)
		q += `)`
	}
	if f.ActiveOnly {
		q += ` AND e.ended_at IS NULL`
	}
	return q, args
}

const episodeRowColumns = `SELECT e.id, e.person_id, e.team_id, e.named_worker_id, e.pathway, e.modality, e.intensity, e.started_at, e.ended_at, e.version,
		p.given_name || ' ' || p.family_name, t.name, u.display_name`

const episodeOrder = ` ORDER BY e.started_at DESC, e.id DESC`

func scanEpisodeRow(rows scanner, e *EpisodeRow) error {
	return rows.Scan(&e.ID, &e.PersonID, &e.TeamID, &e.NamedWorkerID, &e.Pathway, &e.Modality, &e.Intensity,
		dbTime{&e.StartedAt}, dbTime{&e.EndedAt}, &e.Version, &e.PersonName, &e.TeamName, &e.WorkerName)
}

// Episodes lists episodes, most recently started first.
func (db *DB) Episodes(ctx context.Context, f EpisodeFilter) ([]EpisodeRow, error) {
	q, args, err := episodesQuery(f)
	if err != nil {
		return nil, err
	}
	rows, err := queryAll(ctx, db, "list episodes", q, args, scanEpisodeRow)
	return notAllRows(rows, err, "episodes")
}

// episodesQuery is the listing f selects, with its arguments.
func episodesQuery(f EpisodeFilter) (string, []any, error) {
	where, args := episodeWhere(f)
	limit, err := limitOrAllSQL("episodes", f.Limit, 500)
	return episodeRowColumns + where + episodeOrder + limit, args, err
}

// EpisodesPage is one page of the episodes f selects, most recently
// started first, with how many there are in all (f.Limit is not used).
func (db *DB) EpisodesPage(ctx context.Context, f EpisodeFilter, p Page) (Paged[EpisodeRow], error) {
	where, args := episodeWhere(f)
	return readPage(ctx, db, p, "episodes", `SELECT COUNT(*)`+where, episodeRowColumns+where+episodeOrder, args, scanEpisodeRow)
}

// EpisodePeople is the person on each episode f selects, one id a row:
// what a page showing only the first of a caseload still needs to count
// across all of it (who has had no contact), without reading the rest.
func (db *DB) EpisodePeople(ctx context.Context, f EpisodeFilter) ([]int64, error) {
	where, args := episodeWhere(f)
	return queryAll(ctx, db, "episode people", `SELECT e.person_id`+where+episodeOrder, args, func(rows scanner, id *int64) error {
		return rows.Scan(id)
	})
}

// CaseloadCount is how many active episodes a worker holds in a team.
type CaseloadCount struct {
	TeamName   string
	WorkerID   int64
	WorkerName string
	Active     int
}

// Caseloads counts active episodes per named worker in the given teams.
func (db *DB) Caseloads(ctx context.Context, teamIDs []int64) ([]CaseloadCount, error) {
	q := `SELECT t.name, u.id, u.display_name, COUNT(*) FROM episodes e JOIN teams t ON t.id = e.team_id JOIN users u ON u.id = e.named_worker_id
		WHERE e.ended_at IS NULL AND e.team_id IN (0`
	q, args := appendIn(q, nil, teamIDs)
	q += `) GROUP BY t.name, u.id, u.display_name ORDER BY t.name, u.display_name`
	return queryAll(ctx, db, "caseloads", q, args, func(rows scanner, c *CaseloadCount) error {
		return rows.Scan(&c.TeamName, &c.WorkerID, &c.WorkerName, &c.Active)
	})
}
