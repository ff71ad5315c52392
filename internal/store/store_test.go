package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

var cheap = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

func mustUser(t testing.TB, db *store.DB, u auth.User) auth.User {
	t.Helper()
	u.PasswordHash, _ = auth.HashPassword("a long test password", cheap)
	if err := db.CreateUser(context.Background(), &u); err != nil {
		t.Fatalf("create user %s: %v", u.Username, err)
	}
	return u
}

func mustPerson(t *testing.T, db *store.DB, given string) care.Person {
	t.Helper()
	p := care.Person{GivenName: given, FamilyName: "Tester", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
	if err := db.CreatePerson(context.Background(), auth.System, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// region makes a service with one team, a clinician in it, and another clinician outside it.
func region(t testing.TB, db *store.DB) (team directory.Team, inside, outside auth.User) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		s := directory.Service{ID: "cen", Name: "CEN Service", Tier: "specialist-cen"}
		if err := tx.CreateService(ctx, &s); err != nil {
			return err
		}
		team = directory.Team{Name: "Community Team", ServiceID: "cen"}
		return tx.CreateTeam(ctx, &team)
	})
	if err != nil {
		t.Fatal(err)
	}
	inside = mustUser(t, db, auth.User{Username: "in", DisplayName: "In", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{team.ID}})
	outside = mustUser(t, db, auth.User{Username: "out", DisplayName: "Out", Role: auth.Clinician, Profession: "nurse"})
	return team, inside, outside
}

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second migrate applied %v, want nothing", applied)
		}
	})
}

func TestPersonRoundTripAndVersionConflict(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := care.Person{GivenName: "Alex", FamilyName: "Rivera", PreferredName: "Lex", NHSNumber: "943 476 5919",
			DateOfBirth: time.Date(1988, 2, 29, 0, 0, 0, 0, time.UTC), TraumaPreferences: "Prefers a female worker; sit near the door"}
		if err := db.CreatePerson(ctx, auth.System, &p); err != nil {
			t.Fatal(err)
		}
		got, err := db.PersonNoAudit(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.NHSNumber != "9434765919" || !got.DateOfBirth.Equal(p.DateOfBirth) || got.TraumaPreferences != p.TraumaPreferences || got.Version != 1 {
			t.Errorf("round trip = %+v", got)
		}

		first, second := got, got
		first.Pronouns = "they/them"
		if err := db.UpdatePerson(ctx, auth.System, &first); err != nil {
			t.Fatal(err)
		}
		second.Phone = "07700 900123"
		err = db.UpdatePerson(ctx, auth.System, &second)
		if got, want := problem.Code(err), problem.Conflict; got != want {
			t.Fatalf("stale update code = %q (%v), want %q", got, err, want)
		}
		saved, _ := db.PersonNoAudit(ctx, p.ID)
		if saved.Pronouns != "they/them" || saved.Phone != "" || saved.Version != 2 {
			t.Errorf("after conflict = %+v, want first edit kept and second refused", saved)
		}

		missing := care.Person{ID: 9999, GivenName: "a", FamilyName: "b", Version: 1}
		if got, want := problem.Code(db.UpdatePerson(ctx, auth.System, &missing)), problem.NotFound; got != want {
			t.Errorf("missing update = %q, want %q", got, want)
		}
		dup := care.Person{GivenName: "Sam", FamilyName: "Other", NHSNumber: "9434765919"}
		if got, want := problem.Code(db.CreatePerson(ctx, auth.System, &dup)), problem.Conflict; got != want {
			t.Errorf("duplicate NHS number = %q, want %q", got, want)
		}
	})
}

func TestSearchPeople(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, n := range []string{"Jordan", "Jordana", "Kim", "50%_off"} {
			mustPerson(t, db, n)
		}
		tests := []struct {
			q    string
			want int
		}{{"jordan", 2}, {"JORDAN tester", 2}, {"kim", 1}, {"%", 1}, {"nobody", 0}, {"", 0}}
		for _, tt := range tests {
			got, err := db.SearchPeople(ctx, auth.System, tt.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("search %q found %d, want %d", tt.q, len(got), tt.want)
			}
		}
	})
}

func TestPersonLinks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, inside, outside := region(t, db)
		referrer := mustUser(t, db, auth.User{Username: "gp", DisplayName: "GP", Role: auth.Referrer})
		onCaseload := mustPerson(t, db, "Caseload")
		referred := mustPerson(t, db, "Referred")
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateEpisode(ctx, auth.System, &care.Episode{PersonID: onCaseload.ID, TeamID: team.ID, NamedWorkerID: inside.ID, Pathway: "community-scm"}); err != nil {
				return err
			}
			return tx.CreateReferral(ctx, auth.System, &care.Referral{PersonID: referred.ID, ServiceID: "cen", ReferrerUserID: referrer.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			user   auth.User
			person care.Person
			want   auth.Relationship
		}{
			{"team member sees caseload", inside, onCaseload, auth.RelCaseload},
			{"team member sees open referral to team", inside, referred, auth.RelTeamReferr},
			{"outsider sees nothing", outside, onCaseload, auth.RelNone},
			{"referrer sees their referral", referrer, referred, auth.RelReferrer},
			{"referrer does not see others", referrer, onCaseload, auth.RelNone},
		}
		for _, tt := range tests {
			l, err := db.PersonLinks(ctx, tt.user, tt.person.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := auth.PersonAccess(tt.user, l); got != tt.want {
				t.Errorf("%s: relationship = %q, want %q", tt.name, got, tt.want)
			}
		}
	})
}

func TestBreakGlassIsAuditedAndExpires(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, _, outside := region(t, db)
		p := mustPerson(t, db, "Urgent")
		if got, want := problem.Code(db.GrantBreakGlass(ctx, outside, p.ID, "too short", time.Hour)), problem.Invalid; got != want {
			t.Errorf("short reason = %q, want %q", got, want)
		}
		reason := "Person attending A&E now, liaison needs crisis plan"
		if err := db.GrantBreakGlass(ctx, outside, p.ID, reason, time.Hour); err != nil {
			t.Fatal(err)
		}
		l, _ := db.PersonLinks(ctx, outside, p.ID)
		if got, want := auth.PersonAccess(outside, l), auth.RelBreakGlass; got != want {
			t.Errorf("after grant = %q, want %q", got, want)
		}
		events, err := db.AuditEvents(ctx, store.AuditFilter{PersonID: p.ID, Action: auth.ActionBreakGlass})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Reason != reason || events[0].Relationship != auth.RelBreakGlass || events[0].UserID != outside.ID {
			t.Errorf("break-glass audit = %+v", events)
		}
		grants, _ := db.BreakGlassGrants(ctx, true, 10)
		if len(grants) != 1 {
			t.Fatalf("unreviewed grants = %d, want 1", len(grants))
		}
		if n, err := db.UnreviewedBreakGlass(ctx); err != nil || n != 1 {
			t.Errorf("unreviewed count = %d, %v; want 1", n, err)
		}
		auditor := mustUser(t, db, auth.User{Username: "aud", DisplayName: "Aud", Role: auth.Auditor})
		if err := db.ReviewBreakGlass(ctx, auditor, grants[0].ID, "Appropriate: A&E liaison"); err != nil {
			t.Fatal(err)
		}
		if got, want := problem.Code(db.ReviewBreakGlass(ctx, auditor, grants[0].ID, "again")), problem.Conflict; got != want {
			t.Errorf("second review = %q, want %q", got, want)
		}
		if grants, _ := db.BreakGlassGrants(ctx, true, 10); len(grants) != 0 {
			t.Errorf("unreviewed after review = %d, want 0", len(grants))
		}
		if n, _ := db.UnreviewedBreakGlass(ctx); n != 0 {
			t.Errorf("unreviewed count after review = %d, want 0", n)
		}

		db.Now = func() time.Time { return time.Now().UTC().Add(2 * time.Hour) }
		l, _ = db.PersonLinks(ctx, outside, p.ID)
		if got := auth.PersonAccess(outside, l); got != auth.RelNone {
			t.Errorf("expired grant still gives %q", got)
		}
	})
}

func TestAuditChainVerifiesAndDetectsTampering(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := mustPerson(t, db, "Audited")
		for i := 0; i < 5; i++ {
			if err := db.Audit(ctx, auth.System, auth.ActionView, p.ID, "person"); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.VerifyAudit(ctx)
		if err != nil || n != 6 {
			t.Fatalf("verify = %d, %v; want 6, nil", n, err)
		}
		storetest.Tamper(t, db, `UPDATE audit_events SET user_id = 42 WHERE seq = 3`)
		if _, err := db.VerifyAudit(ctx); err == nil {
			t.Fatal("tampered chain verified")
		}
	})
}

func TestAuditIsAppendOnly(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustPerson(t, db, "Append")
		// An event waiting to be sealed cannot be edited either; once
		// sealed it can be neither edited nor deleted.
		if err := storetest.Exec(t, db, `UPDATE audit_pending SET reason = 'x'`); err == nil {
			t.Error("editing a pending audit event succeeded, want refusal")
		}
		if n, err := db.VerifyAudit(context.Background()); err != nil || n != 1 {
			t.Fatalf("seal and verify = %d, %v; want 1 event", n, err)
		}
		for _, q := range []string{`UPDATE audit_events SET reason = 'x'`, `DELETE FROM audit_events`} {
			if err := storetest.Exec(t, db, q); err == nil {
				t.Errorf("%s succeeded, want refusal", q)
			}
		}
	})
}

func TestConcurrentAuditAppendsKeepChain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := mustPerson(t, db, "Busy")
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs <- db.Audit(ctx, auth.Actor{User: auth.User{ID: int64(i), Username: fmt.Sprint("u", i), Role: auth.Clinician}}, auth.ActionView, p.ID, "person")
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n != 41 {
			t.Errorf("verify = %d, %v; want 41, nil", n, err)
		}
	})
}

func TestSessionsAndThrottle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := mustUser(t, db, auth.User{Username: "s", DisplayName: "S", Role: auth.Admin})
		now := db.Now()
		old := auth.Session{TokenHash: "old", UserID: u.ID, CSRFToken: "c1", CreatedAt: now, LastSeenAt: now}
		if err := db.CreateSession(ctx, old, ""); err != nil {
			t.Fatal(err)
		}
		rotated := auth.Session{TokenHash: "new", UserID: u.ID, CSRFToken: "c2", CreatedAt: now, LastSeenAt: now}
		if err := db.CreateSession(ctx, rotated, "old"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, "old"); problem.Code(err) != problem.Unauthorized {
			t.Errorf("old session still valid after rotation: %v", err)
		}
		got, err := db.Session(ctx, "new")
		if err != nil || got.CSRFToken != "c2" || got.CreatedAt.Sub(now).Abs() > time.Millisecond {
			t.Errorf("session = %+v, %v", got, err)
		}
		db.Now = func() time.Time { return now.Add(time.Hour) }
		if n, err := db.PurgeSessions(ctx, auth.SessionLimits{Idle: 30 * time.Minute, Absolute: 12 * time.Hour}); err != nil || n != 1 {
			t.Errorf("purge = %d, %v; want 1", n, err)
		}
		db.Now = func() time.Time { return time.Now().UTC() }

		for i := 0; i < 3; i++ {
			db.RecordLoginAttempt(ctx, "s", "127.0.0.1", false)
		}
		fails, _ := db.LoginFailuresSince(ctx, "s", time.Now().Add(-time.Hour))
		if len(fails) != 3 {
			t.Errorf("failures = %d, want 3", len(fails))
		}
		db.RecordLoginAttempt(ctx, "s", "127.0.0.1", true)
		fails, _ = db.LoginFailuresSince(ctx, "s", time.Now().Add(-time.Hour))
		if len(fails) != 0 {
			t.Errorf("failures after success = %d, want 0", len(fails))
		}
	})
}

func TestUsersAndServices(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, inside, _ := region(t, db)
		got, err := db.UserByUsername(ctx, " IN ")
		if err != nil || got.ID != inside.ID || len(got.TeamIDs) != 1 || got.TeamIDs[0] != team.ID {
			t.Errorf("user = %+v, %v", got, err)
		}
		dup := auth.User{Username: "in", DisplayName: "Again", Role: auth.Admin, PasswordHash: "x"}
		if got, want := problem.Code(db.CreateUser(ctx, &dup)), problem.Conflict; got != want {
			t.Errorf("duplicate username = %q, want %q", got, want)
		}
		s, err := db.Service(ctx, "cen")
		if err != nil || s.Tier != "specialist-cen" || s.Localities == nil {
			t.Errorf("service = %+v, %v", s, err)
		}
		if _, err := db.Service(ctx, "nope"); problem.Code(err) != problem.NotFound {
			t.Errorf("missing service = %v", err)
		}
	})
}
