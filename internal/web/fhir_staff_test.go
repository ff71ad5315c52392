package web

import (
	"fmt"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/openreferral"
)

// TestFHIRPractitioners: care staff are Practitioners and
// PractitionerRoles (name, profession, teams as the service each runs),
// paged in the database, with no account field in what is served; other
// roles' users are not staff here, and a commissioner is refused.
func TestFHIRPractitioners(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		tok, _ := f.session(t, f.users[auth.Clinician])
		clin := f.users[auth.Clinician]
		// Clinician, peer worker, administrator, team manager and the outsider.
		first := fhirBundleAt(t, f, "/Practitioner?_count=2", tok)
		if first.Total != 5 || len(first.Entry) != 2 || first.link("next") == "" {
			t.Errorf("first page: total %d, %d entries, links %+v", first.Total, len(first.Entry), first.Link)
		}
		for _, c := range []struct {
			path string
			want int
		}{
			{fmt.Sprintf("/PractitionerRole?_id=%d", clin.ID), 1},
			{fmt.Sprintf("/Practitioner?_id=%d", f.users[auth.Referrer].ID), 0},
			{"/Practitioner?_id=abc", 0},
		} {
			if b := fhirBundleAt(t, f, c.path, tok); b.Total != c.want {
				t.Errorf("%s: total %d, want %d", c.path, b.Total, c.want)
			}
		}
		var role struct {
			Practitioner      struct{ Reference, Display string }
			Code              []struct{ Text string }
			HealthcareService []struct{ Reference, Display string }
		}
		readAs(t, f, fmt.Sprintf("/PractitionerRole/%d", clin.ID), tok, &role)
		got := fmt.Sprintf("%s %s %s %s %s", role.Practitioner.Reference, role.Practitioner.Display, role.Code[0].Text, role.HealthcareService[0].Reference, role.HealthcareService[0].Display)
		want := fmt.Sprintf("Practitioner/%d Test Clinician psychologist HealthcareService/%s CEN Community Team", clin.ID, openreferral.ServiceID("cen"))
		if got != want {
			t.Errorf("PractitionerRole = %q, want %q", got, want)
		}
		for _, p := range []string{fmt.Sprintf("/Practitioner/%d", clin.ID), fmt.Sprintf("/PractitionerRole/%d", clin.ID)} {
			_, body := fhirGet(t, f, p, tok)
			for _, secret := range []string{clin.PasswordHash, `"username"`, "password", "clinician\""} {
				if strings.Contains(string(body), secret) {
					t.Errorf("%s shows %q: %s", p, secret, body)
				}
			}
		}
		if status, _ := fhirGet(t, f, fmt.Sprintf("/Practitioner/%d", f.users[auth.Referrer].ID), tok); status != 404 {
			t.Errorf("a referrer read as a Practitioner: %d, want 404", status)
		}
		comm, _ := f.session(t, f.users[auth.Commissioner])
		if status, _ := fhirGet(t, f, "/Practitioner", comm); status != 403 {
			t.Errorf("commissioner: %d, want 403", status)
		}
	})
}
