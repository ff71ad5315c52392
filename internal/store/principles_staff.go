package store

import (
	"context"
	"strings"
	"time"
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
	return f, nil
}
