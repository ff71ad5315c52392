package web

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
)

// TestFHIRCarersAndConsent: each carer is a RelatedPerson and the
// person's consent to share with them a Consent: active until withdrawn
// (then inactive, the record kept), the provision's period ending on the
// date the person chose, and the kinds of record shared as
// provision.class; each searches by patient, _id, _lastUpdated, status or
// active, reads by id and validates against the R4 schema.
func TestFHIRCarersAndConsent(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		a := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		now := f.db.Now()
		until := now.AddDate(0, 2, 0)
		mother := care.Carer{PersonID: f.person.ID, Name: "Sam Parent", Relationship: "Mother", Contact: "07700 900123",
			Share: care.CarerShare{CarePlan: true, Medication: true}, ConsentOn: now.AddDate(0, 0, -10), Until: until}
		friend := care.Carer{PersonID: f.person.ID, Name: "Jo Friend", Relationship: "Friend", Share: care.CarerShare{Appointments: true}, ConsentOn: now.AddDate(0, 0, -20)}
		for _, c := range []*care.Carer{&mother, &friend} {
			if err := f.db.AddCarer(ctx, a, c); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.db.WithdrawCarerConsent(ctx, a, f.person.ID, friend.ID, friend.Version, "We are not in touch now"); err != nil {
			t.Fatal(err)
		}
		tok, _ := f.session(t, f.users[auth.Clinician])
		pid := f.person.ID
		for _, c := range []struct {
			query string
			want  int
		}{
			{"/RelatedPerson?", 3},
			{"/RelatedPerson?active=true", 2},
			{"/RelatedPerson?active=false", 1},
			{"/Consent?", 3},
			{"/Consent?status=active", 2},
			{"/Consent?status=inactive", 1},
			{fmt.Sprintf("/Consent?_id=%d-%d", pid, mother.ID), 1},
			// The fixture's carer consented today and the friend's consent
			// was withdrawn today; the mother's was given ten days ago.
			{"/Consent?_lastUpdated=ge" + now.Format("2006-01-02"), 2},
			{"/Consent?_lastUpdated=lt" + now.Format("2006-01-02"), 1},
		} {
			path := fmt.Sprintf("%s&patient=%d", c.query, pid)
			if b := fhirBundleAt(t, f, path, tok); b.Total != c.want {
				t.Errorf("%s: total %d, want %d", path, b.Total, c.want)
			}
		}

		var consent struct {
			ID, Status string
			Provision  struct {
				Period struct{ Start, End string }
				Actor  []struct{ Reference struct{ Reference string } }
				Class  []struct{ Code string }
			}
		}
		readAs(t, f, fmt.Sprintf("/Consent/%d-%d", pid, mother.ID), tok, &consent)
		got := fmt.Sprintf("%s %s..%s %s %v", consent.Status, consent.Provision.Period.Start, consent.Provision.Period.End,
			consent.Provision.Actor[0].Reference.Reference, consent.Provision.Class)
		want := fmt.Sprintf("active %s..%s RelatedPerson/%d-%d [{care-plan} {medication}]", mother.ConsentOn.Format("2006-01-02"), until.Format("2006-01-02"), pid, mother.ID)
		if got != want {
			t.Errorf("Consent = %q, want %q", got, want)
		}
		var withdrawn struct{ Status string }
		readAs(t, f, fmt.Sprintf("/Consent/%d-%d", pid, friend.ID), tok, &withdrawn)
		var rp struct {
			Active       bool
			Name         []struct{ Text string }
			Relationship []struct{ Text string }
		}
		readAs(t, f, fmt.Sprintf("/RelatedPerson/%d-%d", pid, friend.ID), tok, &rp)
		if withdrawn.Status != "inactive" || rp.Active || rp.Name[0].Text != "Jo Friend" || rp.Relationship[0].Text != "Friend" {
			t.Errorf("withdrawn carer: consent %q, related person %+v", withdrawn.Status, rp)
		}
	})
}

// readAs reads one resource into v.
func readAs(t *testing.T, f *fixture, path, token string, v any) {
	t.Helper()
	status, body := fhirGet(t, f, path, token)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatal(err)
	}
}
