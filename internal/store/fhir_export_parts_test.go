package store_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/fhir"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

var exportTypes = []string{"Patient", "EpisodeOfCare", "Goal", "ServiceRequest", "Questionnaire", "Organization", "HealthcareService"}

// exportRegion records people, each with a referral, an episode and a
// goal, and registers a bulk export client.
func exportRegion(t testing.TB, db *store.DB, people int) store.FHIRClient {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	team, worker, _ := region(t, db)
	err := db.Bulk(ctx, func(tx *store.Tx) error {
		for i := range people {
			p := care.Person{GivenName: fmt.Sprintf("Export%d", i), FamilyName: "Tester", DateOfBirth: time.Date(1988, 4, 9, 0, 0, 0, 0, time.UTC)}
			if err := tx.CreatePerson(ctx, auth.System, &p); err != nil {
				return err
			}
			r := care.Referral{PersonID: p.ID, ServiceID: "cen", Reason: "Help with feelings that overwhelm", ReceivedAt: at.Add(time.Duration(i) * time.Hour)}
			if err := tx.CreateReferral(ctx, auth.System, &r); err != nil {
				return err
			}
			e := care.Episode{PersonID: p.ID, TeamID: team.ID, NamedWorkerID: worker.ID, Pathway: "community-scm", StartedAt: r.ReceivedAt.Add(24 * time.Hour)}
			if err := tx.CreateEpisode(ctx, auth.System, &e); err != nil {
				return err
			}
			g := care.Goal{PersonID: p.ID, EpisodeID: e.ID, Text: "Get back to swimming on Saturdays", OwnWords: true}
			if err := tx.CreateGoal(ctx, auth.Actor{User: worker, Relationship: auth.RelCaseload}, &g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	c := store.FHIRClient{ClientID: "region-epr", Name: "Region EPR", Scopes: "system/*.rs",
		PublicKey: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
	if err := db.CreateFHIRClient(ctx, auth.System, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// wholeExport is what the export's files must hold: each type's NDJSON
// written in one piece, as the export was before it wrote parts.
func wholeExport(t testing.TB, db *store.DB, c store.FHIRClient) map[string]string {
	t.Helper()
	ctx := context.Background()
	bufs := map[string]*bytes.Buffer{}
	nd := &fhir.NDJSON{Types: exportTypes, Out: func(typ string) io.Writer {
		if bufs[typ] == nil {
			bufs[typ] = &bytes.Buffer{}
		}
		return bufs[typ]
	}}
	err := db.EachFHIRPerson(ctx, store.FHIRClientActor(c), 0, func(p store.FHIRExportPerson) error {
		return nd.AddAll(p.Records().Resources())
	})
	if err == nil {
		err = nd.AddAll(fhir.Questionnaires())
	}
	if err == nil {
		err = db.AddFHIRDirectory(ctx, nd)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for typ, b := range bufs {
		out[typ] = b.String()
	}
	return out
}

func queueExport(t testing.TB, db *store.DB, c store.FHIRClient) int64 {
	t.Helper()
	j := store.ExportJob{Request: "/fhir/R4/$export", Types: exportTypes}
	if err := db.CreateExportJob(context.Background(), c, &j); err != nil {
		t.Fatal(err)
	}
	return j.ID
}

// newExport records a region of people, writes exports in parts of size
// bytes and queues one whole export.
func newExport(t *testing.T, db *store.DB, people, size int) (store.FHIRClient, int64) {
	t.Helper()
	c := exportRegion(t, db, people)
	db.SetExportPartSize(size)
	return c, queueExport(t, db, c)
}

func claimExport(t testing.TB, db *store.DB, worker string) store.ExportJob {
	t.Helper()
	j, ok, err := db.ClaimExportJob(context.Background(), worker)
	if err != nil || !ok {
		t.Fatalf("%s claimed nothing (%v)", worker, err)
	}
	return j
}

func exportFile(t *testing.T, db *store.DB, c store.FHIRClient, id int64, typ string) string {
	t.Helper()
	var b strings.Builder
	if err := db.ExportFile(context.Background(), c, id, typ, &b); err != nil {
		t.Fatalf("%s file: %v", typ, err)
	}
	return b.String()
}

// BenchmarkFHIRBulkExport runs a whole-region bulk export of a small and a
// ten times larger region and reports the worker's peak live heap, read
// every 5 ms: it stays flat as the region grows, as each type's output is
// written a part at a time (before, at scale 10 it was 426 MB, at scale
// 75 3.6 GB). With THROUGHLINE_TEST_POSTGRES set it runs on PostgreSQL too.
func BenchmarkFHIRBulkExport(b *testing.B) {
	for name, mk := range storetest.Dialects(b) {
		for _, people := range []int{1500, 15000} {
			b.Run(fmt.Sprintf("%s/people=%d", name, people), func(b *testing.B) {
				db := storetest.Open(b, mk(b))
				c := exportRegion(b, db, people)
				ctx := context.Background()
				var peak uint64
				resources := 0
				b.ResetTimer()
				for range b.N {
					b.StopTimer()
					queueExport(b, db, c)
					j := claimExport(b, db, "bench")
					runtime.GC()
					stop := sampleHeap(&peak)
					b.StartTimer()
					if err := db.RunExportJob(ctx, j); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					stop()
					done, err := db.ExportJobFor(ctx, c.ClientID, j.ID)
					if err != nil || done.Status != store.ExportDone {
						b.Fatalf("job %+v, %v", done, err)
					}
					resources = 0
					for _, f := range done.Files {
						resources += f.Count
					}
					b.StartTimer()
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(resources), "resources")
			})
		}
	}
}

// sampleHeap keeps the largest live heap seen in peak until stop is
// called.
func sampleHeap(peak *uint64) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// A region's export is written a part at a time as it runs (a worker
// holds at most a part of each type), and each file served is exactly the
// NDJSON the whole export would have written in one piece.
func TestExportFilesAreWrittenInParts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const size = 700
		c, id := newExport(t, db, 30, size)
		if err := db.RunExportJob(ctx, claimExport(t, db, "a")); err != nil {
			t.Fatal(err)
		}
		job, err := db.ExportJobFor(ctx, c.ClientID, id)
		if err != nil || job.Status != store.ExportDone {
			t.Fatalf("job %+v, %v", job, err)
		}
		want := wholeExport(t, db, c)
		if got, want := len(job.Files), len(want); got != want {
			t.Errorf("%d files, want %d", got, want)
		}
		for _, f := range job.Files {
			body := exportFile(t, db, c, id, f.Type)
			if body != want[f.Type] {
				t.Errorf("%s file differs from the whole export:\n got %.300q\nwant %.300q", f.Type, body, want[f.Type])
			}
			if got, want := f.Count, strings.Count(body, "\n"); got != want {
				t.Errorf("%s file counted %d, has %d lines", f.Type, got, want)
			}
		}
		parts := storetest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM fhir_export_parts WHERE job_id = %d AND type = 'Patient'`, id))
		if min := len(want["Patient"]) / (2 * size); parts < min || parts < 2 {
			t.Errorf("the Patient file is in %d parts, want at least %d", parts, max(min, 2))
		}
		longest := 0
		for _, body := range want {
			for line := range strings.Lines(body) {
				longest = max(longest, len(line))
			}
		}
		over := storetest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM fhir_export_parts WHERE job_id = %d AND LENGTH(body) >= %d`, id, size+longest))
		if over != 0 {
			t.Errorf("%d parts are over a part's size and a line", over)
		}
		ragged := storetest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM fhir_export_parts WHERE job_id = %d AND body NOT LIKE '%%`+"\n"+`'`, id))
		if ragged != 0 {
			t.Errorf("%d parts end inside a line", ragged)
		}
	})
}

// A job cancelled once its worker has claimed it gets nothing more from
// that worker, which stops at its first write and keeps no parts.
func TestCancelledExportKeepsNoParts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, id := newExport(t, db, 12, 200)
		j := claimExport(t, db, "a")
		if err := db.CancelExportJob(ctx, c, id); err != nil {
			t.Fatal(err)
		}
		if err := db.RunExportJob(ctx, j); err != nil {
			t.Fatalf("a cancelled job's worker: %v", err)
		}
		for _, table := range []string{"fhir_export_parts", "fhir_export_files"} {
			if n := storetest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE job_id = %d`, table, id)); n != 0 {
				t.Errorf("%d rows in %s after the cancel", n, table)
			}
		}
		if j, err := db.ExportJobFor(ctx, c.ClientID, id); err != nil || j.Status != store.ExportCanceled || len(j.Files) != 0 {
			t.Errorf("after the cancel the job is %q with %d files (%v), want cancelled with none", j.Status, len(j.Files), err)
		}
	})
}

// A running job whose worker has gone unheard for the lease is claimed
// again: what the dead attempt wrote is removed, the new attempt writes
// the files afresh, and the old worker, if it was only slow, writes
// nothing more. A job whose worker is heard from stays with it.
func TestExportOfADeadWorkerIsClaimedAgain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		c, id := newExport(t, db, 12, 300)
		first := claimExport(t, db, "a")
		storetest.Seed(t, db, fmt.Sprintf(`INSERT INTO fhir_export_parts (job_id, type, part, body) VALUES (%d, 'Patient', 0, 'left by the dead worker')`, id))

		now = now.Add(time.Minute)
		if j, ok, err := db.ClaimExportJob(ctx, "b"); err != nil || ok {
			t.Fatalf("claimed a job whose worker was heard from a minute ago: %+v %v", j, err)
		}
		now = now.Add(5 * time.Minute)
		second := claimExport(t, db, "b")
		if second.ID != id || second.Attempt != first.Attempt+1 {
			t.Fatalf("second claim: job %d attempt %d, want job %d attempt %d", second.ID, second.Attempt, id, first.Attempt+1)
		}
		if n := storetest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM fhir_export_parts WHERE job_id = %d`, id)); n != 0 {
			t.Errorf("%d parts of the dead attempt kept", n)
		}
		if err := db.RunExportJob(ctx, first); err != nil {
			t.Fatalf("the superseded worker: %v", err)
		}
		if n := storetest.Count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM fhir_export_parts WHERE job_id = %d`, id)); n != 0 {
			t.Errorf("the superseded worker wrote %d parts", n)
		}
		if err := db.RunExportJob(ctx, second); err != nil {
			t.Fatal(err)
		}
		want := wholeExport(t, db, c)
		if got := exportFile(t, db, c, id, "Patient"); got != want["Patient"] {
			t.Errorf("Patient file after the second attempt:\n got %.200q\nwant %.200q", got, want["Patient"])
		}
		if j, ok, err := db.ClaimExportJob(ctx, "c"); err != nil || ok {
			t.Errorf("a finished job was claimed: %+v %v", j, err)
		}
	})
}

// A file one of whose parts is gone (the job was cancelled while the file
// was being sent) ends in an error after what was sent, never as if the
// parts sent were the whole file.
func TestExportFileMissingAPartEndsInAnError(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, id := newExport(t, db, 12, 300)
		if err := db.RunExportJob(ctx, claimExport(t, db, "a")); err != nil {
			t.Fatal(err)
		}
		storetest.Seed(t, db, fmt.Sprintf(`DELETE FROM fhir_export_parts WHERE job_id = %d AND type = 'Patient' AND part = 1`, id))
		var b strings.Builder
		err := db.ExportFile(ctx, c, id, "Patient", &b)
		var p *problem.Error
		if !errors.As(err, &p) || p.Code != problem.NotFound {
			t.Fatalf("file missing a part: %v, want not found", err)
		}
		if b.Len() == 0 || !strings.HasSuffix(b.String(), "\n") {
			t.Errorf("before the error, wrote %.100q; want the first part", b.String())
		}
		other := store.FHIRClient{ClientID: "someone-else"}
		if err := db.ExportFile(ctx, other, id, "Patient", io.Discard); !errors.As(err, &p) || p.Code != problem.NotFound {
			t.Errorf("another client's file: %v, want not found", err)
		}
	})
}
