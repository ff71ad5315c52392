package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

func intakeRegion(t *testing.T, db *store.DB) (auth.Actor, auth.Actor) {
	t.Helper()
	ctx := context.Background()
	_, inside, _ := region(t, db)
	err := db.Update(ctx, func(tx *store.Tx) error {
		s := directory.Service{ID: "cmht", Name: "Community Mental Health Team", Tier: "secondary"}
		if err := tx.CreateService(ctx, &s); err != nil {
			return err
		}
		// A team here receives its referrals: a referral nobody here would
		// receive is refused (see TestReferralToAServiceNobodyHereReceives).
		return tx.CreateTeam(ctx, &directory.Team{Name: "CMHT North", ServiceID: "cmht"})
	})
	if err != nil {
		t.Fatal(err)
	}
	ref := mustUser(t, db, auth.User{Username: "gp", DisplayName: "Dr GP", Role: auth.Referrer, Organization: "Practice"})
	return auth.Actor{User: ref}, auth.Actor{User: inside, Relationship: auth.RelTeamReferr}
}

func newReferral(ref auth.Actor, nhs string) store.NewReferral {
	return store.NewReferral{
		Person:         care.Person{GivenName: "Alex", FamilyName: "Rivera", NHSNumber: nhs, DateOfBirth: time.Date(1994, 2, 3, 0, 0, 0, 0, time.UTC)},
		Preferences:    care.Preferences{WorkerGender: "woman", InterpreterLanguage: "Polish"},
		Intake:         care.Intake{ServiceID: "cen", Reason: "Long-standing difficulties with emotions and relationships", Tried: "Talking therapies", Consent: true, ReferrerName: "Dr GP", ReferrerTier: "primary"},
		ReferrerUserID: ref.User.ID,
	}
}

// The store itself refuses a referral to a service no team here receives,
// whoever calls it, with the service's contact route, and stores nothing.
func TestReferralToAServiceNobodyHereReceives(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ref, _ := intakeRegion(t, db)
		err := db.Update(ctx, func(tx *store.Tx) error {
			s := directory.Service{ID: "vol", Name: "Voluntary Service", Tier: "voluntary"}
			return tx.CreateService(ctx, &s)
		})
		if err != nil {
			t.Fatal(err)
		}
		n := newReferral(ref, "9434765919")
		n.Intake.ServiceID = "vol"
		_, err = db.SubmitReferral(ctx, ref, n)
		if got := problem.Fields(err)["service_id"]; !strings.Contains(got, "does not receive referrals through Throughline") {
			t.Errorf("service_id problem = %q (%v), want it refused", got, err)
		}
		if refs, err := db.Referrals(ctx, store.ReferralFilter{ServiceID: "vol"}); err != nil || len(refs) != 0 {
			t.Errorf("referrals stored: %v, %v", refs, err)
		}
	})
}

func TestSubmitReferralFindsPersonAndRefusesDuplicates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ref, _ := intakeRegion(t, db)
		d, err := db.SubmitReferral(ctx, ref, newReferral(ref, "9434765919"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.ReferralDetailNoAudit(ctx, d.ID)
		if err != nil || got.Status != care.ReferralReceived || got.Tried != "Talking therapies" || !got.Consent || got.ReferrerUserID != ref.User.ID {
			t.Fatalf("stored referral = %+v, %v", got, err)
		}
		prefs, err := db.Preferences(ctx, d.PersonID)
		if err != nil || prefs.WorkerGender != "woman" || prefs.InterpreterLanguage != "Polish" {
			t.Errorf("preferences = %+v, %v", prefs, err)
		}
		// The same NHS number finds the same person: a second open referral is refused.
		_, err = db.SubmitReferral(ctx, ref, newReferral(ref, "943 476 5919"))
		var dup *care.DuplicateError
		if !asDuplicate(err, &dup) || dup.Existing.ID != d.ID || problem.Code(err) != problem.Conflict {
			t.Fatalf("duplicate: %v", err)
		}
		// Name and date of birth find them too, without an NHS number.
		if _, err = db.SubmitReferral(ctx, ref, newReferral(ref, "")); !asDuplicate(err, &dup) {
			t.Errorf("duplicate by name and date of birth: %v", err)
		}
		// A different date of birth with the NHS number is questioned.
		n := newReferral(ref, "9434765919")
		n.Person.DateOfBirth = n.Person.DateOfBirth.AddDate(1, 0, 0)
		if _, err := db.SubmitReferral(ctx, ref, n); problem.Fields(err)["nhs_number"] == "" {
			t.Errorf("mismatched date of birth: %v", err)
		}
		// To another service it is not a duplicate.
		n = newReferral(ref, "9434765919")
		n.Intake.ServiceID = "cmht"
		if _, err := db.SubmitReferral(ctx, ref, n); err != nil {
			t.Errorf("referral to another service: %v", err)
		}
		// Bad input: every problem at once, nothing stored.
		n = newReferral(ref, "9434765918")
		n.Person.DateOfBirth = time.Now().AddDate(1, 0, 0)
		n.Intake.Consent = false
		_, err = db.SubmitReferral(ctx, ref, n)
		for _, f := range []string{"nhs_number", "date_of_birth", "consent"} {
			if problem.Fields(err)[f] == "" {
				t.Errorf("no message on %s: %v", f, err)
			}
		}
		// Self-referral only where the service allows it.
		n = newReferral(ref, "")
		n.Person.GivenName = "Sam"
		n.Intake.ReferrerTier = "self"
		if _, err := db.SubmitReferral(ctx, ref, n); problem.Fields(err)["service_id"] == "" {
			t.Errorf("self-referral to a service without it: %v", err)
		}
	})
}

func asDuplicate(err error, dup **care.DuplicateError) bool {
	d, ok := err.(*care.DuplicateError)
	*dup = d
	return ok
}

func TestScreeningActionsStoreDecisionAndTimeline(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ref, staff := intakeRegion(t, db)
		now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		d, err := db.SubmitReferral(ctx, ref, newReferral(ref, ""))
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(24 * time.Hour)
		if d, err = db.RequestMoreInfo(ctx, staff, d.ID, d.Version, "Please send the recent crisis plan"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RequestMoreInfo(ctx, staff, d.ID, d.Version-1, "stale"); problem.Code(err) != problem.Conflict {
			t.Errorf("stale version: %v", err)
		}
		now = now.Add(5 * 24 * time.Hour)
		if d, err = db.RecordInformation(ctx, staff, d.ID, d.Version, "Crisis plan received"); err != nil {
			t.Fatal(err)
		}
		got, _ := db.ReferralDetailNoAudit(ctx, d.ID)
		if got.Status != care.ReferralScreening || got.Paused != 5*24*time.Hour || !got.PausedAt.IsZero() || got.MoreInfoReason == "" {
			t.Errorf("after information: %+v", got)
		}
		// care.Decline without an onward route is refused and changes nothing.
		if _, err := db.DeclineReferral(ctx, staff, d.ID, d.Version, care.Decline{Reason: "outside-locality"}); problem.Fields(err)["onward"] == "" {
			t.Errorf("decline without route: %v", err)
		}
		if _, err := db.DeclineReferral(ctx, staff, d.ID, d.Version, care.Decline{Reason: "outside-locality", OnwardServiceID: "nowhere"}); problem.Fields(err)["onward"] == "" {
			t.Errorf("decline to an unknown service: %v", err)
		}
		now = now.Add(time.Hour)
		if d, err = db.DeclineReferral(ctx, staff, d.ID, d.Version, care.Decline{Reason: "needs-specialist-service", OnwardServiceID: "cmht", Profile: "risk=high"}); err != nil {
			t.Fatal(err)
		}
		// The one who declined keeps the referral for the follow-through
		// window, and only they do.
		for _, c := range []struct {
			name  string
			user  int64
			since time.Time
			want  bool
		}{
			{"decider, within the window", staff.User.ID, now.Add(-auth.DecisionFollowThrough), true},
			{"decider, after the window", staff.User.ID, now.Add(time.Minute), false},
			{"someone else", staff.User.ID + 1000, now.Add(-auth.DecisionFollowThrough), false},
		} {
			if got, err := db.DecidedReferral(ctx, c.user, d.ID, c.since); err != nil || got != c.want {
				t.Errorf("%s: decided = %v, %v; want %v", c.name, got, err, c.want)
			}
		}
		got, _ = db.ReferralDetailNoAudit(ctx, d.ID)
		if got.Status != care.ReferralDeclined || got.Decision != care.DecisionDeclined || got.OnwardServiceID != "cmht" || got.DeclineReason != "needs-specialist-service" || !got.DecidedAt.Equal(now) {
			t.Errorf("declined referral = %+v", got)
		}
		if _, err := db.AcceptReferral(ctx, staff, d.ID, d.Version, "", ""); problem.Code(err) != problem.Conflict {
			t.Errorf("accept after decline: %v", err)
		}
		events, err := db.ReferralEvents(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var statuses []care.ReferralStatus
		for _, e := range events {
			statuses = append(statuses, e.Status)
		}
		want := []care.ReferralStatus{care.ReferralReceived, care.ReferralMoreInfo, care.ReferralScreening, care.ReferralDeclined}
		if len(statuses) != len(want) {
			t.Fatalf("timeline = %v, want %v", statuses, want)
		}
		for i := range want {
			if statuses[i] != want[i] {
				t.Errorf("timeline = %v, want %v", statuses, want)
				break
			}
		}
		// The decline note names the onward service as people know it.
		note := events[len(events)-1].Note
		if !strings.Contains(note, "Onward route: Community Mental Health Team") || strings.Contains(note, "cmht") {
			t.Errorf("decline note = %q, want the onward service's name and not its id", note)
		}
	})
}

func TestWaitingListCheckInsAndThresholds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ref, staff := intakeRegion(t, db)
		now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		d, err := db.SubmitReferral(ctx, ref, newReferral(ref, ""))
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(48 * time.Hour)
		if d, err = db.AcceptReferral(ctx, staff, d.ID, d.Version, "risk=moderate", "Meets criteria"); err != nil {
			t.Fatal(err)
		}
		if d.Status != care.ReferralWaiting {
			t.Fatalf("status after accept = %s", d.Status)
		}
		now = now.AddDate(0, 0, 50)
		c := care.CheckIn{ReferralID: d.ID, On: now.Truncate(24 * time.Hour), Method: "phone", Note: "Checked in; crisis line number given", CrisisSignposted: true}
		if err := db.AddCheckIn(ctx, staff, &c); err != nil {
			t.Fatal(err)
		}
		if err := db.AddCheckIn(ctx, staff, &care.CheckIn{ReferralID: d.ID, On: now.AddDate(0, 0, 2), Method: "phone"}); problem.Fields(err)["on"] == "" {
			t.Errorf("future check-in: %v", err)
		}
		rows, err := db.WaitingList(ctx, []string{"cen"})
		if err != nil || len(rows) != 1 {
			t.Fatalf("waiting list = %v, %v", rows, err)
		}
		if got, want := rows[0].LastContact, now.Format(time.DateOnly); got != want {
			t.Errorf("last contact = %q, want %q", got, want)
		}
		if got, want := rows[0].WaitFromAcceptance(now), 50*24*time.Hour; got != want {
			t.Errorf("wait from acceptance = %v, want %v", got, want)
		}
		w, err := db.WaitThresholds(ctx, "cen")
		if err != nil || w.AmberWeeks != 6 || w.RedWeeks != 12 || w.Rate(rows[0].WaitFromAcceptance(now)) != care.RAGAmber {
			t.Fatalf("default thresholds = %+v, %v", w, err)
		}
		w.AmberWeeks, w.RedWeeks = 4, 7
		if err := db.SaveWaitThresholds(ctx, staff, &w); err != nil {
			t.Fatal(err)
		}
		stale := w
		stale.Version = 1
		w.RedWeeks = 6
		if err := db.SaveWaitThresholds(ctx, staff, &w); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveWaitThresholds(ctx, staff, &stale); problem.Code(err) != problem.Conflict {
			t.Errorf("stale thresholds: %v", err)
		}
		if w, _ = db.WaitThresholds(ctx, "cen"); w.RedWeeks != 6 || w.Rate(50*24*time.Hour) != care.RAGRed {
			t.Errorf("saved thresholds = %+v", w)
		}
		if rows, _ := db.WaitingList(ctx, []string{"cmht"}); len(rows) != 0 {
			t.Errorf("team filter let through %d rows", len(rows))
		}
	})
}
