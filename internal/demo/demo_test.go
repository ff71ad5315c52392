package demo_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/demo"
	"throughline/internal/store"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	regionAgain.Prepare(t)
	region.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sum := region.summary(t, db)

		t.Run("counts", func(t *testing.T) {
			tests := []struct {
				name   string
				got    int
				lo, hi int
			}{
				{"localities", sum.Localities, 5, 5},
				{"services", sum.Services, 35, 45},
				{"teams", sum.Teams, 2, 10},
				{"staff", sum.Staff, 55, 80},
				{"people", sum.People, 2000, 2050},
				{"referrals", sum.Referrals, 2500, 6000},
				{"episodes", sum.Episodes, 500, 1000},
				{"logins", len(sum.Logins), len(auth.Roles), len(auth.Roles)},
			}
			for _, tt := range tests {
				if tt.got < tt.lo || tt.got > tt.hi {
					t.Errorf("%s = %d, want %d to %d", tt.name, tt.got, tt.lo, tt.hi)
				}
			}
			svcs, err := db.Services(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(svcs), sum.Services; got != want {
				t.Errorf("services stored = %d, want %d", got, want)
			}
		})

		t.Run("fixed logins", func(t *testing.T) {
			tests := []struct {
				username   string
				role       auth.Role
				profession string
				teams      []string
			}{
				{"clinician", auth.Clinician, "psychologist", []string{"CEN Community Team"}},
				{"peer", auth.PeerWorker, "", []string{"CEN Community Team"}},
				{"admin", auth.Admin, "", []string{"CEN Community Team", "CEN Therapies Team"}},
				{"manager", auth.TeamManager, "", []string{"CEN Community Team", "CEN Therapies Team"}},
				{"referrer", auth.Referrer, "", nil},
				{"serviceuser", auth.ServiceUser, "", nil},
				{"commissioner", auth.Commissioner, "", nil},
				{"sysadmin", auth.SystemAdmin, "", nil},
				{"auditor", auth.Auditor, "", nil},
				{"carer", auth.Carer, "", nil},
			}
			teamNames := teamNamesByID(t, db)
			for i, tt := range tests {
				u, err := db.UserByUsername(ctx, tt.username)
				if err != nil {
					t.Errorf("%s: %v", tt.username, err)
					continue
				}
				if got, want := u.Role, tt.role; got != want {
					t.Errorf("%s role = %s, want %s", tt.username, got, want)
				}
				if got, want := u.Profession, tt.profession; got != want {
					t.Errorf("%s profession = %q, want %q", tt.username, got, want)
				}
				var got []string
				for _, id := range u.TeamIDs {
					got = append(got, teamNames[id])
				}
				slices.Sort(got)
				if !reflect.DeepEqual(got, tt.teams) {
					t.Errorf("%s teams = %v, want %v", tt.username, got, tt.teams)
				}
				if i < len(sum.Logins) && (sum.Logins[i].Username != tt.username || sum.Logins[i].Role != tt.role || sum.Logins[i].Description == "") {
					t.Errorf("Summary.Logins[%d] = %+v, want %s (%s) with a description", i, sum.Logins[i], tt.username, tt.role)
				}
			}
			if u, _ := db.UserByUsername(ctx, "referrer"); u.Organization == "" {
				t.Error("referrer has no organisation")
			}
		})

		t.Run("service user", func(t *testing.T) {
			su := mustUser(t, db, "serviceuser")
			clin := mustUser(t, db, "clinician")
			ref := mustUser(t, db, "referrer")
			eps, err := db.Episodes(ctx, store.EpisodeFilter{PersonID: su.PersonID, ActiveOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(eps) != 1 || eps[0].NamedWorkerID != clin.ID || eps[0].TeamName != "CEN Community Team" || eps[0].Modality != "SCM" {
				t.Errorf("service user's active episodes = %+v, want one SCM episode in the Community Team with the clinician", eps)
			}
			refs, err := db.Referrals(ctx, store.ReferralFilter{PersonID: su.PersonID})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(refs, func(r store.ReferralRow) bool { return r.ReferrerUserID == ref.ID && r.ServiceID == "cen-specialist" }) {
				t.Errorf("service user's referrals = %+v, want one to cen-specialist from the referrer", refs)
			}
		})

		t.Run("caseloads", func(t *testing.T) {
			clin := mustUser(t, db, "clinician")
			mine, err := db.Episodes(ctx, store.EpisodeFilter{WorkerID: clin.ID, ActiveOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(mine), 20; got != want {
				t.Errorf("clinician's active episodes = %d, want %d", got, want)
			}
			loads, err := db.Caseloads(ctx, cenTeams(t, db))
			if err != nil {
				t.Fatal(err)
			}
			if len(loads) < 25 {
				t.Errorf("%d named workers hold caseloads, want at least 25", len(loads))
			}
			for _, c := range loads {
				if c.Active < 8 || c.Active > 25 {
					t.Errorf("%s in %s holds %d active episodes, want 8 to 25", c.WorkerName, c.TeamName, c.Active)
				}
			}
		})

		t.Run("referrer", func(t *testing.T) {
			refs, err := db.Referrals(ctx, store.ReferralFilter{ReferrerID: mustUser(t, db, "referrer").ID})
			if err != nil {
				t.Fatal(err)
			}
			statuses := map[care.ReferralStatus]bool{}
			for _, r := range refs {
				statuses[r.Status] = true
			}
			if len(refs) < 25 || len(refs) > 45 {
				t.Errorf("referrer made %d referrals, want about 30", len(refs))
			}
			if len(statuses) < 8 {
				t.Errorf("referrer's referrals are at %d stages (%v), want at least 8", len(statuses), statuses)
			}
		})

		t.Run("every stage and modality", func(t *testing.T) {
			cells, err := db.Aggregate(ctx, "referrals-by-tier-status")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, c := range cells {
				if c.Row == "specialist-cen" {
					got[c.Col] = c.N
				}
			}
			for _, s := range care.ReferralStatuses {
				if got[string(s)] == 0 {
					t.Errorf("no cen-specialist referral is %s", s)
				}
			}
			cells, err = db.Aggregate(ctx, "episodes-by-team-modality")
			if err != nil {
				t.Fatal(err)
			}
			modalities := map[string]bool{}
			for _, c := range cells {
				modalities[c.Col] = c.N > 0
			}
			for _, m := range []string{"SCM", "MBT", "DIT", "DBT"} {
				if !modalities[m] {
					t.Errorf("no active %s episode", m)
				}
			}
		})

		t.Run("dates and wording", func(t *testing.T) {
			refs, err := db.Referrals(ctx, store.ReferralFilter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range refs {
				if r.ReceivedAt.After(now) || r.ReceivedAt.Before(now.AddDate(-3, 0, -7)) {
					t.Errorf("referral %d received %s, want within three years before %s", r.ID, r.ReceivedAt, now)
				}
				for _, w := range []string{"manipulative", "attention-seeking", "non-compliant", "frequent flyer"} {
					if strings.Contains(strings.ToLower(r.Reason), w) {
						t.Errorf("referral %d reason %q uses %q", r.ID, r.Reason, w)
					}
				}
			}
			eps, err := db.Episodes(ctx, store.EpisodeFilter{Limit: 2000})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range eps {
				if e.StartedAt.After(now) || e.EndedAt.After(now) || (!e.Active() && e.EndedAt.Before(e.StartedAt)) {
					t.Errorf("episode %d runs %s to %s, want within the past", e.ID, e.StartedAt, e.EndedAt)
				}
			}
		})

		t.Run("directory and gap", func(t *testing.T) { checkGap(t, db) })

		t.Run("audit chain", func(t *testing.T) {
			n, err := db.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Ongoing care (plans, goals, medication) adds its own events on top.
			if want := int64(sum.People + sum.Referrals + sum.Episodes + sum.FrontDoorSteps + sum.Audited + sum.CareWrites); n < want {
				t.Errorf("audit events = %d, want at least %d (one per person, referral, episode, front-door step, session, goal and measure)", n, want)
			}
		})

		t.Run("not twice", func(t *testing.T) {
			if _, err := demo.Load(ctx, db, options(t, 2026)); err == nil {
				t.Error("second Load into the same database succeeded, want an error")
			}
		})

		t.Run("deterministic", func(t *testing.T) {
			other := regionAgain.Open(t, db.Dialect().String())
			if got, want := regionAgain.summary(t, other), sum; !reflect.DeepEqual(got, want) {
				t.Errorf("second summary = %+v, want %+v", got, want)
			}
			for id := int64(1); id <= 20; id++ {
				got, want := person(t, other, id), person(t, db, id)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("person %d differs:\n got %+v\nwant %+v", id, got, want)
				}
			}
			got, want := episodes(t, other), episodes(t, db)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("first episodes differ:\n got %+v\nwant %+v", got, want)
			}
		})
	})
}
