package store

import (
	"context"
	"time"

	"throughline/internal/care"
	"throughline/internal/indicators"
)

// indicatorFollowUps reads the follow-up tasks of appointments missed in
// the period, for the service's referrals or its teams' episodes.
func (t *Tx) indicatorFollowUps(ctx context.Context, f *indicators.Facts, svc string, svcArgs []any, teams string, teamArgs []any, from, until time.Time) error {
	var err error
	f.FollowUps, err = queryAll(ctx, t, "follow-ups", `SELECT a.starts_at, k.due_on, k.done_at, (SELECT MIN(o.at) FROM outreach_attempts o WHERE o.task_id = k.id) FROM tasks k JOIN appointments a ON a.id = k.appointment_id
		LEFT JOIN referrals r ON r.id = a.referral_id LEFT JOIN episodes e ON e.id = a.episode_id
		WHERE k.kind = ? AND a.outcome = 'did-not-attend' AND a.starts_at >= ? AND a.starts_at < ?
		AND (r.service_id IN `+svc+` OR e.team_id IN `+teams+`)`, args([]any{care.TaskFollowUp, from, until}, svcArgs, teamArgs), func(rows scanner, fu *indicators.FollowUp) error {
		var due string
		err := rows.Scan(dbTime{&fu.MissedAt}, &due, dbTime{&fu.DoneAt}, dbTime{&fu.ContactAt})
		fu.DueOn = parseDateText(due)
		return err
	})
	return err
}

// indicatorEndings reads episodes ended for non-engagement in the period
// with the outreach recorded before each ending. The appointments and
// outreach of everyone ended are read in one statement each, not two per
// ending, so a region's worth of endings costs three statements.
func (t *Tx) indicatorEndings(ctx context.Context, f *indicators.Facts, teams string, teamArgs []any, p indicators.Period) error {
	type ending struct {
		person int64
		on     time.Time
	}
	ended := `FROM episode_endings n JOIN episodes e ON e.id = n.episode_id
		WHERE e.team_id IN ` + teams + ` AND n.kind = 'unplanned' AND n.reason = ? AND n.ended_on >= ? AND n.ended_on <= ?`
	endedArgs := args(teamArgs, []any{care.ReasonNonEngagement, dateText(p.From), dateText(p.To)})
	ends, err := queryAll(ctx, t, "endings", `SELECT n.person_id, n.ended_on `+ended, endedArgs, func(rows scanner, e *ending) error {
		var on string
		err := rows.Scan(&e.person, &on)
		e.on = parseDateText(on).AddDate(0, 0, 1)
		return err
	})
	if err != nil || len(ends) == 0 {
		return err
	}
	// Per person, attended appointments and outreach up to their latest
	// ending; each ending then takes those before its own day.
	last := map[int64]time.Time{}
	for _, e := range ends {
		if e.on.After(last[e.person]) {
			last[e.person] = e.on
		}
	}
	endedPeople := `(SELECT n.person_id ` + ended + `)`
	attended := map[int64][]time.Time{}
	err = eachRow(ctx, t, "attended before ending", `SELECT person_id, starts_at FROM appointments WHERE outcome = 'attended' AND person_id IN `+endedPeople,
		endedArgs, func(rows scanner) error {
			var person int64
			var at time.Time
			if err := rows.Scan(&person, dbTime{&at}); err != nil {
				return err
			}
			if at.Before(last[person]) {
				attended[person] = append(attended[person], at)
			}
			return nil
		})
	if err != nil {
		return err
	}
	attempts := map[int64][]care.OutreachAttempt{}
	err = eachRow(ctx, t, "outreach before ending", `SELECT person_id, at, method FROM outreach_attempts WHERE person_id IN `+endedPeople+` ORDER BY person_id, at, id`,
		endedArgs, func(rows scanner) error {
			var person int64
			var a care.OutreachAttempt
			if err := rows.Scan(&person, dbTime{&a.At}, &a.Method); err != nil {
				return err
			}
			if a.At.Before(last[person]) {
				attempts[person] = append(attempts[person], a)
			}
			return nil
		})
	if err != nil {
		return err
	}
	for _, e := range ends {
		var x indicators.NonEngagementEnding
		for _, at := range attended[e.person] {
			if at.Before(e.on) && at.After(x.LastAttended) {
				x.LastAttended = at
			}
		}
		for _, a := range attempts[e.person] {
			if a.At.Before(e.on) {
				x.Attempts = append(x.Attempts, a)
			}
		}
		f.Endings = append(f.Endings, x)
	}
	return nil
}

// indicatorContinuity reads, for everyone with an active episode, the
// staff at attended appointments in the last 90 days and the latest
// contact, as store.Continuity does for one person.
func (t *Tx) indicatorContinuity(ctx context.Context, f *indicators.Facts, teams string, teamArgs []any) error {
	active := `(SELECT person_id FROM episodes WHERE ended_at IS NULL AND team_id IN ` + teams + `)`
	by := map[int64]*indicators.Contacts{}
	order, err := queryAll(ctx, t, "people in care", `SELECT DISTINCT person_id FROM episodes WHERE ended_at IS NULL AND team_id IN `+teams+` ORDER BY person_id`, teamArgs, scanValue[int64])
	if err != nil {
		return err
	}
	for _, id := range order {
		by[id] = &indicators.Contacts{}
	}
	since := f.Now.AddDate(0, 0, -care.ContinuityWindowDays).UTC()
	last := int64(0)
	err = eachRow(ctx, t, "appointments seen", `SELECT a.person_id, a.id, a.starts_at, s.user_id FROM appointments a JOIN appointment_staff s ON s.appointment_id = a.id
		WHERE a.outcome = 'attended' AND a.starts_at >= ? AND a.starts_at <= ? AND a.person_id IN `+active+` ORDER BY a.person_id, a.id`,
		args([]any{since, f.Now.UTC()}, teamArgs), func(rows scanner) error {
			var person, id, staff int64
			var c care.Contact
			if err := rows.Scan(&person, &id, dbTime{&c.At}, &staff); err != nil {
				return err
			}
			p := by[person]
			if id != last {
				p.Appointments, last = append(p.Appointments, c), id
			}
			p.Appointments[len(p.Appointments)-1].StaffIDs = append(p.Appointments[len(p.Appointments)-1].StaffIDs, staff)
			return nil
		})
	if err != nil {
		return err
	}
	latest := []struct {
		q      string
		append func(p *indicators.Contacts, c care.Contact)
	}{
		{`SELECT person_id, MAX(starts_at) FROM appointments WHERE outcome = 'attended' AND starts_at <= ? AND person_id IN ` + active + ` GROUP BY person_id`,
			func(p *indicators.Contacts, c care.Contact) { p.Appointments = append(p.Appointments, c) }},
		{`SELECT person_id, MAX(at) FROM outreach_attempts WHERE outcome = 'reached' AND at <= ? AND person_id IN ` + active + ` GROUP BY person_id`,
			func(p *indicators.Contacts, c care.Contact) { p.Reached = append(p.Reached, c) }},
	}
	for _, l := range latest {
		err := eachRow(ctx, t, "latest contact", l.q, args([]any{f.Now.UTC()}, teamArgs), func(rows scanner) error {
			var person int64
			var c care.Contact
			if err := rows.Scan(&person, dbTime{&c.At}); err != nil {
				return err
			}
			l.append(by[person], c)
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, id := range order {
		f.People = append(f.People, *by[id])
	}
	return nil
}

// indicatorEpisodes reads each active episode's goals, care plan
// agreement, social-needs actions owned by another agency and whether the
// person has a crisis plan. Goals are counted in one grouped pass joined
// in, not a subquery per episode, so the work grows with the region
// rather than with episodes times goals.
func (t *Tx) indicatorEpisodes(ctx context.Context, f *indicators.Facts, teams string, teamArgs []any) error {
	social, socialArgs := in(indicators.SocialDomains)
	var err error
	f.Episodes, err = queryAll(ctx, t, "active episodes", `SELECT COALESCE(g.active, 0), COALESCE(g.own_words, 0), COALESCE(cp.agreement, ''),
		CASE WHEN EXISTS (SELECT 1 FROM care_plan_actions x WHERE x.plan_id = cp.id AND x.owner_kind = 'agency' AND x.domain IN `+social+`) THEN 1 ELSE 0 END,
		CASE WHEN EXISTS (SELECT 1 FROM crisis_plans c WHERE c.person_id = e.person_id) THEN 1 ELSE 0 END
		FROM episodes e LEFT JOIN care_plans cp ON cp.episode_id = e.id
		LEFT JOIN (SELECT episode_id, COUNT(*) AS active, SUM(CASE WHEN own_words THEN 1 ELSE 0 END) AS own_words FROM goals
			WHERE status = 'active' AND episode_id IS NOT NULL GROUP BY episode_id) g ON g.episode_id = e.id
		WHERE e.ended_at IS NULL AND e.team_id IN `+teams+` ORDER BY e.id`, args(socialArgs, teamArgs), func(rows scanner, e *indicators.Episode) error {
		var agency, crisis int
		err := rows.Scan(&e.Goals, &e.OwnWordsGoals, &e.Agreement, &agency, &crisis)
		e.AgencySocialAction, e.CrisisPlan = agency == 1, crisis == 1
		return err
	})
	return err
}

// indicatorLiaison counts liaison records dated in the period by agency,
// on care plans of the scope's episodes.
func (t *Tx) indicatorLiaison(ctx context.Context, f *indicators.Facts, teams string, teamArgs []any, p indicators.Period) error {
	return eachRow(ctx, t, "liaison", `SELECT l.agency, COUNT(*) FROM liaison l JOIN care_plans cp ON cp.id = l.plan_id JOIN episodes e ON e.id = cp.episode_id
		WHERE e.team_id IN `+teams+` AND l.on_date >= ? AND l.on_date <= ? GROUP BY l.agency`, args(teamArgs, []any{dateText(p.From), dateText(p.To)}), func(rows scanner) error {
		var agency string
		var n int
		if err := rows.Scan(&agency, &n); err != nil {
			return err
		}
		f.Liaison[agency] = n
		return nil
	})
}
