package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/measures"
	"throughline/internal/store"
)

// Outcome measures for people in active episodes: PHQ-9, GAD-7 and CORE-10
// over time (most improve, some reliably and into recovery, some do not
// change, a few get worse), DIALOG at the start and at review, and Goal
// Based Outcomes rating their care-plan goals (goals are written when the
// person has none yet). A share of people have had sessions since their
// last measures, so measures are due. Every answer is made up.

// trend is how a person's scores move from first to latest, as a share of
// the way to well (1) or the wrong way (negative).
var trends = []float64{0.75, 0.7, 0.6, 0.55, 0.4, 0.1, 0.05, 0, -0.35, 0.8}

func loadMeasures(ctx context.Context, db *store.DB, opt Options, sum *Summary) error {
	r := rand.New(rand.NewPCG(opt.Seed, 0x6d656173))
	eps, err := db.Episodes(ctx, store.EpisodeFilter{ActiveOnly: true, Limit: store.AllRows})
	if err != nil {
		return fmt.Errorf("demo measures: %w", err)
	}
	clin, err := db.UserByUsername(ctx, "clinician")
	if err != nil {
		return fmt.Errorf("demo measures: %w", err)
	}
	opt.Progress.Phase("Outcome measures", len(eps))
	chosen := 0
	for start := 0; start < len(eps); start += batchSize / 4 {
		end := min(start+batchSize/4, len(eps))
		err := bulk(ctx, db, func(ctx context.Context, tx *store.Tx) error {
			for i := start; i < end; i++ {
				if err := measureEpisode(ctx, tx, db, opt, r, i, eps[i].Episode, clin.ID, &chosen, sum); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		opt.Progress.Add(end - start)
	}
	opt.Progress.Done()
	return nil
}

// measureEpisode writes one episode's measures, and for some people the
// sessions they have had since.
func measureEpisode(ctx context.Context, tx *store.Tx, db *store.DB, opt Options, r *rand.Rand, i int, e care.Episode, clin int64, chosen *int, sum *Summary) error {
	if i%3 == 2 && e.NamedWorkerID != clin {
		return nil // about two in three people have measures; all the demo clinician's do
	}
	*chosen++
	// Entered by the named worker, as in a session.
	a := auth.Actor{User: auth.User{ID: e.NamedWorkerID, Username: "demo", Role: auth.Clinician}, Relationship: auth.RelCaseload}
	var n counts
	err := measuresFor(ctx, tx, db, a, r, e, opt.Now, &n)
	sum.Measures += n.responses
	sum.Audited += n.responses + n.goals
	if err != nil {
		return fmt.Errorf("demo measures for person %d: %w", e.PersonID, err)
	}
	// One person in four has had sessions since: CORE-10 and GBO are due.
	if *chosen%4 != 0 {
		return nil
	}
	// Every other working day over the last three weeks, at the same
	// hour for the person, within working hours.
	hour := time.Duration(9+(*chosen/4)%8) * time.Hour
	first := nextWorkday(opt.Now.AddDate(0, 0, -20))
	for s := range 6 {
		at := care.AddWorkingDays(first, 2*s).Add(hour)
		if !at.Before(opt.Now) {
			break // only sessions that have happened are recorded
		}
		ap := care.Appointment{PersonID: e.PersonID, EpisodeID: e.ID, Kind: care.KindIndividual, StartsAt: at,
			StaffIDs: []int64{e.NamedWorkerID}, Location: "Team base"}
		if err := tx.CreateAppointment(ctx, a, &ap); err != nil {
			return fmt.Errorf("demo session for person %d: %w", e.PersonID, err)
		}
		if _, err := tx.RecordOutcome(ctx, a, ap.ID, ap.Version, care.OutcomeAttended, ""); err != nil {
			return fmt.Errorf("demo session for person %d: %w", e.PersonID, err)
		}
		sum.Audited += 2
	}
	return nil
}

// counts: responses, and the other audited records written (goals, tasks).
type counts struct{ responses, goals int }

func measuresFor(ctx context.Context, tx *store.Tx, db *store.DB, a auth.Actor, r *rand.Rand, e care.Episode, now time.Time, n *counts) error {
	start := e.StartedAt
	if earliest := now.AddDate(0, -11, 0); start.Before(earliest) {
		start = earliest
	}
	last := now.AddDate(0, 0, -14)
	if !start.Before(last.AddDate(0, 0, -30)) {
		return nil // too new for a trajectory
	}
	trend := trends[r.IntN(len(trends))]
	points := 3 + r.IntN(3)
	goals, err := db.Goals(ctx, e.PersonID)
	if err != nil {
		return err
	}
	var goalIDs []int64
	for _, g := range goals {
		if g.Status == care.GoalActive && len(goalIDs) < 3 {
			goalIDs = append(goalIDs, g.ID)
		}
	}
	for len(goalIDs) < 2 {
		g := care.Goal{PersonID: e.PersonID, EpisodeID: e.ID, Text: demoGoals[r.IntN(len(demoGoals))], OwnWords: true, CreatedAt: start}
		if err := tx.CreateGoal(ctx, a, &g); err != nil {
			return err
		}
		n.goals++
		goalIDs = append(goalIDs, g.ID)
	}
	startPHQ, startGAD, startCORE := 12+r.IntN(14), 9+r.IntN(11), 14+r.IntN(20)
	startGBO := 1 + r.IntN(3)
	step := last.Sub(start) / time.Duration(points-1)
	for p := range points {
		at := start.Add(time.Duration(p) * step)
		frac := trend * float64(p) / float64(points-1)
		wobble := r.IntN(3) - 1
		record := func(id string, answers []*int, goals []int64) error {
			resp := measures.Response{PersonID: e.PersonID, EpisodeID: e.ID, MeasureID: id, TakenAt: at, Answers: answers, GoalIDs: goals, Source: measures.SourceStaff}
			task, err := tx.RecordMeasure(ctx, a, &resp)
			n.responses++
			if task != nil {
				n.goals++ // its task is audited too
			}
			return err
		}
		if err := record("PHQ-9", spread(towards(startPHQ, 2, frac)+wobble, 9, 3, []int{9}), nil); err != nil {
			return err
		}
		if err := record("GAD-7", spread(towards(startGAD, 2, frac)+wobble, 7, 3, nil), nil); err != nil {
			return err
		}
		if err := record("CORE-10", core10Answers(towards(startCORE, 4, frac)+wobble), nil); err != nil {
			return err
		}
		if p == 0 || p == points-1 {
			q := 2 + int(3*frac+0.5) + r.IntN(2)
			if err := record("DIALOG", spread(q*11, 11, 7, []int{9}), nil); err != nil {
				return err
			}
		}
		ratings := make([]*int, 3)
		ids := make([]int64, 3)
		for i, g := range goalIDs {
			v := clamp(startGBO+int(7*frac+0.5)+r.IntN(2)-i, 0, 10)
			ratings[i], ids[i] = &v, g
		}
		if err := record("GBO", ratings, ids); err != nil {
			return err
		}
	}
	return nil
}

// towards moves from start to floor by frac (negative frac: away from it).
func towards(start, floor int, frac float64) int {
	return start - int(frac*float64(start-floor)+0.5)
}

// spread turns a total into item answers from 0 (or 1) to max that add up
// to it. zeroItems are kept at their lowest (e.g. PHQ-9's item 9 is not
// made up here). DIALOG answers run 1–7: pass the sum of 1–7 answers.
func spread(total, items, max int, low []int) []*int {
	out := make([]*int, items)
	min := 0
	if max == 7 {
		min = 1
	}
	total = clamp(total, min*items, max*items)
	vals := make([]int, items)
	for i := range vals {
		vals[i] = min
	}
	left := total - min*items
	for i := 0; left > 0; i = (i + 1) % items {
		if vals[i] < max {
			vals[i]++
			left--
		}
	}
	for i := range vals {
		v := vals[i]
		out[i] = &v
	}
	for _, it := range low {
		if it <= items {
			v := min
			out[it-1] = &v
		}
	}
	return out
}

// core10Answers answers CORE-10 so that it scores total: items 2 and 3 are
// positively worded (answered high when well); the risk item 6 stays 0.
func core10Answers(total int) []*int {
	total = clamp(total, 0, 36)
	vals := make([]int, 10)
	vals[1], vals[2] = 4, 4 // reversed: scores 0
	order := []int{0, 8, 3, 7, 4, 6, 9, 1, 2}
	for left := total; left > 0; {
		moved := false
		for _, i := range order {
			if left == 0 {
				break
			}
			switch {
			case i == 1 || i == 2:
				if vals[i] > 0 {
					vals[i]--
					left--
					moved = true
				}
			case vals[i] < 4:
				vals[i]++
				left--
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	out := make([]*int, 10)
	for i := range vals {
		v := vals[i]
		out[i] = &v
	}
	return out
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
