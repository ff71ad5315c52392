package staff

import (
	"fmt"

	"throughline/internal/problem"
)

// Capacity is a worker's caseload limit, set by their manager: the
// weighted points (care.IntensityWeight) a full-time worker in the role
// can hold, and the share of full time they work.
type Capacity struct {
	UserID      int64
	FullTime    int // points at full time
	TimePercent int // 1 to 100: pro-rata for part-time
}

// Validate checks a limit before it is saved.
func (c Capacity) Validate() error {
	var v problem.Validation
	if c.FullTime < 1 || c.FullTime > 500 {
		v.Add("full_time", "Enter the full-time limit in points, from 1 to 500")
	}
	if c.TimePercent < 1 || c.TimePercent > 100 {
		v.Add("time_percent", "Enter the share of full time they work, from 1 to 100")
	}
	return v.Err()
}

// Limit is the pro-rata limit in points, rounded to the nearest point
// and never below 1, so that a limit always exists to be measured against.
func (c Capacity) Limit() int {
	return max(1, (c.FullTime*c.TimePercent+50)/100)
}

// Level is how full a caseload is.
type Level string

// Levels: flags at 90% and over 100%. No allocation is ever blocked.
const (
	Within Level = ""
	Near   Level = "near"
	Over   Level = "over"
)

// Load is a weighted caseload against its limit.
type Load struct {
	Weighted, Limit int
	Level           Level
	Words           string // e.g. "44 of 40 points (110%): over capacity"
}

// Measure flags weighted points against a limit: near from 90%, over
// above 100%. A zero limit means none is set and nothing is flagged.
func Measure(weighted int, c Capacity) Load {
	l := Load{Weighted: weighted}
	if c.FullTime == 0 {
		l.Words = fmt.Sprintf("%d points; no limit set", weighted)
		return l
	}
	l.Limit = c.Limit()
	pct := weighted * 100 / l.Limit
	switch {
	case weighted*100 > l.Limit*100:
		l.Level = Over
	case weighted*10 >= l.Limit*9:
		l.Level = Near
	}
	l.Words = fmt.Sprintf("%d of %d points (%d%%)", weighted, l.Limit, pct)
	switch l.Level {
	case Over:
		l.Words += ": over capacity"
	case Near:
		l.Words += ": near capacity"
	}
	return l
}
