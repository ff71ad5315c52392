package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store/storetest"
)

// TestRecordIsNotSentWhenItsAuditFails: a record page starts its audit
// commit and goes on rendering; the gate holds the page until the event
// has committed. When the commit fails, the clinician gets an error page
// and nothing of the record: not the name, not a 200. The care plan and
// crisis plan read through the store, which hands their events to the gate.
func TestRecordIsNotSentWhenItsAuditFails(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		token, _ := f.session(t, f.users[auth.Clinician])
		paths := []string{
			fmt.Sprintf("/people/%d", f.person.ID),
			fmt.Sprintf("/people/%d/care-plan", f.person.ID),
			fmt.Sprintf("/people/%d/crisis-plan", f.person.ID),
		}
		for _, path := range paths {
			res, body := f.do(t, http.MethodGet, path, token, nil)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, f.person.FamilyName) {
				t.Fatalf("before the fault: GET %s = %d; want the record", path, res.StatusCode)
			}
		}
		// Reads' audit events can no longer be written.
		storetest.BreakReadAudits(t, f.db)
		for _, path := range paths {
			res, body := f.do(t, http.MethodGet, path, token, nil)
			if got, want := res.StatusCode, http.StatusInternalServerError; got != want {
				t.Errorf("GET %s with the audit failing = %d, want %d", path, got, want)
			}
			if strings.Contains(body, f.person.FamilyName) {
				t.Errorf("GET %s with the audit failing showed the person's name", path)
			}
		}
	})
}

// Every guarded read of a record tells the audit's group commit that its
// event is coming, and says so no longer once it is queued or the read
// ends without one; a read that left itself expected would hold every
// later commit back by the linger's cap.
func TestRecordReadsLeaveNoAuditExpected(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clinician, _ := f.session(t, f.users[auth.Clinician])
		commissioner, _ := f.session(t, f.users[auth.Commissioner])
		for _, c := range []struct {
			name, path, token string
			status            int
		}{
			{"the person page", fmt.Sprintf("/people/%d", f.person.ID), clinician, http.StatusOK},
			{"the care plan", fmt.Sprintf("/people/%d/care-plan", f.person.ID), clinician, http.StatusOK},
			{"a person with no relationship", fmt.Sprintf("/people/%d", f.stranger.ID), clinician, http.StatusSeeOther},
			{"a role the page refuses", fmt.Sprintf("/people/%d", f.person.ID), commissioner, http.StatusForbidden},
			{"no such person", "/people/999999", clinician, http.StatusNotFound},
			{"signed out", fmt.Sprintf("/people/%d", f.person.ID), "", http.StatusSeeOther},
		} {
			res, _ := f.do(t, http.MethodGet, c.path, c.token, nil)
			if res.StatusCode != c.status {
				t.Errorf("%s: GET %s = %d, want %d", c.name, c.path, res.StatusCode, c.status)
			}
			if got := f.db.AuditsExpected(); got != 0 {
				t.Errorf("%s: %d reads still expected after the response, want 0", c.name, got)
			}
		}
	})
}
