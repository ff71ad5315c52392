package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/journey"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

const journeysHeader = "person_key,service_id,referred_on,decision,decided_on,treatment_started_on,risk,engagement,diagnosis,complexity,age,locality,substance_use,housing,duration_needed\n"

func parseJourneys(t testing.TB, file string) []journey.ImportRow {
	t.Helper()
	known := func(id string) bool { return id == "iapt-north" || id == "cmht-all" || id == "crisis" }
	rows, err := journey.ParseImport(strings.NewReader(file), known, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestImportJourneysBatches: a journeys file is stored as one audited
// batch, read back as journeys with people kept apart from Throughline's
// own, listed, and removed whole by its number.
func TestImportJourneysBatches(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mgr := auth.Actor{User: auth.User{ID: 7, Username: "manager", Role: auth.TeamManager}}
		if _, err := db.ImportDirectory(ctx, mgr, smallDirectory(t)); err != nil {
			t.Fatal(err)
		}
		rows := parseJourneys(t, journeysHeader+
			"tt-1,iapt-north,2025-01-02,declined,2025-01-10,,high,chaotic,uncertain,multiple,30,N,none,settled,long\n"+
			"tt-1,cmht-all,2025-02-01,accepted,2025-02-03,2025-03-01,,,,,,,,,\n"+
			"tt-2,iapt-north,2025-02-01,pending,,,low,,,,,,,,\n")
		b, err := db.ImportJourneys(ctx, mgr, "Talking Therapies North", "tt.csv", rows, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(b.Referrals, b.People), "3 2"; got != want {
			t.Errorf("batch counts = %s, want %s", got, want)
		}
		if _, err := db.ImportJourneys(ctx, mgr, " ", "x.csv", rows, nil); problem.Code(err) != problem.Invalid {
			t.Errorf("import without a source: err = %v, want Invalid", err)
		}
		refs, sources, err := db.ImportedJourneys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(refs), 3; got != want {
			t.Fatalf("referrals = %d, want %d", got, want)
		}
		if refs[0].PersonID >= 0 || refs[0].PersonID != refs[1].PersonID || refs[2].PersonID == refs[0].PersonID {
			t.Errorf("person ids %d %d %d: want one negative id per key", refs[0].PersonID, refs[1].PersonID, refs[2].PersonID)
		}
		if got, want := refs[1].TreatmentStartedAt, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("treatment = %v, want %v", got, want)
		}
		if refs[0].ServiceTier == "" || refs[0].Locality != "N" || sources[b.ID] != "Talking Therapies North" {
			t.Errorf("referral = %+v, sources %v", refs[0], sources)
		}
		list, err := db.JourneyBatches(ctx, store.FirstPage)
		if err != nil || list.Total != 1 || len(list.Rows) != 1 || list.Rows[0].ImportedBy != "manager" {
			t.Fatalf("batches = %+v, %v", list, err)
		}
		if srcs, err := db.JourneySources(ctx); err != nil || len(srcs) != 1 || srcs[0] != "Talking Therapies North" {
			t.Errorf("sources = %v, %v", srcs, err)
		}
		events, err := db.AuditEvents(ctx, store.AuditFilter{Action: auth.ActionJourneyImport})
		if err != nil || len(events) != 1 || !strings.Contains(events[0].Reason, "3 referrals of 2 people") {
			t.Errorf("import audit = %+v, %v", events, err)
		}
		if err := db.RemoveJourneyBatch(ctx, mgr, b.ID+1); problem.Code(err) != problem.NotFound {
			t.Errorf("removing a missing batch: %v", err)
		}
		if err := db.RemoveJourneyBatch(ctx, mgr, b.ID); err != nil {
			t.Fatal(err)
		}
		if refs, _, _ := db.ImportedJourneys(ctx); len(refs) != 0 {
			t.Errorf("after removal %d referrals remain", len(refs))
		}
		if events, _ := db.AuditEvents(ctx, store.AuditFilter{Action: auth.ActionJourneyImportRemove}); len(events) != 1 {
			t.Errorf("removal audit events = %d, want 1", len(events))
		}
	})
}

// BenchmarkImportJourneysMillion parses and stores a million-row journeys
// file on SQLite, reporting the time and the heap at its peak; the target
// is under a minute and under 1 GB. Run it once:
//
//	go test -run XXX -bench ImportJourneysMillion -benchtime 1x ./internal/store
func BenchmarkImportJourneysMillion(b *testing.B) {
	if testing.Short() {
		b.Skip("writes a million rows")
	}
	const n = 1_000_000
	path := filepath.Join(b.TempDir(), "journeys.csv")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(out)
	w.WriteString(journeysHeader)
	decisions := []string{"declined,2025-01-10,", "accepted,2025-01-09,2025-02-01", "pending,,"}
	for i := range n {
		fmt.Fprintf(w, "k%07d,iapt-north,2025-01-02,%s,high,chaotic,uncertain,multiple,30,N,none,settled,long\n", i/3, decisions[i%3])
	}
	if err := errors.Join(w.Flush(), out.Close()); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	mgr := auth.Actor{User: auth.User{ID: 7, Username: "manager", Role: auth.TeamManager}}
	for b.Loop() {
		db := storetest.Open(b, filepath.Join(b.TempDir(), "j.db"))
		if _, err := db.ImportDirectory(ctx, mgr, smallDirectory(b)); err != nil {
			b.Fatal(err)
		}
		var peak uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		}()
		cpuBefore := cpuTime(b)
		start := time.Now()
		in, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := journey.ParseImport(in, func(id string) bool { return id == "iapt-north" }, nil)
		in.Close()
		if err != nil {
			b.Fatal(err)
		}
		parsed := time.Since(start)
		if _, err := db.ImportJourneys(ctx, mgr, "bench", "bench.csv", rows, nil); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		close(stop)
		<-sampled
		cpu := cpuTime(b) - cpuBefore
		b.Logf("parsed in %v, stored in %v (%v of CPU), peak heap %d MiB", parsed, took-parsed, cpu, peak>>20)
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.ReportMetric(parsed.Seconds(), "parse-s")
		b.ReportMetric(took.Seconds(), "total-s")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		// CPU time, not the wall clock, is held to the minute: on a
		// shared machine the wall clock measures the neighbours.
		if cpu > time.Minute || peak > 1<<30 {
			b.Errorf("a million rows took %v of CPU (%v on the wall) with a peak heap of %d MiB; want under a minute and 1 GiB", cpu, took, peak>>20)
		}
	}
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
