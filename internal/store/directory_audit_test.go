package store_test

import (
	"context"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/directory"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestDirectoryChangesAreAudited: every change to the directory (a file
// imported, a service added, edited or its rules changed) is an event in the
// audit chain, written with the change, and a refused change writes none.
func TestDirectoryChangesAreAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mgr := auth.Actor{User: auth.User{ID: 7, Username: "manager", Role: auth.TeamManager}}
		type event struct{ record, reason string }
		seen := 0
		// newEvents returns the directory-change events since the last call, oldest first.
		newEvents := func() []event {
			t.Helper()
			all, err := db.AuditEvents(ctx, store.AuditFilter{Action: auth.ActionDirectoryChange})
			if err != nil {
				t.Fatal(err)
			}
			var out []event
			for i := len(all) - 1 - seen; i >= 0; i-- {
				e := all[i]
				if e.UserID != 7 || e.Username != "manager" || e.Role != auth.TeamManager {
					t.Errorf("event %d is not the manager's: %+v", e.Seq, e)
				}
				out = append(out, event{e.Record, e.Reason})
			}
			seen = len(all)
			return out
		}
		f := smallDirectory(t)
		crisis := func() directory.Service {
			s, err := db.Service(ctx, "crisis")
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		tests := []struct {
			name    string
			change  func() error
			wantErr string
			want    []string // record, then a phrase of the reason
		}{
			{"first import", func() error { _, err := db.ImportDirectory(ctx, mgr, f); return err }, "", []string{
				"locality/N", "import: locality added: North", "locality/S", "import: locality added: South",
				"service/iapt-north", "import: Service added", "service/cmht-all", "import: Service added",
				"service/youth-south", "import: Service added", "service/crisis", "import: Service added"}},
			{"the same file again", func() error { _, err := db.ImportDirectory(ctx, mgr, f); return err }, "", nil},
			{"a rule changed by import", func() error {
				g := smallDirectory(t)
				g.Localities[0].Name = "North and West"
				g.Services[0].Eligibility["risk"] = []string{"low"}
				_, err := db.ImportDirectory(ctx, mgr, g)
				return err
			}, "", []string{"locality/N", "renamed from North to North and West", "service/iapt-north", "import: eligibility risk: low, moderate → low"}},
			{"a service edited", func() error {
				s := crisis()
				s.WaitWeeks = 2
				return db.SaveService(ctx, mgr, &s)
			}, "", []string{"service/crisis", "update: wait (weeks): 0 → 2"}},
			{"a stale edit is refused", func() error {
				s := crisis()
				s.Version--
				s.WaitWeeks = 3
				return db.SaveService(ctx, mgr, &s)
			}, problem.Conflict, nil},
			{"an edit that changes nothing", func() error { s := crisis(); return db.SaveService(ctx, mgr, &s) }, "", nil},
			{"a service added", func() error {
				return db.AddService(ctx, mgr, &directory.Service{ID: "peer-north", Name: "Peer Support North", Tier: "voluntary"})
			}, "", []string{"service/peer-north", "create: Service added"}},
			{"a duplicate add is refused", func() error {
				return db.AddService(ctx, mgr, &directory.Service{ID: "peer-north", Name: "Again", Tier: "voluntary"})
			}, problem.Conflict, nil},
			{"an import that fails part way writes nothing", func() error {
				g := smallDirectory(t)
				g.Services[0].WaitWeeks = 20
				g.Services = append(g.Services, directory.Service{ID: "broken", Name: "", Tier: "nowhere"})
				_, err := db.ImportDirectory(ctx, mgr, g)
				return err
			}, problem.Invalid, nil},
		}
		for _, tt := range tests {
			if err := tt.change(); problem.Code(err) != tt.wantErr {
				t.Fatalf("%s: error %v, want code %q", tt.name, err, tt.wantErr)
			}
			got := newEvents()
			if len(got)*2 != len(tt.want) {
				t.Errorf("%s: audit events %+v, want %d", tt.name, got, len(tt.want)/2)
				continue
			}
			for i, e := range got {
				if e.record != tt.want[2*i] || !strings.Contains(e.reason, tt.want[2*i+1]) {
					t.Errorf("%s: event %d = %+v, want %s with %q", tt.name, i, e, tt.want[2*i], tt.want[2*i+1])
				}
			}
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}
