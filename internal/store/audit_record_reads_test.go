package store_test

import (
	"context"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// TestRecordReadsAreNotWriteTransactions: every read of a record is
// audited the way the person page is, through the group commit into the
// journal beside the database, never in a write transaction of its own:
// on SQLite such a commit sent every reader back to the file and took the
// one writer, and the care plan and crisis plan are a third of a
// clinician's reads. Each read still leaves its event, and nothing else.
func TestRecordReadsAreNotWriteTransactions(t *testing.T) {
	t.Parallel()
	db, path := journalDB(t)
	ctx := context.Background()
	team, worker, _ := region(t, db)
	p := mustPerson(t, db, "Sam")
	now := time.Date(2026, 6, 30, 17, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	ep := mustEpisode(t, db, care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", Modality: "SCM", StartedAt: now.AddDate(0, -3, 0)})
	a := auth.Actor{User: worker, Relationship: auth.RelCaseload}
	ap := mustAppointment(t, db, a, care.Appointment{PersonID: p.ID, EpisodeID: ep.ID, Kind: care.KindIndividual, StartsAt: now.AddDate(0, 0, -7), StaffIDs: []int64{worker.ID}}, care.OutcomeAttended)
	if _, err := db.SealAudit(ctx, testAuditKey(1), everySeal); err != nil {
		t.Fatal(err)
	}
	reader := plainSQLite(t, path)
	reader.SetMaxOpenConns(1)
	version := func() int { return countIn(t, reader, `PRAGMA data_version`) }
	reads := []struct {
		name string
		read func() error
	}{
		{"care plan", func() error { _, err := db.CarePlan(ctx, a, ep.ID); return err }},
		{"crisis plan", func() error { _, err := db.CrisisPlan(ctx, a, p.ID); return err }},
		{"appointment", func() error { _, err := db.Appointment(ctx, a, ap.ID); return err }},
		{"episode", func() error { _, err := db.Episode(ctx, a, ep.ID); return err }},
		{"medication", func() error { _, err := db.Medications(ctx, a, p.ID); return err }},
		{"carers", func() error { _, err := db.Carers(ctx, a, p.ID); return err }},
		{"contact preferences", func() error { _, err := db.ContactPrefs(ctx, a, p.ID); return err }},
		{"contact preferences history", func() error { _, err := db.ContactPrefsHistory(ctx, a, p.ID); return err }},
	}
	for _, r := range reads {
		before := version()
		waiting, err := db.AuditWaiting(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.read(); err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if got := version(); got != before {
			t.Errorf("reading the %s changed the database file (data_version %d to %d)", r.name, before, got)
		}
		if got, err := db.AuditWaiting(ctx); err != nil || got != waiting+1 {
			t.Errorf("reading the %s left %d events waiting (%v), want %d", r.name, got, err, waiting+1)
		}
	}
	if _, err := db.SealAudit(ctx, testAuditKey(1), everySeal); err != nil {
		t.Fatal(err)
	}
	events, err := db.AuditEvents(ctx, store.AuditFilter{PersonID: p.ID, Action: auth.ActionView, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(events), len(reads); got != want {
		t.Errorf("the chain holds %d views of the person, want %d", got, want)
	}
	if _, err := db.VerifyAudit(ctx); err != nil {
		t.Error(err)
	}
}
