package store

import (
	"context"
	"strings"
	"time"

	"throughline/internal/staff"
)

// KUFAwareness names the catalogue's Knowledge and Understanding
// Framework awareness course (seeded by migration 0022): the baseline
// every member of a team working with people with complex emotional
// needs is expected to hold.
const KUFAwareness = "Knowledge and Understanding Framework: awareness level"

// StaffSupportFacts are the raw numbers behind the staff-support section
// of the principles page; the page discloses them.
type StaffSupportFacts struct {
	Expected, Within int // team members with a supervision expectation; those within all of theirs
	Teams            []TeamTrainingFacts
}

// TeamTrainingFacts is one team's training coverage.
type TeamTrainingFacts struct {
	Name         string
	Staff        int // clinical staff in the team
	KUF          int // of whom hold KUF awareness today
	CoursesNone  int // catalogue courses no one in the team holds today
	CoursesTotal int
	Reflected    int // of the clinical staff, those at a reflective-practice session of the team's groups in the last three months
}

// StaffSupportFacts counts supervision within its expected frequency and
// training coverage for the teams.
func (db *DB) StaffSupportFacts(ctx context.Context, teamIDs []int64, today time.Time) (StaffSupportFacts, error) {
	var f StaffSupportFacts
	st, err := db.SupervisionStandings(ctx, teamIDs, nil, today)
	if err != nil {
		return f, err
	}
	for _, s := range st {
		f.Expected++
		if !s.Overdue() {
			f.Within++
		}
	}
	m, err := db.TrainingMatrix(ctx, teamIDs, today)
	if err != nil {
		return f, err
	}
	kuf := -1
	for i, c := range m.Courses {
		if strings.EqualFold(c.Name, KUFAwareness) {
			kuf = i
		}
	}
	lacking := map[string]int{}
	for _, l := range m.Lacks {
		lacking[l.TeamName] = len(l.Courses)
	}
	for _, r := range m.Rows {
		if len(f.Teams) == 0 || f.Teams[len(f.Teams)-1].Name != r.TeamName {
			f.Teams = append(f.Teams, TeamTrainingFacts{Name: r.TeamName, CoursesNone: lacking[r.TeamName], CoursesTotal: len(m.Courses)})
		}
		t := &f.Teams[len(f.Teams)-1]
		t.Staff++
		if kuf >= 0 && r.Cells[kuf].Holding.Counts() {
			t.KUF++
		}
	}
	return f, db.reflectedFacts(ctx, teamIDs, today, f.Teams)
}

// reflectedFacts counts, per team, the clinical staff (as the training
// matrix counts them) who attended or facilitated a session of one of the
// team's reflective-practice groups since staff.ReflectiveSince.
func (db *DB) reflectedFacts(ctx context.Context, teamIDs []int64, today time.Time, teams []TeamTrainingFacts) error {
	at := map[string]*TeamTrainingFacts{}
	for i := range teams {
		at[teams[i].Name] = &teams[i]
	}
	q, args := appendIn(`SELECT t.name, COUNT(DISTINCT tm.user_id) FROM teams t JOIN team_members tm ON tm.team_id = t.id JOIN users u ON u.id = tm.user_id
		WHERE NOT u.disabled AND u.role IN ('clinician', 'peer-worker', 'team-manager') AND EXISTS (
			SELECT 1 FROM reflective_sessions s JOIN reflective_groups g ON g.id = s.group_id
			WHERE g.team_id = t.id AND s.held_on >= ? AND (s.facilitator_id = u.id OR EXISTS (SELECT 1 FROM reflective_attendance a WHERE a.session_id = s.id AND a.user_id = u.id)))
		AND t.id IN (0`, []any{dateText(staff.ReflectiveSince(today))}, teamIDs)
	return eachRow(ctx, db, "reflective attendance by team", q+`) GROUP BY t.name`, args, func(rows scanner) error {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return err
		}
		if t := at[name]; t != nil {
			t.Reflected = n
		}
		return nil
	})
}
