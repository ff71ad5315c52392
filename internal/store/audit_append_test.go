package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestGroupedReadAuditsKeepEveryField: a group of reads' audit events
// committed together (on PostgreSQL one array per column in one statement)
// reaches the chain whole, every field as it was given, in the order the
// events came, and in one statement, whatever text the fields hold.
func TestGroupedReadAuditsKeepEveryField(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := mustPerson(t, db, "Grouped")
		event := func(id int64, name string, role auth.Role, rel auth.Relationship, record, reason string) auth.Event {
			return auth.Event{UserID: id, Username: name, Role: role, Action: auth.ActionView, PersonID: p.ID,
				Record: record, Relationship: rel, Reason: reason}
		}
		want := []auth.Event{
			event(7, "ann", auth.Clinician, auth.RelCaseload, "person", ""),
			event(8, "o'brien", auth.Admin, auth.RelBreakGlass, "careplan", `{"a,b"} NULL \ ' "`),
			event(9, "zoë", auth.Clinician, auth.RelNone, "referral/12", "Zoë — crisis, 2 a.m. 👍"),
			event(7, "ann", auth.Clinician, auth.RelTeamReferr, "person", "NULL"),
		}
		before := db.Statements()
		start := time.Now().UTC().Add(-time.Second)
		if err := db.AppendReadsForTest(ctx, slices.Clone(want)); err != nil {
			t.Fatal(err)
		}
		if got := db.Statements() - before; got != 1 {
			t.Errorf("a group of %d events took %d statements, want 1", len(want), got)
		}
		got, err := db.AuditEvents(ctx, store.AuditFilter{PersonID: p.ID, Action: auth.ActionView})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(got) // newest first
		if len(got) != len(want) {
			t.Fatalf("%d events in the chain, want %d: %+v", len(got), len(want), got)
		}
		for i, g := range got {
			if g.At.Before(start) || g.At.After(time.Now().UTC().Add(time.Second)) {
				t.Errorf("event %d dated %v, want about now", i, g.At)
			}
			if i > 0 && g.Seq <= got[i-1].Seq {
				t.Errorf("event %d sealed at %d, before the one given ahead of it (%d)", i, g.Seq, got[i-1].Seq)
			}
			g.Seq, g.At, g.PrevHash, g.Hash = 0, time.Time{}, "", ""
			if g != want[i] {
				t.Errorf("event %d:\n got %+v\nwant %+v", i, g, want[i])
			}
		}
	})
}
