// Package demo generates Kingsmere, a fictional region with a specialist
// service for people with complex emotional needs (CEN), and loads it into a
// freshly migrated database through the store: localities, a directory of
// services with a deliberate gap, teams, staff, about 2,000 synthetic people
// per unit of scale with referral histories over the past three years, and
// episodes of care. Generation is seeded, and every date is relative to
// Options.Now, so the same options always give the same region. Nothing in
// it describes a real person.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// Options control what Load generates.
type Options struct {
	Seed         uint64
	Scale        int       // multiplies people, referrals and episodes; 1 = about 2,000 people; 0 means 1
	Now          time.Time // the reference "today"; every generated date is relative to it
	PasswordHash string    // one hash used for every demo account
	// People, when set, replaces the 2,000 people of each unit of scale:
	// a small region that still runs every step, for tests that build many.
	People int
	// Progress, when set, hears how far the load has got.
	Progress Progress
}

// Login is a fixed demo account, one per role.
type Login struct {
	Role        auth.Role
	Username    string
	Description string
}

// Summary counts what Load created. Staff is every account except service users.
type Summary struct {
	Localities, Services, Teams, Staff, People, Referrals, Episodes int
	Logins                                                          []Login
	// FrontDoorSteps counts the screening steps and check-ins recorded on
	// the front-door referrals (intake.go), each one audit event.
	FrontDoorSteps int
	// Measures counts outcome measure responses; Audited counts the other
	// audit events written beyond one per person, referral and episode
	// (goals, sessions, measures).
	Measures, Audited int
	CareWrites        int // audited writes of ongoing care (appointments, tasks, groups, endings)
}

// batchSize is how many people share a transaction: large enough that
// commits (each an fsync) are rare, small enough to keep each one short.
const batchSize = 2000

// peoplePerScale is how many people one unit of Options.Scale creates.
const peoplePerScale = 2000

// Load fills db, which must be empty, with the demo region.
func Load(ctx context.Context, db *store.DB, opt Options) (Summary, error) {
	var sum Summary
	if opt.Scale == 0 {
		opt.Scale = 1
	}
	if opt.Scale < 0 {
		return sum, errors.New("demo: scale must be positive")
	}
	if opt.Now.IsZero() {
		return sum, errors.New("demo: Options.Now is required")
	}
	opt.Now = opt.Now.UTC()
	if opt.PasswordHash == "" {
		return sum, errors.New("demo: Options.PasswordHash is required")
	}
	if opt.Progress == nil {
		opt.Progress = noProgress{}
	}
	prog := opt.Progress
	if locs, err := db.Localities(ctx); err != nil {
		return sum, fmt.Errorf("demo: check database is empty: %w", err)
	} else if len(locs) > 0 {
		return sum, errors.New("demo: the database already has a region; the demo needs an empty database")
	}

	// Whatever the store stamps (created, audited, recorded) is stamped as
	// of the demo's "today"; steps that happened earlier move the clock
	// back to their own time.
	clock := db.Now
	db.Now = func() time.Time { return opt.Now }
	defer func() { db.Now = clock }()
	// The clock moves back and forth, so reads' audit events are kept in
	// line with writes' (store.AuditReadsInLine).
	defer db.AuditReadsInLine()()

	svcs := services()
	g := newGen(opt, svcs)
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, l := range localities {
			if err := tx.CreateLocality(ctx, l); err != nil {
				return fmt.Errorf("create locality %s: %w", l.Code, err)
			}
		}
		for _, s := range svcs {
			if err := tx.CreateService(ctx, s); err != nil {
				return fmt.Errorf("create service %s: %w", s.ID, err)
			}
		}
		var err error
		g.staff, err = g.createStaff(ctx, tx, opt.PasswordHash, opt.Scale)
		return err
	})
	if err != nil {
		return sum, fmt.Errorf("demo: directory and staff: %w", err)
	}
	sum.Localities, sum.Services, sum.Teams, sum.Staff = len(localities), len(svcs), len(g.staff.keyOf), g.staff.count
	g.load = map[string]*caseload{
		"community": g.newCaseload(g.staff.pool["community"], g.staff.ids["clinician"], 20),
		"therapies": g.newCaseload(g.staff.pool["therapies"], 0, 0),
	}

	perScale := peoplePerScale
	if opt.People > 0 {
		perScale = opt.People
	}
	total := perScale * opt.Scale
	prog.Phase("People and referrals", total)
	for start := 0; start < total; start += batchSize {
		plans := make([]plan, 0, batchSize)
		for i := start; i < min(start+batchSize, total); i++ {
			plans = append(plans, g.plan(i))
		}
		err := bulk(ctx, db, func(ctx context.Context, tx *store.Tx) error {
			for i := range plans {
				if err := writePlan(ctx, tx, &plans[i], opt.PasswordHash); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return sum, fmt.Errorf("demo: people %d to %d: %w", start+1, start+len(plans), err)
		}
		for i, pl := range plans {
			sum.People++
			sum.Referrals += len(pl.referrals)
			sum.Episodes += len(pl.episodes)
			if pl.serviceUser {
				sum.Logins = fixedLogins(plans[i].person.DisplayName())
			}
		}
		prog.Add(len(plans))
	}
	prog.Done()
	prog.Phase("Assessments and decisions", 1)
	opened, err := loadAssessmentStages(ctx, db, g, opt.Now)
	if err != nil {
		return sum, fmt.Errorf("demo: assessment and team discussion: %w", err)
	}
	sum.Episodes += opened
	prog.Add(1)
	prog.Done()
	if err := loadOngoingCare(ctx, db, g, prog); err != nil {
		return sum, err
	}
	if sum.CareWrites, err = loadOngoing(ctx, db, opt, g.staff, perScale < peoplePerScale); err != nil {
		return sum, fmt.Errorf("demo: ongoing care: %w", err)
	}
	if err := loadMeasures(ctx, db, opt, &sum); err != nil {
		return sum, err
	}
	if err := loadReminders(ctx, db, opt.Now); err != nil { // reminders (issue 13)
		return sum, err
	}
	if err := loadPortal(ctx, db, opt.Now); err != nil {
		return sum, err
	}
	if err := loadCarerLogin(ctx, db, opt, &sum); err != nil { // carers: the demo "carer" sign-in
		return sum, err
	}
	if err := loadStaffSupport(ctx, db, opt, g.staff); err != nil { // staff branch: supervision and training (staffsupport.go)
		return sum, fmt.Errorf("demo: staff support: %w", err)
	}
	if err := loadReflective(ctx, db, opt, g.staff); err != nil { // reflective: groups, attendance, a team formulation (reflective.go)
		return sum, err
	}

	if err := loadTalkingTherapiesJourneys(ctx, db, opt.Now); err != nil { // refercheck: another source on /gaps/journeys
		return sum, err
	}
	if err := loadLanguageExamples(ctx, db, opt.Now); err != nil {
		return sum, err
	}
	prog.Phase("Front door", len(frontDoorCases))
	people, referrals, err := loadFrontDoor(ctx, db, opt.Now)
	prog.Add(people)
	prog.Done()
	sum.People, sum.Referrals, sum.FrontDoorSteps = sum.People+people, sum.Referrals+referrals, frontDoorSteps()
	return sum, err
}

// writePlan stores one person, their referral histories and episodes, and
// for the demo service user their account.
func writePlan(ctx context.Context, tx *store.Tx, pl *plan, hash string) error {
	p := &pl.person
	if err := tx.CreatePerson(ctx, auth.System, p); err != nil {
		return fmt.Errorf("create person %s: %w", p.DisplayName(), err)
	}
	for _, pr := range pl.referrals {
		pr.ref.PersonID = p.ID
		if err := tx.CreateReferral(ctx, auth.System, &pr.ref); err != nil {
			return fmt.Errorf("create referral for person %d: %w", p.ID, err)
		}
		evs := make([]store.NewReferralEvent, len(pr.steps))
		for i, s := range pr.steps {
			evs[i] = store.NewReferralEvent{ReferralID: pr.ref.ID, Status: s.status, At: s.at, UserID: s.user, Note: s.note}
		}
		if err := tx.AddReferralEvents(ctx, evs); err != nil {
			return fmt.Errorf("referral %d: %w", pr.ref.ID, err)
		}
	}
	for i := range pl.episodes {
		e := &pl.episodes[i]
		e.PersonID = p.ID
		if err := tx.CreateEpisode(ctx, auth.System, e); err != nil {
			return fmt.Errorf("create episode for person %d: %w", p.ID, err)
		}
	}
	if pl.serviceUser {
		u := auth.User{Username: "serviceuser", DisplayName: p.DisplayName(), Role: auth.ServiceUser, PersonID: p.ID, PasswordHash: hash}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return fmt.Errorf("create service user account: %w", err)
		}
	}
	return nil
}
