package store

import (
	"context"

	"throughline/internal/indicators"
)

// PlanNeedsFacts reads the care plans of active episodes in the scope's
// teams for "responding to complexity": each plan's need domains, who owns
// the actions on each, and whether there is liaison. Three flat reads
// joined on the plan, folded here, so the cost grows with the rows and
// never with a query per plan.
func (db *DB) PlanNeedsFacts(ctx context.Context, sc IndicatorScope) ([]indicators.PlanNeeds, error) {
	teams, teamArgs := sc.teamsIn()
	active := ` JOIN care_plans cp ON cp.id = x.plan_id JOIN episodes e ON e.id = cp.episode_id WHERE e.ended_at IS NULL AND e.team_id IN ` + teams
	plans := map[int64]*indicators.PlanNeeds{}
	var order []int64
	err := db.view(ctx, func(tx *Tx) error {
		if err := eachRow(ctx, tx, "plan needs", `SELECT x.plan_id, x.domain FROM care_plan_needs x`+active, teamArgs, func(s scanner) error {
			var id int64
			var domain string
			if err := s.Scan(&id, &domain); err != nil {
				return err
			}
			if plans[id] == nil {
				plans[id] = &indicators.PlanNeeds{Needs: map[string]indicators.NeedHolders{}}
				order = append(order, id)
			}
			plans[id].Needs[domain] = indicators.NeedHolders{}
			return nil
		}); err != nil {
			return err
		}
		if err := eachRow(ctx, tx, "plan actions", `SELECT DISTINCT x.plan_id, x.domain, x.owner_kind FROM care_plan_actions x`+active, teamArgs, func(s scanner) error {
			var id int64
			var domain, owner string
			if err := s.Scan(&id, &domain, &owner); err != nil {
				return err
			}
			p := plans[id]
			if p == nil {
				return nil
			}
			h, ok := p.Needs[domain]
			if !ok {
				return nil
			}
			if owner == "agency" {
				h.Agency = true
			} else {
				h.Team = true
			}
			p.Needs[domain] = h
			return nil
		}); err != nil {
			return err
		}
		return eachRow(ctx, tx, "plan liaison", `SELECT DISTINCT x.plan_id FROM liaison x`+active, teamArgs, func(s scanner) error {
			var id int64
			if err := s.Scan(&id); err != nil {
				return err
			}
			if p := plans[id]; p != nil {
				p.Liaison = true
			}
			return nil
		})
	})
	out := make([]indicators.PlanNeeds, 0, len(order))
	for _, id := range order {
		out = append(out, *plans[id])
	}
	return out, err
}
