package scenario

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"throughline/internal/directory"
	"throughline/internal/journey"
)

// RuleChange is one change to a service in the directory's history, with
// the service as it was after it.
type RuleChange struct {
	At      time.Time
	Service directory.Service
	// Before is the service before the change; nil when it created it.
	Before  *directory.Service
	Summary string
}

// Month is one month of the gap over time.
type Month struct {
	Month string // "2006-01"
	// FellThrough are people whose last unanswered decline was decided
	// this month.
	FellThrough int
	// GapCells are the profiles of the gap map's default grid that no
	// non-crisis service accepted under the rules at the month's end.
	GapCells int
	Changes  []RuleChange
}

// OverTime counts, for each of the months calendar months ending with
// asOf's, the people who fell through and the rules-gap cells of the
// default risk by engagement grid under the directory as it stood at the
// month's end, with the rule changes made that month. now is the
// directory today; history is every change since the first month began,
// in time order. One pass over the journeys: the cost grows with the
// referrals, not with the months.
func OverTime(in journey.Input, now []directory.Service, history []RuleChange, asOf time.Time, months int) ([]Month, error) {
	first := time.Date(asOf.Year(), asOf.Month()-time.Month(months-1), 1, 0, 0, 0, 0, asOf.Location())
	out := make([]Month, months)
	index := map[string]int{}
	for i := range out {
		m := first.AddDate(0, i, 0)
		out[i].Month = m.Format("2006-01")
		index[out[i].Month] = i
	}
	rp := newReplay(now, now)
	cutoff := asOf.Unix()
	eachPerson(in, cutoff, func(person []*journey.Referral, episodes []int64) {
		last := rp.lastUnanswered(person, episodes, cutoff)
		if last == nil {
			return
		}
		if i, ok := index[decidedAt(last).In(asOf.Location()).Format("2006-01")]; ok {
			out[i].FellThrough++
		}
	})
	// Walk back from today's directory: before each change, a service was
	// as the change before it left it, so the directory at a month's end
	// is today's with every later change undone.
	slices.SortStableFunc(history, func(a, b RuleChange) int { return a.At.Compare(b.At) })
	state := slices.Clone(now)
	pos := map[string]int{}
	for i := range state {
		pos[state[i].ID] = i
	}
	h := len(history) - 1
	for i := months - 1; i >= 0; i-- {
		end := first.AddDate(0, i+1, 0)
		for ; h >= 0 && !history[h].At.Before(end); h-- {
			undo(state, pos, history, h)
		}
		g, err := directory.NewEngine(present(state)).Grid("risk", "engagement", defaultGridProfile())
		if err != nil {
			return nil, fmt.Errorf("gap over time, %s: %w", out[i].Month, err)
		}
		for _, row := range g.Cells {
			for _, n := range row {
				if n == 0 {
					out[i].GapCells++
				}
			}
		}
	}
	for _, c := range history {
		if i, ok := index[c.At.In(asOf.Location()).Format("2006-01")]; ok {
			out[i].Changes = append(out[i].Changes, c)
		}
	}
	return out, nil
}

// undo sets the service history[h] changed back to how it was before
// it, or marks it absent if history[h] created it.
func undo(state []directory.Service, pos map[string]int, history []RuleChange, h int) {
	i, ok := pos[history[h].Service.ID]
	if !ok {
		return
	}
	if b := history[h].Before; b != nil {
		state[i] = *b
	} else {
		state[i] = directory.Service{ID: history[h].Service.ID, Tier: absentTier}
	}
}

// absentTier marks a service that did not exist yet at a month's end.
const absentTier = ""

func present(state []directory.Service) []directory.Service {
	return slices.DeleteFunc(slices.Clone(state), func(s directory.Service) bool { return s.Tier == absentTier })
}

// defaultGridProfile is the gap map's default: risk by engagement, every
// other dimension at its default.
func defaultGridProfile() directory.Profile { return directory.DefaultProfile() }

// ParseChange reads a history entry's service JSON, as the store keeps
// it: before is "" when the change created the service.
func ParseChange(at time.Time, before, after, summary string) (RuleChange, error) {
	rc := RuleChange{At: at, Summary: summary}
	if err := json.Unmarshal([]byte(after), &rc.Service); err != nil {
		return rc, fmt.Errorf("directory history: %w", err)
	}
	if before != "" {
		rc.Before = &directory.Service{}
		if err := json.Unmarshal([]byte(before), rc.Before); err != nil {
			return rc, fmt.Errorf("directory history: %w", err)
		}
	}
	return rc, nil
}
