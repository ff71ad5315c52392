package web

import (
	"strconv"

	"throughline/internal/directory"
)

// Where a region's staff are too many to offer at once (2,700 at scale
// 75), a page offers one team's staff and a chooser for another team
// before its form: booking an assessment and choosing a reflective
// practice facilitator (an episode's move asks for the team first).

// chosenTeam is the team of teams whose staff a page offers, where the
// region's staff are too many to offer at once: the one asked for if it
// is one of teams, else the first of preferred that is one of teams (the
// person's own teams, say), else the first of teams; false when teams is
// empty.
func chosenTeam(teams []directory.Team, asked string, preferred []int64) (directory.Team, bool) {
	for _, t := range teams {
		if strconv.FormatInt(t.ID, 10) == asked {
			return t, true
		}
	}
	for _, id := range preferred {
		for _, t := range teams {
			if t.ID == id {
				return t, true
			}
		}
	}
	if len(teams) > 0 {
		return teams[0], true
	}
	return directory.Team{}, false
}
