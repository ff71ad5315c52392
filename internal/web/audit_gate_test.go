package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store/storetest"
)

// TestRecordIsNotSentWhenItsAuditFails: the person page starts its audit
// commit and goes on rendering; the gate holds the page until the event
// has committed. When the commit fails, the clinician gets an error page
// and nothing of the record: not the name, not a 200.
func TestRecordIsNotSentWhenItsAuditFails(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, _ := f.session(t, f.users[auth.Clinician])
		path := fmt.Sprintf("/people/%d", f.person.ID)
		res, body := f.do(t, http.MethodGet, path, token, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, f.person.FamilyName) {
			t.Fatalf("before the fault: GET %s = %d; want the record", path, res.StatusCode)
		}
		// Reads' audit events can no longer be written.
		storetest.BreakReadAudits(t, f.db)
		res, body = f.do(t, http.MethodGet, path, token, nil)
		if got, want := res.StatusCode, http.StatusInternalServerError; got != want {
			t.Errorf("GET %s with the audit failing = %d, want %d", path, got, want)
		}
		if strings.Contains(body, f.person.FamilyName) {
			t.Errorf("GET %s with the audit failing showed the person's name", path)
		}
	})
}
