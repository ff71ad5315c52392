package web

import (
	"context"
	"fmt"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/openreferral"
)

// TestFHIRHealthcareService: the directory's services are served as
// HealthcareService with the Open Referral UUID as id, so a
// ServiceRequest's performer reads as the service it names; _id narrows
// the search, an unknown id is 404, and the directory (no personal data)
// is open to a commissioner too.
func TestFHIRHealthcareService(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		addFHIRReferralRecords(t, f)
		clin, _ := f.session(t, f.users[auth.Clinician])
		comm, _ := f.session(t, f.users[auth.Commissioner])
		id := openreferral.ServiceID("cen")
		for _, c := range []struct {
			path string
			want int
		}{
			{"/HealthcareService", 1},
			{"/HealthcareService?_id=" + id, 1},
			{"/HealthcareService?_id=" + openreferral.ServiceID("elsewhere"), 0},
		} {
			if b := fhirBundleAt(t, f, c.path, comm); b.Total != c.want {
				t.Errorf("%s: total %d, want %d", c.path, b.Total, c.want)
			}
		}
		var sr struct{ Performer []struct{ Reference string } }
		b := fhirBundleAt(t, f, fmt.Sprintf("/ServiceRequest?patient=%d", f.person.ID), clin)
		readAs(t, f, "/ServiceRequest/"+idOf(t, b.Entry[0].Resource), clin, &sr)
		var hs struct {
			ID, Name   string
			Identifier []struct{ Value string }
		}
		readAs(t, f, "/"+sr.Performer[0].Reference, clin, &hs)
		if got, want := fmt.Sprintf("%s %s %s", hs.ID, hs.Name, hs.Identifier[0].Value), id+" CEN Service cen"; got != want {
			t.Errorf("performer reads as %q, want %q", got, want)
		}
		if status, body := fhirGet(t, f, "/HealthcareService/"+openreferral.ServiceID("elsewhere"), clin); status != 404 || outcomeCode(t, body) != "not-found" {
			t.Errorf("unknown service: %d %s", status, body)
		}
	})
}

// TestFHIROrganizationAndLocation: a service's organisation and place are
// served as Organization and Location under the Open Referral UUIDs, and
// the service's providedBy and location references read as them.
func TestFHIROrganizationAndLocation(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		svc, err := f.db.Service(ctx, "cen")
		if err != nil {
			t.Fatal(err)
		}
		svc.Organization, svc.Contact.Address = "Riverside NHS Trust", "Riverside House, 1 Mill Lane"
		if err := f.db.SaveService(ctx, auth.Actor{User: f.users[auth.TeamManager]}, &svc); err != nil {
			t.Fatal(err)
		}
		comm, _ := f.session(t, f.users[auth.Commissioner])
		var hs struct {
			ProvidedBy struct{ Reference string }
			Location   []struct{ Reference string }
		}
		readAs(t, f, "/HealthcareService/"+openreferral.ServiceID("cen"), comm, &hs)
		if got, want := hs.ProvidedBy.Reference, "Organization/"+openreferral.OrganizationID("Riverside NHS Trust"); got != want {
			t.Fatalf("providedBy = %q, want %q", got, want)
		}
		if len(hs.Location) != 1 || hs.Location[0].Reference != "Location/"+openreferral.LocationID("cen") {
			t.Fatalf("location = %+v, want the service's place", hs.Location)
		}
		var org struct{ Name string }
		readAs(t, f, "/"+hs.ProvidedBy.Reference, comm, &org)
		var loc struct {
			Name    string
			Address struct{ Text string }
		}
		readAs(t, f, "/"+hs.Location[0].Reference, comm, &loc)
		if got, want := org.Name+" / "+loc.Name+" / "+loc.Address.Text, "Riverside NHS Trust / CEN Service / Riverside House, 1 Mill Lane"; got != want {
			t.Errorf("organisation / place = %q, want %q", got, want)
		}
		for _, c := range []struct {
			path string
			want int
		}{
			{"/Organization", 1},
			{"/Organization?_id=" + openreferral.OrganizationID("Nobody"), 0},
			{"/Location", 1},
		} {
			if b := fhirBundleAt(t, f, c.path, comm); b.Total != c.want {
				t.Errorf("%s: total %d, want %d", c.path, b.Total, c.want)
			}
		}
		if status, body := fhirGet(t, f, "/Location/"+openreferral.LocationID("elsewhere"), comm); status != 404 || outcomeCode(t, body) != "not-found" {
			t.Errorf("unknown place: %d %s", status, body)
		}
	})
}
