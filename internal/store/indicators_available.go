package store

import (
	"context"
	"time"

	"throughline/internal/indicators"
)

// ActiveEpisodeFacts reads, for "available long term and in crisis", each
// active episode in the scope's teams with when it began, when the
// person's crisis plan was last saved and its contacts' hours. It is one
// pass: episodes joined to their person's plan (one a person) and the
// plan's contacts, folded by episode here, so its cost grows with the
// rows read and never with a query per episode.
func (db *DB) ActiveEpisodeFacts(ctx context.Context, sc IndicatorScope) ([]indicators.ActiveEpisode, error) {
	teams, teamArgs := sc.teamsIn()
	var out []indicators.ActiveEpisode
	last := int64(0)
	err := eachRow(ctx, db, "active episodes for availability", `SELECT e.id, e.started_at, c.updated_at, cc.hours
		FROM episodes e LEFT JOIN crisis_plans c ON c.person_id = e.person_id LEFT JOIN crisis_contacts cc ON cc.plan_id = c.id
		WHERE e.ended_at IS NULL AND e.team_id IN `+teams+` ORDER BY e.id, cc.position`, teamArgs, func(s scanner) error {
		var id int64
		var started, planAt time.Time
		var hours *string
		if err := s.Scan(&id, dbTime{&started}, dbTime{&planAt}, &hours); err != nil {
			return err
		}
		if id != last {
			out = append(out, indicators.ActiveEpisode{StartedAt: started, CrisisPlanAt: planAt})
			last = id
		}
		if hours != nil {
			e := &out[len(out)-1]
			e.ContactHours = append(e.ContactHours, *hours)
		}
		return nil
	})
	return out, err
}

// teamsIn is the scope's teams as an IN list and its arguments.
func (sc IndicatorScope) teamsIn() (string, []any) {
	ids := make([]int64, 0, len(sc.Teams))
	for _, t := range sc.Teams {
		ids = append(ids, t.ID)
	}
	return in(ids)
}
