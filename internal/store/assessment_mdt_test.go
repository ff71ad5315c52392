package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// pathwayRegion is a CEN service with a Community and a Therapies Team, a
// clinician in each, a signposting service, and a referral waiting for
// assessment.
type pathwayRegion struct {
	community, therapies directory.Team
	clin, therapist      auth.User
	person               care.Person
	ref                  care.Referral
	actor                auth.Actor
}

func newPathwayRegion(t *testing.T, db *store.DB) pathwayRegion {
	t.Helper()
	ctx := context.Background()
	var pr pathwayRegion
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, s := range []directory.Service{{ID: "cen", Name: "CEN Service", Tier: "specialist-cen"}, {ID: "mind", Name: "Kingsmere Mind", Tier: "voluntary"}} {
			if err := tx.CreateService(ctx, &s); err != nil {
				return err
			}
		}
		pr.community = directory.Team{Name: "CEN Community Team", ServiceID: "cen"}
		pr.therapies = directory.Team{Name: "CEN Therapies Team", ServiceID: "cen"}
		if err := tx.CreateTeam(ctx, &pr.community); err != nil {
			return err
		}
		return tx.CreateTeam(ctx, &pr.therapies)
	})
	if err != nil {
		t.Fatal(err)
	}
	pr.clin = mustUser(t, db, auth.User{Username: "clin", DisplayName: "Clin", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{pr.community.ID}})
	pr.therapist = mustUser(t, db, auth.User{Username: "ther", DisplayName: "Ther", Role: auth.Clinician, Profession: "psychologist", TeamIDs: []int64{pr.therapies.ID}})
	pr.person = mustPerson(t, db, "Robin")
	pr.actor = auth.Actor{User: pr.clin, Relationship: auth.RelTeamReferr}
	pr.ref = care.Referral{PersonID: pr.person.ID, ServiceID: "cen", Decision: care.DecisionAccepted, Status: care.ReferralWaiting}
	if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &pr.ref) }); err != nil {
		t.Fatal(err)
	}
	return pr
}

// assessed takes the region's referral through booking, attendance and
// the assessment record to assessed, returning its version.
func (pr pathwayRegion) assessed(t *testing.T, db *store.DB) int {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	ap := care.Appointment{PersonID: pr.person.ID, ReferralID: pr.ref.ID, StartsAt: now.Add(-2 * time.Hour), StaffIDs: []int64{pr.clin.ID, pr.therapist.ID}}
	if err := db.BookAssessment(ctx, pr.actor, &ap); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordAssessmentAttendance(ctx, pr.actor, pr.person.ID, ap.ID, ap.Version, care.OutcomeAttended, ""); err != nil {
		t.Fatal(err)
	}
	x := care.Assessment{ReferralID: pr.ref.ID, PersonID: pr.person.ID, Functioning: "Struggling to sleep", RiskLevel: "moderate", Trauma: care.TraumaChoseNotTo}
	if err := db.SaveAssessment(ctx, pr.actor, &x); err != nil {
		t.Fatal(err)
	}
	r := pr.referral(t, db)
	if err := db.MarkAssessed(ctx, pr.actor, pr.person.ID, pr.ref.ID, r.Version); err != nil {
		t.Fatal(err)
	}
	return pr.referral(t, db).Version
}

func (pr pathwayRegion) referral(t *testing.T, db *store.DB) store.ReferralRow {
	t.Helper()
	r, err := db.PersonReferral(context.Background(), pr.actor, pr.person.ID, pr.ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAssessmentBookingAndRecord(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pr := newPathwayRegion(t, db)
		now := db.Now()

		// Assessment before acceptance is refused.
		early := care.Referral{PersonID: pr.person.ID, ServiceID: "cen"}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateReferral(ctx, auth.System, &early) }); err != nil {
			t.Fatal(err)
		}
		ap := care.Appointment{PersonID: pr.person.ID, ReferralID: early.ID, StartsAt: now.Add(48 * time.Hour), StaffIDs: []int64{pr.clin.ID}}
		if err := db.BookAssessment(ctx, pr.actor, &ap); problem.Code(err) != problem.Conflict {
			t.Errorf("booking before acceptance: %v, want conflict", err)
		}

		// First booking moves the referral; a DNA keeps it there with a task.
		first := care.Appointment{PersonID: pr.person.ID, ReferralID: pr.ref.ID, StartsAt: now.Add(-time.Hour), StaffIDs: []int64{pr.clin.ID}}
		if err := db.BookAssessment(ctx, pr.actor, &first); err != nil {
			t.Fatal(err)
		}
		if got, want := pr.referral(t, db).Status, care.ReferralAssessBooked; got != want {
			t.Fatalf("status after booking = %s, want %s", got, want)
		}
		task, err := db.RecordAssessmentAttendance(ctx, pr.actor, pr.person.ID, first.ID, first.Version, care.OutcomeDidNotAttend, "")
		if err != nil || task == nil {
			t.Fatalf("DNA: task %v, err %v; want a follow-up task", task, err)
		}
		if got := pr.referral(t, db).Status; got != care.ReferralAssessBooked {
			t.Errorf("status after DNA = %s, want it to stay assessment-booked", got)
		}
		// Not assessed without an attended appointment and a record.
		if err := db.MarkAssessed(ctx, pr.actor, pr.person.ID, pr.ref.ID, pr.referral(t, db).Version); problem.Code(err) != problem.Invalid {
			t.Errorf("assessed with nothing attended: %v, want invalid", err)
		}
		// Rebook: second and third appointments, but no more than two waiting.
		for i, want := range []string{"", "", problem.Conflict} {
			ap := care.Appointment{PersonID: pr.person.ID, ReferralID: pr.ref.ID, StartsAt: now.Add(time.Duration(i+1) * 24 * time.Hour), StaffIDs: []int64{pr.clin.ID}}
			if got := problem.Code(db.BookAssessment(ctx, pr.actor, &ap)); got != want {
				t.Errorf("booking %d: %q, want %q", i+1, got, want)
			}
		}

		// The record: first save, then a stale save is a conflict.
		x := care.Assessment{ReferralID: pr.ref.ID, PersonID: pr.person.ID, Functioning: "Finding mornings hard", RiskLevel: "high", Trauma: care.TraumaNotAsked}
		if err := db.SaveAssessment(ctx, pr.actor, &x); err != nil {
			t.Fatal(err)
		}
		mine, theirs := x, x
		theirs.Coping = "Walks the dog"
		if err := db.SaveAssessment(ctx, pr.actor, &theirs); err != nil {
			t.Fatal(err)
		}
		mine.Goals = "To feel less alone"
		if err := db.SaveAssessment(ctx, pr.actor, &mine); problem.Code(err) != problem.Conflict {
			t.Errorf("stale assessment save: %v, want conflict", err)
		}
		got, found, err := db.Assessment(ctx, pr.actor, pr.ref.ID)
		if err != nil || !found {
			t.Fatalf("read assessment: %v, found %v", err, found)
		}
		if got.Coping != "Walks the dog" || got.Goals != "" || got.Version != 2 || got.Trauma != care.TraumaNotAsked {
			t.Errorf("assessment after conflict = %+v, want their version 2 kept", got)
		}
		// A second first-save (version 0) of the same referral is a conflict too.
		dup := care.Assessment{ReferralID: pr.ref.ID, PersonID: pr.person.ID, Functioning: "x", RiskLevel: "low"}
		if err := db.SaveAssessment(ctx, pr.actor, &dup); problem.Code(err) != problem.Conflict {
			t.Errorf("second first save: %v, want conflict", err)
		}
	})
}

func TestFormulationVersionsKept(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pr := newPathwayRegion(t, db)
		pr.assessed(t, db)
		f := care.Formulation{PersonID: pr.person.ID, ReferralID: pr.ref.ID, Happened: "First words"}
		if err := db.SaveFormulation(ctx, pr.actor, &f); err != nil {
			t.Fatal(err)
		}
		stale := f
		f.Happened, f.Helps = "Second words", "Music"
		if err := db.SaveFormulation(ctx, pr.actor, &f); err != nil {
			t.Fatal(err)
		}
		stale.Happened = "Lost?"
		if err := db.SaveFormulation(ctx, pr.actor, &stale); problem.Code(err) != problem.Conflict {
			t.Errorf("stale formulation save: %v, want conflict", err)
		}
		same := f
		if err := db.SaveFormulation(ctx, pr.actor, &same); err != nil || same.Version != 2 {
			t.Errorf("saving unchanged text: version %d, err %v; want no new version", same.Version, err)
		}
		hist, err := db.FormulationHistory(ctx, pr.ref.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[0].Happened != "Second words" || hist[1].Happened != "First words" || hist[0].SavedByName != "Clin" {
			t.Fatalf("history = %+v, want two versions newest first", hist)
		}
		// The person's own comment, and one written down by staff.
		self := auth.Actor{User: auth.User{ID: 0, Username: "robin", Role: auth.ServiceUser, PersonID: pr.person.ID}, Relationship: auth.RelSelf}
		for _, a := range []auth.Actor{self, pr.actor} {
			c := care.FormulationComment{FormulationID: f.ID, PersonID: pr.person.ID, Text: "I would say it differently"}
			if err := db.AddFormulationComment(ctx, a, &c); err != nil {
				t.Fatal(err)
			}
		}
		cs, err := db.FormulationComments(ctx, f.ID)
		if err != nil || len(cs) != 2 || cs[0].OnBehalf || !cs[1].OnBehalf {
			t.Errorf("comments = %+v, %v; want the person's own, then one on their behalf", cs, err)
		}
		other := mustPerson(t, db, "Other")
		c := care.FormulationComment{FormulationID: f.ID, PersonID: other.ID, Text: "x"}
		if err := db.AddFormulationComment(ctx, pr.actor, &c); problem.Code(err) != problem.NotFound {
			t.Errorf("comment on another person's formulation: %v, want not found", err)
		}
	})
}

func TestTeamDecisions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		decision care.CaseDecision
		episodes int
		status   care.ReferralStatus
		team     string
	}{
		{"community", care.CaseDecision{Decision: care.DecideCommunity, Rationale: "Wants steady support"}, 1, care.ReferralOutcome, "community"},
		{"therapies", care.CaseDecision{Decision: care.DecideTherapies, Modality: "MBT", Rationale: "Ready for a group"}, 1, care.ReferralOutcome, "therapies"},
		{"signpost", care.CaseDecision{Decision: care.DecideSignpost, SignpostService: "mind", Rationale: "Peer support fits"}, 0, care.ReferralOutcome, ""},
		{"sufficient", care.CaseDecision{Decision: care.DecideSufficient, Rationale: "Formulation helped", OnwardNote: "GP review in 3 months; can come back"}, 0, care.ReferralOutcome, ""},
		{"further", care.CaseDecision{Decision: care.DecideFurtherAsmt, Rationale: "Second appointment with psychiatrist"}, 0, care.ReferralAssessBooked, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				pr := newPathwayRegion(t, db)
				version := pr.assessed(t, db)
				// The team met an hour ago: its decisions are recorded after it.
				m := care.Meeting{ServiceID: "cen", At: db.Now().Add(-time.Hour), Attendees: []int64{pr.clin.ID, pr.therapist.ID}}
				if err := db.CreateMeeting(ctx, pr.actor, &m); err != nil {
					t.Fatal(err)
				}
				// Deciding before the case is on an agenda is refused.
				d := tt.decision
				if _, err := db.Decide(ctx, pr.actor, pr.person.ID, pr.ref.ID, version, &d); problem.Code(err) != problem.Conflict {
					t.Errorf("decision before the agenda: %v, want conflict", err)
				}
				if err := db.AddCase(ctx, pr.actor, m.ID, pr.ref.ID); err != nil {
					t.Fatal(err)
				}
				if err := db.AddCase(ctx, pr.actor, m.ID, pr.ref.ID); problem.Code(err) != problem.Conflict {
					t.Errorf("adding twice: %v, want conflict", err)
				}
				r := pr.referral(t, db)
				d = tt.decision
				switch tt.team {
				case "community":
					d.NamedWorkerID = pr.therapist.ID // not in the Community Team
					if _, err := db.Decide(ctx, pr.actor, pr.person.ID, pr.ref.ID, r.Version, &d); problem.Code(err) != problem.Invalid {
						t.Errorf("named worker from another team: %v, want invalid", err)
					}
					d.NamedWorkerID = pr.clin.ID
				case "therapies":
					d.NamedWorkerID = pr.therapist.ID
				}
				if eps, _ := db.Episodes(ctx, store.EpisodeFilter{PersonID: pr.person.ID}); len(eps) != 0 {
					t.Fatalf("a refused decision left %d episodes", len(eps))
				}
				ep, err := db.Decide(ctx, pr.actor, pr.person.ID, pr.ref.ID, r.Version, &d)
				if err != nil {
					t.Fatal(err)
				}
				eps, err := db.Episodes(ctx, store.EpisodeFilter{PersonID: pr.person.ID})
				if err != nil || len(eps) != tt.episodes {
					t.Fatalf("episodes = %d (%v), want %d", len(eps), err, tt.episodes)
				}
				if tt.episodes == 1 {
					want := map[string]int64{"community": pr.community.ID, "therapies": pr.therapies.ID}[tt.team]
					if eps[0].ID != ep.ID || eps[0].TeamID != want || eps[0].NamedWorkerID != d.NamedWorkerID || eps[0].Pathway != d.Decision.Pathway() || eps[0].Modality == "" {
						t.Errorf("episode = %+v, want team %d, worker %d, pathway %s", eps[0], want, d.NamedWorkerID, d.Decision.Pathway())
					}
				}
				if got := pr.referral(t, db).Status; got != tt.status {
					t.Errorf("referral status = %s, want %s", got, tt.status)
				}
				cs, err := db.Cases(ctx, store.CaseFilter{ReferralID: pr.ref.ID, Decided: true})
				if err != nil || len(cs) != 1 || cs[0].Rationale != d.Rationale {
					t.Fatalf("decided cases = %+v, %v", cs, err)
				}
				if tt.name == "signpost" && (cs[0].SignpostService != "mind" || cs[0].SignpostName != "Kingsmere Mind") {
					t.Errorf("signpost onward route = %q %q, want mind", cs[0].SignpostService, cs[0].SignpostName)
				}
				// The onward route is on the referral too, for the gap map's journeys.
				after := pr.referral(t, db)
				switch tt.name {
				case "signpost":
					if after.OnwardServiceID != "mind" {
						t.Errorf("referral onward service = %q, want mind", after.OnwardServiceID)
					}
				case "sufficient":
					if after.OnwardException != d.OnwardNote {
						t.Errorf("referral onward note = %q, want %q", after.OnwardException, d.OnwardNote)
					}
				}
				// The same decision again is refused: the case is decided.
				again := tt.decision
				if _, err := db.Decide(ctx, pr.actor, pr.person.ID, pr.ref.ID, pr.referral(t, db).Version, &again); err == nil {
					t.Error("a second decision was accepted")
				}
				steps, err := db.ReferralSteps(ctx, pr.ref.ID)
				if err != nil || len(steps) < 6 {
					t.Fatalf("timeline = %d steps, %v", len(steps), err)
				}
				if last := steps[len(steps)-1]; last.Status != tt.status {
					t.Errorf("last timeline step = %+v, want %s", last, tt.status)
				}
			})
		})
	}
}

func TestSignpostToUnknownServiceLeavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pr := newPathwayRegion(t, db)
		pr.assessed(t, db)
		m := care.Meeting{ServiceID: "cen", At: db.Now(), Attendees: []int64{pr.clin.ID}}
		if err := db.CreateMeeting(ctx, pr.actor, &m); err != nil {
			t.Fatal(err)
		}
		if err := db.AddCase(ctx, pr.actor, m.ID, pr.ref.ID); err != nil {
			t.Fatal(err)
		}
		d := care.CaseDecision{Decision: care.DecideSignpost, SignpostService: "nowhere", Rationale: "r"}
		if _, err := db.Decide(ctx, pr.actor, pr.person.ID, pr.ref.ID, pr.referral(t, db).Version, &d); problem.Code(err) != problem.Invalid {
			t.Errorf("signpost to an unknown service: %v, want invalid", err)
		}
		if got := pr.referral(t, db).Status; got != care.ReferralTeamDiscussion {
			t.Errorf("status = %s, want still team-discussion", got)
		}
	})
}

// TestAssessmentIsBookedOnlyWithTheServicesStaff: an assessment is run by
// care staff of a team of the referral's service. Anyone else's account
// id (another service's clinician, a team's administrator, a carer, one no
// longer in use) is refused, and the refusal books nothing.
func TestAssessmentIsBookedOnlyWithTheServicesStaff(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pr := newPathwayRegion(t, db)
		var elsewhere directory.Team
		err := db.Update(ctx, func(tx *store.Tx) error {
			elsewhere = directory.Team{Name: "Mind Wellbeing Team", ServiceID: "mind"}
			return tx.CreateTeam(ctx, &elsewhere)
		})
		if err != nil {
			t.Fatal(err)
		}
		other := mustUser(t, db, auth.User{Username: "mindclin", DisplayName: "Mind Clin", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{elsewhere.ID}})
		admin := mustUser(t, db, auth.User{Username: "cenadmin", DisplayName: "CEN Admin", Role: auth.Admin, TeamIDs: []int64{pr.community.ID}})
		gone := mustUser(t, db, auth.User{Username: "gone", DisplayName: "Gone", Role: auth.Clinician, Profession: "nurse", Disabled: true, TeamIDs: []int64{pr.community.ID}})
		peer := mustUser(t, db, auth.User{Username: "peer", DisplayName: "Peer", Role: auth.PeerWorker, TeamIDs: []int64{pr.therapies.ID}})
		tests := []struct {
			name  string
			staff []int64
			want  string
		}{
			{"another service's clinician", []int64{pr.clin.ID, other.ID}, problem.Invalid},
			{"an administrator", []int64{admin.ID}, problem.Invalid},
			{"an account no longer in use", []int64{gone.ID}, problem.Invalid},
			{"no such account", []int64{pr.clin.ID, 987654}, problem.Invalid},
			{"staff of both the service's teams", []int64{pr.clin.ID, pr.therapist.ID, peer.ID}, ""},
		}
		for i, tc := range tests {
			ap := care.Appointment{PersonID: pr.person.ID, ReferralID: pr.ref.ID, StartsAt: db.Now().Add(time.Duration(i+1) * 24 * time.Hour), StaffIDs: tc.staff}
			err := db.BookAssessment(ctx, pr.actor, &ap)
			if got := problem.Code(err); got != tc.want {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
				continue
			}
			if tc.want != "" {
				if got, want := problem.Fields(err)["staff"], "Choose staff who work in one of this service's teams"; got != want {
					t.Errorf("%s: staff problem %q, want %q", tc.name, got, want)
				}
			}
		}
		booked, err := db.Appointments(ctx, store.AppointmentFilter{ReferralID: pr.ref.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(booked), 1; got != want {
			t.Errorf("%d appointments booked, want %d (only the last)", got, want)
		}
		if got, want := pr.referral(t, db).Status, care.ReferralAssessBooked; got != want {
			t.Errorf("referral status %s, want %s", got, want)
		}
	})
}
