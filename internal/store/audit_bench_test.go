package store_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"runtime"
	"testing"
	"time"

	"throughline/internal/auditlog"
	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// BenchmarkAuditedRead measures what auditing costs a person page: 8
// concurrent readers each run a page of 11 person reads (the ceiling, no
// audit), and the same page with its last read audited (Person). Compare
// the two within one run: audit cost = 1 - ceiling ns/op / audited ns/op.
// page-audited-grouped commits concurrent reads' events together
// (audit_group.go), page-audited-ungrouped each on its own; Open picks
// the one the measurements favour for each database. The background
// sealer runs throughout, as in serve.
// With THROUGHLINE_TEST_POSTGRES set it runs on PostgreSQL too.
func BenchmarkAuditedRead(b *testing.B) {
	for name, mk := range storetest.Dialects(b) {
		db := storetest.Open(b, mk(b))
		ctx := context.Background()
		people := make([]int64, 50)
		for i := range people {
			p := care.Person{GivenName: fmt.Sprint("Bench", i), FamilyName: "Reader", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)}
			if err := db.CreatePerson(ctx, auth.System, &p); err != nil {
				b.Fatal(err)
			}
			people[i] = p.ID
		}
		a := auth.Actor{User: auth.User{ID: 7, Username: "bench", Role: auth.Clinician}}
		// A person page runs about 11 statements (issue 12); a page here is
		// 11 person reads, the last one audited or not.
		page := func(id int64, audited bool) error {
			for range 10 {
				if _, err := db.PersonNoAudit(ctx, id); err != nil {
					return err
				}
			}
			if audited {
				_, err := db.Person(ctx, a, id)
				return err
			}
			_, err := db.PersonNoAudit(ctx, id)
			return err
		}
		modes := []struct {
			kind             string
			audited, grouped bool
		}{{"page-no-audit", false, false}, {"page-audited-grouped", true, true}, {"page-audited-ungrouped", true, false}}
		for _, m := range modes {
			b.Run(name+"/"+m.kind, func(b *testing.B) {
				db.SetAuditDirect(!m.grouped)
				defer db.SetAuditDirect(false)
				// The server's sealer runs alongside, as it does in serve.
				stop := make(chan struct{})
				sealed := make(chan error, 1)
				go func() {
					for {
						if _, err := db.SealAudit(ctx, benchKey, auditlog.DefaultSchedule); err != nil {
							sealed <- err
							return
						}
						select {
						case <-stop:
							sealed <- nil
							return
						case <-time.After(time.Second):
						}
					}
				}()
				b.SetParallelism(8 / runtime.GOMAXPROCS(0))
				b.RunParallel(func(pb *testing.PB) {
					i := 0
					for pb.Next() {
						if err := page(people[i%len(people)], m.audited); err != nil {
							b.Error(err)
							return
						}
						i++
					}
				})
				close(stop)
				if err := <-sealed; err != nil {
					b.Fatal(err)
				}
			})
		}
		benchSealAll(b, db)
	}
}

var benchKey = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))

// benchSealAll seals what the benchmark appended, so closing the database
// leaves a chain that verifies.
func benchSealAll(b *testing.B, db *store.DB) {
	b.Helper()
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSealBacklog seals a backlog of 10,000 events appended in one
// transaction (as a demo load or a stopped sealer leaves), and reports
// events sealed per second.
func BenchmarkSealBacklog(b *testing.B) {
	for name, mk := range storetest.Dialects(b) {
		db := storetest.Open(b, mk(b))
		ctx := context.Background()
		b.Run(name, func(b *testing.B) {
			const backlog = 10_000
			var sealing time.Duration
			for range b.N {
				err := db.Update(ctx, func(tx *store.Tx) error {
					for i := range backlog {
						if err := tx.AuditForTest(ctx, auth.System, auth.ActionCreate, int64(i), "person"); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				r, err := db.SealAudit(ctx, benchKey, auditlog.DefaultSchedule)
				if err != nil || r.Sealed != backlog {
					b.Fatalf("sealed %d, %v", r.Sealed, err)
				}
				sealing += time.Since(start)
			}
			b.ReportMetric(float64(backlog*b.N)/sealing.Seconds(), "events/s")
		})
	}
}
