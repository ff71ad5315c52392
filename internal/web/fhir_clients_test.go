package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// TestFHIRClientsPage: the system administrator registers a FHIR API
// client from the page (a bad key and a taken id are refused on their
// boxes, with what was typed kept), sees it listed with its token in use,
// disables it (its token stops working at once and it gets no new one),
// and enables it again (a new token works). Each change is audited.
func TestFHIRClientsPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		admin, csrf := f.session(t, f.users[auth.SystemAdmin])
		if _, body := f.do(t, "GET", fhirClientsURL, admin, nil); !strings.Contains(body, "No client is registered") {
			t.Error("the empty page does not say no client is registered")
		}
		c, public := newClientKey(t, "regional-ics", "system/*.rs", false)
		form := url.Values{"csrf_token": {csrf}, "client_id": {c.id}, "name": {"Kingsmere ICS analytics"}, "scopes": {c.scopes}, "public_key": {"not a key"}}
		res, body := f.do(t, "POST", fhirClientsURL, admin, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="public_key-error"`) || !strings.Contains(body, `value="Kingsmere ICS analytics"`) {
			t.Errorf("a bad key: %d, want 422 on the key with the name kept", res.StatusCode)
		}
		form.Set("public_key", public)
		if res, body := f.do(t, "POST", fhirClientsURL, admin, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d\n%s", res.StatusCode, body)
		}
		if res, body := f.do(t, "POST", fhirClientsURL, admin, form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="client_id-error"`) {
			t.Errorf("the same id again: %d, want 422 on the client id", res.StatusCode)
		}
		token := c.token(t, f)
		// A valid token reaches the export's status (no such job); a
		// refused one is 401.
		status := func() int {
			res, _ := bearerGet(t, f, "GET", fhirBase+"/$export-status/999999", token, nil)
			return res.StatusCode
		}
		if got, want := status(), http.StatusNotFound; got != want {
			t.Fatalf("with its token: %d, want %d", got, want)
		}
		_, body = f.do(t, "GET", fhirClientsURL, admin, nil)
		row := regexp.MustCompile(`(?s)<tr>\s*<td>Kingsmere ICS analytics</td>.*?</tr>`).FindString(body)
		if !strings.Contains(row, "<code>regional-ics</code>") || !strings.Contains(row, `<td class="tl-num">1</td>`) || !strings.Contains(row, "Enabled") {
			t.Fatalf("the list's row for the client: %q", row)
		}
		action := regexp.MustCompile(`action="(/admin/fhir-clients/\d+)/disable"`).FindStringSubmatch(row)
		if action == nil {
			t.Fatal("the row has no disable button")
		}
		post := func(path string) int {
			res, _ := f.do(t, "POST", path, admin, url.Values{"csrf_token": {csrf}})
			return res.StatusCode
		}
		if got := post(action[1] + "/disable"); got != http.StatusSeeOther {
			t.Fatalf("disable: %d", got)
		}
		if got, want := status(), http.StatusUnauthorized; got != want {
			t.Errorf("its token after disabling: %d, want %d", got, want)
		}
		if got, out := requestToken(t, f, c.assertion(t, c.claims(f), nil), ""); got == http.StatusOK {
			t.Errorf("a new token for a disabled client: %d %v", got, out)
		}
		if got, want := post(action[1]+"/disable"), http.StatusConflict; got != want {
			t.Errorf("disable twice: %d, want %d", got, want)
		}
		if got := post(action[1] + "/enable"); got != http.StatusSeeOther {
			t.Fatalf("enable: %d", got)
		}
		token = c.token(t, f)
		if got, want := status(), http.StatusNotFound; got != want {
			t.Errorf("a new token after enabling: %d, want %d", got, want)
		}
		for _, a := range []string{auth.ActionCreate, auth.ActionFHIRClientDisable, auth.ActionFHIRClientEnable} {
			events, err := f.db.AuditEvents(ctx, store.AuditFilter{Action: a, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range events {
				found = found || (e.Record == "fhir-client/regional-ics" && e.Username == f.users[auth.SystemAdmin].Username)
			}
			if !found {
				t.Errorf("no %s event for the client by the administrator", a)
			}
		}
		clin, _ := f.session(t, f.users[auth.Clinician])
		if res, _ := f.do(t, "GET", fhirClientsURL, clin, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a clinician opening the page: %d, want 403", res.StatusCode)
		}
		if got, want := post(fmt.Sprintf("%s/%d/enable", fhirClientsURL, 999999)), http.StatusNotFound; got != want {
			t.Errorf("no such client: %d, want %d", got, want)
		}
	})
}
