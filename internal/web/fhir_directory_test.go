package web

import (
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
