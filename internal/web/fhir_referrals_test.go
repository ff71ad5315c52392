package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/fhir/fhirtest"
	"throughline/internal/openreferral"
	"throughline/internal/store"
)

// addFHIRReferralRecords gives the fixture's person a second referral
// waiting on more information, a current and a stopped medicine, and a
// crisis plan; the fixture already holds one referral with an outcome.
func addFHIRReferralRecords(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	a := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		ref := care.Referral{PersonID: f.person.ID, ServiceID: "cen", ReferrerName: "Dr Okafor", ReferrerOrg: "Riverside Surgery",
			Reason: "Struggling since leaving hospital", Status: care.ReferralMoreInfo, ReceivedAt: f.db.Now().Add(-48 * time.Hour)}
		return tx.CreateReferral(ctx, auth.System, &ref)
	})
	if err != nil {
		t.Fatal(err)
	}
	now := f.db.Now()
	for _, m := range []care.Medication{
		{Name: "Sertraline", Dose: "50 mg", Frequency: "once a day", Prescriber: "GP"},
		{Name: "Quetiapine", Dose: "25 mg", Frequency: "at night", Prescriber: "Psychiatrist"},
	} {
		m.PersonID, m.EpisodeID, m.StartedOn, m.ReviewOn = f.person.ID, f.episodeID(t), now.AddDate(0, -2, 0), now.AddDate(0, 1, 0)
		if err := f.db.AddMedication(ctx, a, &m); err != nil {
			t.Fatal(err)
		}
		if m.Name == "Quetiapine" {
			stop := care.Medication{StoppedOn: now.AddDate(0, 0, -3), StopReason: "Made me too drowsy in the day"}
			if err := f.db.StopMedication(ctx, a, f.person.ID, m.ID, m.Version, stop); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := care.CrisisPlan{PersonID: f.person.ID, WarningSigns: "I stop answering my phone and stay in bed",
		ICanDo: "Walk the dog round the park", Contacts: []care.CrisisContact{{Name: "Crisis line", Phone: "0800 000 0000", Hours: "24 hours, every day"}}}
	if err := f.db.SaveCrisisPlan(ctx, a, &c); err != nil {
		t.Fatal(err)
	}
}

// TestFHIRServiceRequestsMedicinesAndCrisisPlan: referrals are served as
// ServiceRequests (status from the referral's stage, intent order, the
// service as the HealthcareService with the Open Referral id, the reason
// as text), medicines as MedicationStatements, and the crisis plan as a
// CarePlan of its own category with the person's words; each searches by
// patient, _id, _lastUpdated, status and its own parameters, reads by id,
// and validates against the R4 schema (fhirGet checks every response).
func TestFHIRServiceRequestsMedicinesAndCrisisPlan(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		addFHIRReferralRecords(t, f)
		tok, _ := f.session(t, f.users[auth.Clinician])
		pid := f.person.ID
		cen := "HealthcareService/" + openreferral.ServiceID("cen")
		for _, c := range []struct {
			path string
			want int
		}{
			{fmt.Sprintf("/ServiceRequest?patient=%d", pid), 2},
			{fmt.Sprintf("/ServiceRequest?subject=Patient/%d&status=on-hold", pid), 1},
			{fmt.Sprintf("/ServiceRequest?patient=%d&status=completed", pid), 1},
			{fmt.Sprintf("/ServiceRequest?patient=%d&status=revoked", pid), 0},
			{fmt.Sprintf("/ServiceRequest?patient=%d&performer=%s", pid, cen), 2},
			{fmt.Sprintf("/ServiceRequest?patient=%d&performer=HealthcareService/%s", pid, openreferral.ServiceID("other")), 0},
			{fmt.Sprintf("/ServiceRequest?patient=%d&authored=lt%s", pid, f.db.Now().Add(-24*time.Hour).Format("2006-01-02")), 1},
			{fmt.Sprintf("/ServiceRequest?patient=%d&_lastUpdated=gt2000-01-01", pid), 2},
			{fmt.Sprintf("/ServiceRequest?patient=%d&_lastUpdated=gt2100-01-01", pid), 0},
			{fmt.Sprintf("/MedicationStatement?patient=%d", pid), 2},
			{fmt.Sprintf("/MedicationStatement?patient=%d&status=active", pid), 1},
			{fmt.Sprintf("/MedicationStatement?patient=%d&status=stopped", pid), 1},
			{fmt.Sprintf("/MedicationStatement?patient=%d&_lastUpdated=ge%s", pid, f.db.Now().AddDate(0, 0, -7).Format("2006-01-02")), 1},
			{fmt.Sprintf("/CarePlan?patient=%d&category=crisis-plan", pid), 1},
			{fmt.Sprintf("/CarePlan?patient=%d&category=care-plan", pid), 0},
		} {
			if b := fhirBundleAt(t, f, c.path, tok); b.Total != c.want || len(b.Entry) != c.want {
				t.Errorf("%s: total %d with %d entries, want %d", c.path, b.Total, len(b.Entry), c.want)
			}
		}

		var sr struct {
			ID, Status, Intent, AuthoredOn string
			Subject, Requester             struct{ Reference, Display string }
			Performer                      []struct{ Reference, Display string }
			ReasonCode                     []struct{ Text string }
		}
		b := fhirBundleAt(t, f, fmt.Sprintf("/ServiceRequest?patient=%d&status=on-hold", pid), tok)
		json.Unmarshal(b.Entry[0].Resource, &sr)
		got := fmt.Sprintf("%s %s %s %s|%s|%s %s", sr.Status, sr.Intent, sr.Subject.Reference, sr.Requester.Display, sr.Performer[0].Reference, sr.Performer[0].Display, sr.ReasonCode[0].Text)
		want := fmt.Sprintf("on-hold order Patient/%d Dr Okafor, Riverside Surgery|%s|CEN Service Struggling since leaving hospital", pid, cen)
		if got != want || sr.AuthoredOn == "" {
			t.Errorf("ServiceRequest = %q (authoredOn %q), want %q", got, sr.AuthoredOn, want)
		}
		if id := readFirst(t, f, fmt.Sprintf("/ServiceRequest/%s", sr.ID), tok); id != sr.ID {
			t.Errorf("read ServiceRequest/%s gave %q", sr.ID, id)
		}
		if b := fhirBundleAt(t, f, fmt.Sprintf("/ServiceRequest?patient=%d&_id=%s", pid, sr.ID), tok); b.Total != 1 {
			t.Errorf("_id=%s: total %d, want 1", sr.ID, b.Total)
		}

		var ms struct {
			ID, Status                string
			StatusReason              []struct{ Text string }
			MedicationCodeableConcept struct{ Text string }
			Dosage                    []struct{ Text string }
		}
		b = fhirBundleAt(t, f, fmt.Sprintf("/MedicationStatement?patient=%d&status=stopped", pid), tok)
		json.Unmarshal(b.Entry[0].Resource, &ms)
		if got, want := fmt.Sprintf("%s %s %s %s", ms.Status, ms.MedicationCodeableConcept.Text, ms.Dosage[0].Text, ms.StatusReason[0].Text),
			"stopped Quetiapine 25 mg, at night Made me too drowsy in the day"; got != want {
			t.Errorf("MedicationStatement = %q, want %q", got, want)
		}
		if id := readFirst(t, f, "/MedicationStatement/"+ms.ID, tok); id != ms.ID {
			t.Errorf("read MedicationStatement/%s gave %q", ms.ID, id)
		}

		var cp struct {
			ID       string
			Category []struct{ Coding []struct{ Code string } }
			Note     []struct{ Text string }
		}
		b = fhirBundleAt(t, f, fmt.Sprintf("/CarePlan?patient=%d&category=crisis-plan", pid), tok)
		json.Unmarshal(b.Entry[0].Resource, &cp)
		var notes []string
		for _, n := range cp.Note {
			notes = append(notes, n.Text)
		}
		if joined := strings.Join(notes, "\n"); !strings.Contains(joined, "Warning signs: I stop answering my phone and stay in bed") ||
			!strings.Contains(joined, "What I can do: Walk the dog round the park") || cp.Category[0].Coding[0].Code != "crisis-plan" {
			t.Errorf("crisis plan CarePlan: category %+v, notes %q", cp.Category, notes)
		}
		if id := readFirst(t, f, "/CarePlan/"+cp.ID, tok); id != cp.ID {
			t.Errorf("read CarePlan/%s gave %q", cp.ID, id)
		}
	})
}

// idOf is a resource's id.
func idOf(t *testing.T, resource []byte) string {
	t.Helper()
	var head struct{ ID string }
	if err := json.Unmarshal(resource, &head); err != nil {
		t.Fatal(err)
	}
	return head.ID
}

// readFirst reads one resource and returns its id.
func readFirst(t *testing.T, f *fixture, path, token string) string {
	t.Helper()
	status, body := fhirGet(t, f, path, token)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	var head struct{ ID string }
	json.Unmarshal(body, &head)
	return head.ID
}

// TestFHIRNewPersonTypesRefuseOutsiders: a clinician with no relationship
// and a commissioner are refused every search and read of the referral,
// medicine, crisis plan, carer and consent resources, with a forbidden
// OperationOutcome.
func TestFHIRNewPersonTypesRefuseOutsiders(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		addFHIRReferralRecords(t, f)
		clin, _ := f.session(t, f.users[auth.Clinician])
		outsider, _ := f.session(t, f.outsider)
		comm, _ := f.session(t, f.users[auth.Commissioner])
		pid := f.person.ID
		var paths []string
		for _, typ := range []string{"ServiceRequest", "MedicationStatement", "CarePlan", "RelatedPerson", "Consent"} {
			b := fhirBundleAt(t, f, fmt.Sprintf("/%s?patient=%d", typ, pid), clin)
			var head struct{ ID string }
			json.Unmarshal(b.Entry[0].Resource, &head)
			paths = append(paths, fmt.Sprintf("/%s?patient=%d", typ, pid), "/"+typ+"/"+head.ID)
		}
		for _, who := range []struct{ name, token string }{{"unrelated clinician", outsider}, {"commissioner", comm}} {
			for _, p := range paths {
				status, body := fhirGet(t, f, p, who.token)
				if status != 403 || outcomeCode(t, body) != "forbidden" {
					t.Errorf("%s GET %s: %d %s, want 403 forbidden", who.name, p, status, body)
				}
			}
		}
	})
}

// TestFHIRBulkExportHasNewTypes: a system export carries the referrals,
// medicines and crisis plan as ServiceRequest, MedicationStatement and
// CarePlan lines and the fixture's carer as RelatedPerson and Consent,
// each valid FHIR R4.
func TestFHIRBulkExportHasNewTypes(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		addFHIRReferralRecords(t, f)
		ec := registerClient(t, f, "trust-epr", "system/*.rs", false)
		tok := ec.token(t, f)
		res, body := bearerGet(t, f, "GET", fhirBase+"/$export?_type=ServiceRequest,MedicationStatement,CarePlan,RelatedPerson,Consent", tok,
			map[string]string{"Prefer": "respond-async", "Accept": "application/fhir+json"})
		if res.StatusCode != 202 {
			t.Fatalf("kick-off: %d %s", res.StatusCode, body)
		}
		status := strings.TrimPrefix(res.Header.Get("Content-Location"), f.ts.URL)
		if ran, err := f.srv.RunOneFHIRExport(context.Background(), "test"); err != nil || !ran {
			t.Fatalf("worker: ran %v, %v", ran, err)
		}
		res, body = bearerGet(t, f, "GET", status, tok, nil)
		var m struct{ Output []struct{ Type, URL string } }
		if err := json.Unmarshal([]byte(body), &m); res.StatusCode != 200 || err != nil {
			t.Fatalf("manifest: %d %s", res.StatusCode, body)
		}
		counts := map[string]int{}
		for _, o := range m.Output {
			_, file := bearerGet(t, f, "GET", strings.TrimPrefix(o.URL, f.ts.URL), tok, nil)
			for _, line := range strings.Split(strings.TrimSpace(file), "\n") {
				fhirtest.Check(t, []byte(line))
				counts[o.Type]++
			}
		}
		if got, want := fmt.Sprint(counts), fmt.Sprint(map[string]int{"CarePlan": 1, "Consent": 1, "MedicationStatement": 2, "RelatedPerson": 1, "ServiceRequest": 2}); got != want {
			t.Errorf("export counts = %s, want %s", got, want)
		}
	})
}
