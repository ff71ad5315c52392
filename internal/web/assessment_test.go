package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// TestAssessmentScreens walks a waiting referral through booking and the
// assessment record, with bad input kept on screen, then the formulation
// with the person's own comment.
func TestAssessmentScreens(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ref := care.Referral{PersonID: f.person.ID, ServiceID: "cen", ReferrerUserID: f.users[auth.Referrer].ID, Decision: care.DecisionAccepted, Status: care.ReferralWaiting}
		if err := f.db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &ref) }); err != nil {
			t.Fatal(err)
		}
		if err := f.db.SetWorkerPreferences(ctx, auth.System, f.person.ID, "A woman, please", "Polish"); err != nil {
			t.Fatal(err)
		}
		clin, csrf := f.session(t, f.users[auth.Clinician])
		base := fmt.Sprintf("/people/%d/referrals/%d", f.person.ID, ref.ID)

		res, body := f.do(t, "GET", base+"/book", clin, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "A woman, please") || !strings.Contains(body, "Needed: Polish") {
			t.Fatalf("booking page %d does not show preferences before booking", res.StatusCode)
		}
		staff := fmt.Sprint(f.users[auth.Clinician].ID)
		bad := url.Values{"csrf_token": {csrf}, "date": {"tomorrow"}, "time": {"10:00"}, "minutes": {"90"}, "staff": {staff}, "location": {"Room 4, Hope Centre"}}
		res, body = f.do(t, "POST", base+"/book", clin, bad)
		if res.StatusCode != 422 || !strings.Contains(body, "YYYY-MM-DD") || !strings.Contains(body, "Room 4, Hope Centre") {
			t.Errorf("bad date: status %d, want 422 with the message and the typed location kept", res.StatusCode)
		}
		good := url.Values{"csrf_token": {csrf}, "date": {f.db.Now().Add(-time.Hour).Format("2006-01-02")}, "time": {f.db.Now().Add(-time.Hour).Format("15:04")},
			"minutes": {"90"}, "staff": {staff}, "location": {"Room 4"}}
		if res, _ = f.do(t, "POST", base+"/book", clin, good); res.StatusCode != 303 {
			t.Fatalf("booking: status %d, want 303", res.StatusCode)
		}
		aps, err := f.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID})
		if err != nil || len(aps) != 1 {
			t.Fatalf("appointments = %d, %v", len(aps), err)
		}
		attend := url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(aps[0].Version)}, "outcome": {"attended"}}
		if res, _ = f.do(t, "POST", fmt.Sprintf("/people/%d/appointments/%d/attendance", f.person.ID, aps[0].ID), clin, attend); res.StatusCode != 303 {
			t.Fatalf("attendance: status %d", res.StatusCode)
		}

		huge := strings.Repeat("a", care.MaxNoteLength+1)
		form := url.Values{"csrf_token": {csrf}, "version": {"0"}, "functioning": {"Mornings are hard"}, "risk_level": {"moderate"},
			"trauma": {care.TraumaChoseNotTo}, "dependent_children": {"no"}, "goals": {huge}}
		res, body = f.do(t, "POST", base+"/assessment", clin, form)
		if res.StatusCode != 422 || !strings.Contains(body, "20,000 characters or fewer") || !strings.Contains(body, "Mornings are hard") {
			t.Errorf("oversized goals: status %d, want 422 with a clear message and typed text kept", res.StatusCode)
		}
		form.Set("goals", "To sleep through the night")
		form.Del("risk_level")
		res, body = f.do(t, "POST", base+"/assessment", clin, form)
		if res.StatusCode != 422 || !strings.Contains(body, "Choose the current level of risk") || !strings.Contains(body, "To sleep through the night") {
			t.Errorf("missing risk level: status %d", res.StatusCode)
		}
		form.Set("risk_level", "moderate")
		if res, body = f.do(t, "POST", base+"/assessment", clin, form); res.StatusCode != 303 {
			t.Fatalf("assessment save: status %d\n%s", res.StatusCode, body)
		}
		r, _ := f.db.PersonReferral(ctx, auth.System, f.person.ID, ref.ID)
		if res, _ = f.do(t, "POST", base+"/assessed", clin, url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(r.Version)}}); res.StatusCode != 303 {
			t.Fatalf("mark assessed: status %d", res.StatusCode)
		}

		// Formulation: a stale save shows both versions and loses nothing.
		ff := url.Values{"csrf_token": {csrf}, "version": {"0"}, "happened": {"Moved cities twice as a child"}, "helps": {"Walking"}}
		if res, _ = f.do(t, "POST", base+"/formulation", clin, ff); res.StatusCode != 303 {
			t.Fatalf("formulation save: status %d", res.StatusCode)
		}
		ff.Set("version", "1")
		ff.Set("helps", "Walking and music")
		if res, _ = f.do(t, "POST", base+"/formulation", clin, ff); res.StatusCode != 303 {
			t.Fatalf("second formulation save: status %d", res.StatusCode)
		}
		ff.Set("helps", "My own stale words")
		res, body = f.do(t, "POST", base+"/formulation", clin, ff)
		if res.StatusCode != 409 || !strings.Contains(body, "My own stale words") || !strings.Contains(body, "Walking and music") {
			t.Errorf("stale formulation: status %d, want 409 showing both versions", res.StatusCode)
		}

		// The person comments in their own words; a referrer cannot see it.
		su, sucsrf := f.session(t, f.users[auth.ServiceUser])
		if res, body = f.do(t, "GET", base+"/formulation", su, nil); res.StatusCode != 200 || !strings.Contains(body, "Walking and music") {
			t.Fatalf("service user formulation: status %d", res.StatusCode)
		}
		if res, _ = f.do(t, "POST", base+"/formulation/comments", su, url.Values{"csrf_token": {sucsrf}, "comment": {"I would add my dog"}}); res.StatusCode != 303 {
			t.Fatalf("comment: status %d", res.StatusCode)
		}
		if _, body = f.do(t, "GET", base+"/formulation/print", su, nil); !strings.Contains(body, "I would add my dog") || !strings.Contains(body, "Our shared understanding") {
			t.Error("printable copy lacks the person's comment")
		}
		ref2, _ := f.session(t, f.users[auth.Referrer])
		if res, _ = f.do(t, "GET", base+"/formulation", ref2, nil); res.StatusCode != 403 {
			t.Errorf("referrer reading formulation: %d, want 403", res.StatusCode)
		}
		if res, _ = f.do(t, "GET", base+"/letter/referrer", ref2, nil); res.StatusCode != 404 {
			t.Errorf("referrer letter before a decision: %d, want 404", res.StatusCode)
		}
	})
}

// TestTeamDecisionScreens plans a meeting, adds an assessed referral and
// records decisions; the referrer then sees the outcome of their own
// referral only.
func TestTeamDecisionScreens(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ref := care.Referral{PersonID: f.person.ID, ServiceID: "cen", ReferrerUserID: f.users[auth.Referrer].ID, ReferrerName: "Dr Test", Decision: care.DecisionAccepted, Status: care.ReferralAssessed}
		if err := f.db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &ref) }); err != nil {
			t.Fatal(err)
		}
		mgr, csrf := f.session(t, f.users[auth.TeamManager])
		// The team met yesterday: a decision is recorded after its meeting.
		day := f.db.Now().AddDate(0, 0, -1)
		res, body := f.do(t, "POST", "/mdt", mgr, url.Values{"csrf_token": {csrf}, "date": {day.Format("2006-01-02")}, "time": {"10:00"}, "notes": {"Bring coffee"}})
		if res.StatusCode != 422 || !strings.Contains(body, "Choose who is attending") || !strings.Contains(body, "Bring coffee") {
			t.Errorf("meeting without attendees: status %d", res.StatusCode)
		}
		res, _ = f.do(t, "POST", "/mdt", mgr, url.Values{"csrf_token": {csrf}, "date": {day.Format("2006-01-02")}, "time": {"10:00"},
			"attendees": {fmt.Sprint(f.users[auth.Clinician].ID), fmt.Sprint(f.users[auth.TeamManager].ID)}})
		if res.StatusCode != 303 {
			t.Fatalf("plan meeting: %d", res.StatusCode)
		}
		meeting := res.Header.Get("Location")
		if res, _ = f.do(t, "POST", meeting+"/cases", mgr, url.Values{"csrf_token": {csrf}, "referral": {fmt.Sprint(ref.ID)}}); res.StatusCode != 303 {
			t.Fatalf("add case: %d", res.StatusCode)
		}
		base := fmt.Sprintf("/people/%d/referrals/%d", f.person.ID, ref.ID)
		r, _ := f.db.PersonReferral(ctx, auth.System, f.person.ID, ref.ID)
		form := url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(r.Version)}, "decision": {"therapies-team"}, "rationale": {"Ready for a group"}}
		res, body = f.do(t, "POST", base+"/decision", mgr, form)
		if res.StatusCode != 422 || !strings.Contains(body, "Choose the therapy") || !strings.Contains(body, "Ready for a group") {
			t.Errorf("therapies without modality: status %d", res.StatusCode)
		}
		form = url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(r.Version)}, "decision": {"community-team"}, "rationale": {""},
			"named_worker": {fmt.Sprint(f.users[auth.Clinician].ID)}}
		if res, body = f.do(t, "POST", base+"/decision", mgr, form); res.StatusCode != 422 || !strings.Contains(body, "Give the team") {
			t.Errorf("no rationale: status %d", res.StatusCode)
		}
		form.Set("rationale", "Would like steady support near home")
		if res, body = f.do(t, "POST", base+"/decision", mgr, form); res.StatusCode != 303 {
			t.Fatalf("decision: status %d\n%s", res.StatusCode, body)
		}
		eps, _ := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID})
		if len(eps) != 2 { // the fixture's own and the new one
			t.Errorf("episodes = %d, want 2", len(eps))
		}
		referrer, _ := f.session(t, f.users[auth.Referrer])
		if res, body = f.do(t, "GET", "/referrals/outcomes", referrer, nil); res.StatusCode != 200 || !strings.Contains(body, "Community Team") {
			t.Errorf("referrer outcomes: %d", res.StatusCode)
		}
		res, body = f.do(t, "GET", base+"/letter/referrer", referrer, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Dear Dr Test") || !strings.Contains(body, "Named worker") {
			t.Errorf("referrer letter: %d", res.StatusCode)
		}
		if res, _ = f.do(t, "GET", base+"/letter/person", referrer, nil); res.StatusCode != 404 {
			t.Errorf("referrer reading the person's letter: %d, want 404", res.StatusCode)
		}
		su, _ := f.session(t, f.users[auth.ServiceUser])
		res, body = f.do(t, "GET", base+"/letter/person", su, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Your named worker is") || !strings.Contains(body, "Coming back to us") {
			t.Errorf("person's letter: %d", res.StatusCode)
		}
		for _, word := range []string{"personality disorder", "non-compliant", "refused"} {
			if strings.Contains(strings.ToLower(body), word) {
				t.Errorf("letter uses %q", word)
			}
		}
	})
}

// TestAssessmentBookingOffersOneTeamsStaff: the booking page offers the
// staff of one of the service's teams at a time (the booker's own first),
// not the whole service's (2,725 boxes at scale 75); a chosen member of
// another team stays chosen when the page comes back with a problem; and
// anyone outside the service's teams is refused.
func TestAssessmentBookingOffersOneTeamsStaff(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		therapies, therapist := f.therapiesTeam(t, "therapist", "Thera Pist")
		ref := care.Referral{PersonID: f.person.ID, ServiceID: "cen", ReferrerUserID: f.users[auth.Referrer].ID, Decision: care.DecisionAccepted, Status: care.ReferralWaiting}
		if err := f.db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &ref) }); err != nil {
			t.Fatal(err)
		}
		community := directory.Team{ID: f.users[auth.Clinician].TeamIDs[0]}
		clin, csrf := f.session(t, f.users[auth.Clinician])
		book := fmt.Sprintf("/people/%d/referrals/%d/book", f.person.ID, ref.ID)
		box := func(u auth.User) string { return fmt.Sprintf(`name="staff" type="checkbox" value="%d"`, u.ID) }

		for _, tc := range []struct {
			name, query  string
			offered, not auth.User
			team         directory.Team
		}{
			{"the booker's own team first", "", f.users[auth.Clinician], therapist, community},
			{"another team asked for", fmt.Sprintf("?team=%d", therapies.ID), therapist, f.users[auth.Clinician], therapies},
			{"a team of another service asked for", "?team=999999", f.users[auth.Clinician], therapist, community},
		} {
			res, body := f.do(t, "GET", book+tc.query, clin, nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: status %d", tc.name, res.StatusCode)
			}
			if !strings.Contains(body, box(tc.offered)) || strings.Contains(body, box(tc.not)) {
				t.Errorf("%s: offers %s %v, %s %v; want only the first", tc.name, tc.offered.Username, strings.Contains(body, box(tc.offered)),
					tc.not.Username, strings.Contains(body, box(tc.not)))
			}
			if want := fmt.Sprintf(`<option value="%d" selected>`, tc.team.ID); !strings.Contains(body, want) {
				t.Errorf("%s: the team chooser does not select team %d", tc.name, tc.team.ID)
			}
			if want := fmt.Sprintf(`<input type="hidden" name="team" value="%d">`, tc.team.ID); !strings.Contains(body, want) {
				t.Errorf("%s: the booking form does not carry team %d", tc.name, tc.team.ID)
			}
		}

		when := f.db.Now().Add(-time.Hour)
		form := url.Values{"csrf_token": {csrf}, "team": {fmt.Sprint(community.ID)}, "date": {"tomorrow"}, "time": {"10:00"}, "minutes": {"90"},
			"staff": {fmt.Sprint(f.users[auth.Clinician].ID), fmt.Sprint(therapist.ID)}, "location": {"Room 4"}}
		res, body := f.do(t, "POST", book, clin, form)
		if res.StatusCode != 422 || !strings.Contains(body, box(therapist)+" checked") || !strings.Contains(body, "Thera Pist (psychotherapist), another team") {
			t.Errorf("a bad date: status %d, want 422 with the other team's member still chosen", res.StatusCode)
		}
		form.Set("staff", fmt.Sprint(f.outsider.ID))
		form.Set("date", when.Format("2006-01-02"))
		form.Set("time", when.Format("15:04"))
		res, body = f.do(t, "POST", book, clin, form)
		if res.StatusCode != 422 || !strings.Contains(body, "Choose staff who work in one of this service&#39;s teams") {
			t.Errorf("an outsider: status %d, want 422 with the problem", res.StatusCode)
		}
		if aps, err := f.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID}); err != nil || len(aps) != 0 {
			t.Fatalf("after refusals, %d appointments (%v), want none", len(aps), err)
		}
		form["staff"] = []string{fmt.Sprint(f.users[auth.Clinician].ID), fmt.Sprint(therapist.ID)}
		if res, body = f.do(t, "POST", book, clin, form); res.StatusCode != 303 {
			t.Fatalf("booking with both teams' staff: status %d\n%s", res.StatusCode, body)
		}
		aps, err := f.db.Appointments(ctx, store.AppointmentFilter{ReferralID: ref.ID})
		if err != nil || len(aps) != 1 {
			t.Fatalf("appointments = %d, %v", len(aps), err)
		}
	})
}
