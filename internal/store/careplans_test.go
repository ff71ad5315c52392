package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestCarePlanConcurrentEdit: two clinicians open the same plan; the first
// save wins, the second gets a conflict and changes nothing, and a save
// from the version now current succeeds. Every version is kept.
func TestCarePlanConcurrentEdit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		other := mustUser(t, db, auth.User{Username: "other", DisplayName: "Other Clinician", Role: auth.Clinician, Profession: "nurse", TeamIDs: []int64{team.ID}})
		ep := openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "standard")
		first := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		second := auth.Actor{User: other, Relationship: auth.RelCaseload}
		review := db.Now().AddDate(0, 3, 0)

		blank, err := db.CarePlan(ctx, first, ep.ID)
		if err != nil || blank.Version != 0 || blank.PersonID != ep.PersonID {
			t.Fatalf("plan before first save = %+v, %v", blank, err)
		}
		p := blank
		p.ReviewOn, p.Agreement = review, care.AgreementAgreed
		p.Needs = []care.Need{{Domain: "housing", Description: "Flat is damp", Actions: []care.Action{
			{Text: "Report repairs", OwnerKind: care.OwnerAgency, Agency: "housing-provider"},
			{Text: "Support letter", OwnerKind: care.OwnerStaff, StaffID: worker.ID}}}}
		if err := db.SaveCarePlan(ctx, first, &p); err != nil {
			t.Fatal(err)
		}
		// Both open version 1.
		mine, _ := db.CarePlan(ctx, first, ep.ID)
		theirs, _ := db.CarePlan(ctx, second, ep.ID)
		mine.PersonComments = "I want to be part of the letter"
		theirs.Needs = append(theirs.Needs, care.Need{Domain: "money", Description: "PIP review due", Actions: []care.Action{{Text: "Fill in the form together", OwnerKind: care.OwnerPerson}}})
		if err := db.SaveCarePlan(ctx, second, &theirs); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveCarePlan(ctx, first, &mine); problem.Code(err) != problem.Conflict {
			t.Fatalf("second save from a stale version: %v, want conflict", err)
		}
		saved, _ := db.CarePlan(ctx, first, ep.ID)
		if saved.Version != 2 || saved.PersonComments != "" || len(saved.Needs) != 2 || saved.UpdatedBy != "Other Clinician" {
			t.Errorf("after conflict = %+v", saved)
		}
		if got := saved.Need("housing").Actions; len(got) != 2 || got[1].StaffName != worker.DisplayName || got[0].Agency != "housing-provider" {
			t.Errorf("housing actions = %+v", got)
		}
		// Having seen their version, the first clinician saves over it.
		mine.Version = saved.Version
		if err := db.SaveCarePlan(ctx, first, &mine); err != nil || mine.Version != 3 {
			t.Fatalf("save after seeing theirs: %v, version %d", err, mine.Version)
		}
		versions, err := db.CarePlanVersions(ctx, mine.ID)
		if err != nil || len(versions) != 3 || versions[0].Version != 3 || versions[1].SavedBy != "Other Clinician" {
			t.Errorf("versions = %+v, %v", versions, err)
		}
		// A plan for the same episode cannot be created twice.
		dup := care.CarePlan{PersonID: ep.PersonID, EpisodeID: ep.ID, ReviewOn: review, Agreement: care.AgreementNotYet}
		if err := db.SaveCarePlan(ctx, second, &dup); problem.Code(err) != problem.Conflict {
			t.Errorf("second new plan: %v, want conflict", err)
		}
		l := care.Liaison{PersonID: ep.PersonID, PlanID: mine.ID, On: db.Now(), Agency: "housing-provider", Contact: "Repairs team",
			Discussed: "Damp survey booked for next week", Domain: "housing"}
		if err := db.AddLiaison(ctx, first, &l); err != nil {
			t.Fatal(err)
		}
		bad := l
		bad.On = db.Now().AddDate(0, 0, 3)
		if err := db.AddLiaison(ctx, first, &bad); problem.Code(err) != problem.Invalid {
			t.Errorf("liaison in the future: %v", err)
		}
		if ls, err := db.Liaisons(ctx, mine.ID); err != nil || len(ls) != 1 || ls[0].RecordedBy != worker.DisplayName {
			t.Errorf("liaison = %+v, %v", ls, err)
		}
	})
}

func TestCrisisPlanConsentAndVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, worker, _ := region(t, db)
		p := mustPerson(t, db, "Jamie")
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		today := db.Now()
		c := care.CrisisPlan{PersonID: p.ID, WarningSigns: "I stop eating and stay in bed", ICanDo: "Text my sister", Helps: "Quiet, a blanket",
			DoesNotHelp: "Being told to calm down",
			Contacts: []care.CrisisContact{{Name: "Samaritans", Role: "Listening line", Phone: "116 123", Hours: "24 hours, every day"},
				{Name: "Dr Okafor", Role: "Named worker", Phone: "01632 960123", Hours: "Mon–Fri 9am–5pm"}},
			Shares: []care.CrisisShare{{Recipient: "GP", Consented: true, On: today}, {Recipient: "Mum", Consented: false, On: today}}}
		if err := db.SaveCrisisPlan(ctx, actor, &c); err != nil {
			t.Fatal(err)
		}
		stale := c
		stale.Version = 0
		if err := db.SaveCrisisPlan(ctx, actor, &stale); problem.Code(err) != problem.Conflict {
			t.Errorf("second first save: %v, want conflict", err)
		}
		c.Shares[1] = care.CrisisShare{Recipient: "Mum", Consented: true, On: today}
		if err := db.SaveCrisisPlan(ctx, actor, &c); err != nil {
			t.Fatal(err)
		}
		old := c
		old.Version = 1
		if err := db.SaveCrisisPlan(ctx, actor, &old); problem.Code(err) != problem.Conflict {
			t.Errorf("stale save: %v, want conflict", err)
		}
		got, err := db.CrisisPlan(ctx, actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || len(got.Contacts) != 2 || got.Contacts[0].Hours != "24 hours, every day" || len(got.SharedWith()) != 2 {
			t.Errorf("crisis plan = %+v", got)
		}
		if vs, _ := db.CrisisPlanVersions(ctx, got.ID); len(vs) != 2 {
			t.Errorf("versions = %+v", vs)
		}
		noDate := c
		noDate.Shares = []care.CrisisShare{{Recipient: "Friend", Consented: true}}
		if err := db.SaveCrisisPlan(ctx, actor, &noDate); problem.Code(err) != problem.Invalid {
			t.Errorf("consent without a date: %v, want invalid", err)
		}
	})
}

func TestMedicationAndCarers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, worker, _ := region(t, db)
		actor := auth.Actor{User: worker, Relationship: auth.RelCaseload}
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		scm := openEpisode(t, db, team, worker, care.PathwayCommunity, "SCM", "standard")
		mbt := openEpisode(t, db, team, worker, care.PathwayTherapies, "MBT", "standard")
		m := care.Medication{PersonID: scm.PersonID, EpisodeID: scm.ID, Name: "Sertraline", Dose: "50mg", Frequency: "once a day",
			Prescriber: "Dr Chaudhry", StartedOn: now.AddDate(0, -2, 0), ReviewOn: now.AddDate(0, 0, -3)}
		if err := db.AddMedication(ctx, actor, &m); err != nil {
			t.Fatal(err)
		}
		other := m
		other.PersonID, other.EpisodeID = mbt.PersonID, mbt.ID
		if err := db.AddMedication(ctx, actor, &other); problem.Code(err) != problem.Invalid {
			t.Errorf("medication on a Therapies episode: %v, want invalid", err)
		}
		if err := db.StopMedication(ctx, actor, scm.PersonID, m.ID, 1, care.Medication{StoppedOn: now}); problem.Code(err) != problem.Invalid {
			t.Errorf("stop without reason: %v", err)
		}
		if err := db.StopMedication(ctx, actor, mbt.PersonID, m.ID, 1, care.Medication{StoppedOn: now, StopReason: "x"}); problem.Code(err) != problem.NotFound {
			t.Errorf("stop through another person: %v", err)
		}
		meds, _ := db.Medications(ctx, actor, scm.PersonID)
		if len(meds) != 1 || !meds[0].ReviewOverdue(now) {
			t.Errorf("medication = %+v, want one overdue for review", meds)
		}
		if err := db.StopMedication(ctx, actor, scm.PersonID, m.ID, 1, care.Medication{StoppedOn: now, StopReason: "Nausea; agreed to taper"}); err != nil {
			t.Fatal(err)
		}
		meds, _ = db.Medications(ctx, actor, scm.PersonID)
		if meds[0].Current() || meds[0].StopReason == "" || meds[0].ReviewOverdue(now) {
			t.Errorf("stopped medicine = %+v", meds[0])
		}

		c := care.Carer{PersonID: scm.PersonID, Name: "Jo Reed", Relationship: "Sister", Contact: "07700 900123", ConsentOn: now,
			Share: care.CarerShare{CrisisPlan: true, Appointments: true}}
		if err := db.AddCarer(ctx, actor, &c); err != nil {
			t.Fatal(err)
		}
		if err := db.WithdrawCarerConsent(ctx, actor, scm.PersonID, c.ID, 1, "Asked us to stop sharing"); err != nil {
			t.Fatal(err)
		}
		if err := db.WithdrawCarerConsent(ctx, actor, scm.PersonID, c.ID, 2, ""); problem.Code(err) != problem.Conflict {
			t.Errorf("withdraw twice: %v, want conflict", err)
		}
		carers, _ := db.Carers(ctx, actor, scm.PersonID)
		if len(carers) != 1 || carers[0].ConsentActive(now) || carers[0].WithdrawReason == "" || !carers[0].Share.CrisisPlan {
			t.Errorf("carers = %+v", carers)
		}
	})
}
