package store

import (
	"context"
	"time"

	"throughline/internal/staff"
)

// MatrixCell is what one member of staff holds of one course.
type MatrixCell struct {
	Holding staff.Holding
	Done    time.Time
	Expires time.Time // zero when it never needs renewing
}

// MatrixRow is one member of staff across the catalogue.
type MatrixRow struct {
	UserID   int64
	Name     string
	TeamName string
	Cells    []MatrixCell // in the order of TrainingMatrix.Courses
}

// TeamLack is a team with courses no one in it holds today.
type TeamLack struct {
	TeamName string
	Courses  []string
}

// TrainingMatrix is who in a set of teams holds what, what is due for
// renewal, and what each team lacks.
type TrainingMatrix struct {
	Courses []staff.Course
	Rows    []MatrixRow
	Lacks   []TeamLack
	Due     int // cells due for renewal or expired
}

// TrainingMatrix builds the matrix for the clinical staff of the teams.
func (db *DB) TrainingMatrix(ctx context.Context, teamIDs []int64, today time.Time) (TrainingMatrix, error) {
	var m TrainingMatrix
	var err error
	if m.Courses, err = db.TrainingCourses(ctx, false); err != nil {
		return m, err
	}
	type member struct {
		id         int64
		name, team string
	}
	q, args := appendIn(`SELECT u.id, u.display_name, t.name FROM users u JOIN team_members tm ON tm.user_id = u.id JOIN teams t ON t.id = tm.team_id
		WHERE NOT u.disabled AND u.role IN ('clinician', 'peer-worker', 'team-manager') AND t.id IN (0`, nil, teamIDs)
	members, err := queryAll(ctx, db, "team staff", q+`) ORDER BY t.name, u.display_name, u.id`, args, func(rows scanner, m *member) error {
		return rows.Scan(&m.id, &m.name, &m.team)
	})
	if err != nil {
		return m, err
	}
	var ids []int64
	for _, p := range members {
		ids = append(ids, p.id)
	}
	done, err := db.latestCompletions(ctx, ids)
	if err != nil {
		return m, err
	}
	held := map[string]map[int64]bool{} // team name → course held by someone
	var teams []string
	for _, p := range members {
		if held[p.team] == nil {
			held[p.team] = map[int64]bool{}
			teams = append(teams, p.team)
		}
		row := MatrixRow{UserID: p.id, Name: p.name, TeamName: p.team}
		for _, c := range m.Courses {
			d := done[[2]int64{p.id, c.ID}]
			cell := MatrixCell{Holding: c.Hold(d, today), Done: d, Expires: c.Expires(d)}
			if cell.Holding.Counts() {
				held[p.team][c.ID] = true
			}
			if cell.Holding == staff.DueRenewal || cell.Holding == staff.Expired {
				m.Due++
			}
			row.Cells = append(row.Cells, cell)
		}
		m.Rows = append(m.Rows, row)
	}
	for _, t := range teams {
		lack := TeamLack{TeamName: t}
		for _, c := range m.Courses {
			if !held[t][c.ID] {
				lack.Courses = append(lack.Courses, c.Name)
			}
		}
		if len(lack.Courses) > 0 {
			m.Lacks = append(m.Lacks, lack)
		}
	}
	return m, nil
}
