package store_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// BenchmarkAuditedRead measures what auditing costs a person page: 8
// concurrent readers each run a page of 11 person reads (the ceiling, no
// audit), and the same page with its last read audited (Person). Compare
// the two within one run: audit cost = 1 - ceiling ns/op / audited ns/op.
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
		for _, audited := range []bool{false, true} {
			kind := "page-no-audit"
			if audited {
				kind = "page-audited"
			}
			b.Run(name+"/"+kind, func(b *testing.B) {
				b.SetParallelism(8 / runtime.GOMAXPROCS(0))
				b.RunParallel(func(pb *testing.PB) {
					i := 0
					for pb.Next() {
						if err := page(people[i%len(people)], audited); err != nil {
							b.Error(err)
							return
						}
						i++
					}
				})
			})
		}
		benchSealAll(b, db)
	}
}

// benchSealAll seals what the benchmark appended, so closing the database
// leaves a chain that verifies.
func benchSealAll(b *testing.B, db *store.DB) {
	b.Helper()
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		b.Fatal(err)
	}
}
