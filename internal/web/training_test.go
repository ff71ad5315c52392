package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestTrainingRequestApproveAndMatrix: a clinician asks to attend and
// records a completion through the page's forms; the manager answers the
// request and sees the matrix; a clinician cannot open the matrix.
func TestTrainingRequestApproveAndMatrix(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin, csrf := f.session(t, f.users[auth.Clinician])
		_, body := f.do(t, "GET", "/training", clin, nil)
		m := regexp.MustCompile(`<option value="(\d+)">Trauma-informed care</option>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("the catalogue does not offer trauma-informed care")
		}
		if res, body := f.do(t, "POST", "/training/request", clin, url.Values{"csrf_token": {csrf}, "request_course": {"999999"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose a course from the catalogue") {
			t.Errorf("unknown course: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/training/request", clin, url.Values{"csrf_token": {csrf}, "request_course": {m[1]}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("request: %d", res.StatusCode)
		}
		if res, body := f.do(t, "POST", "/training/completed", clin, url.Values{"csrf_token": {csrf}, "course": {m[1]}, "completed_on": {"2999-01-01"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot be in the future") {
			t.Errorf("future completion: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "GET", "/training/matrix", clin, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("clinician opens the matrix: %d, want 403", res.StatusCode)
		}
		boss, bcsrf := f.session(t, f.users[auth.TeamManager])
		_, body = f.do(t, "GET", "/training", boss, nil)
		rm := regexp.MustCompile(`action="/training/requests/(\d+)"`).FindStringSubmatch(body)
		if rm == nil {
			t.Fatal("the manager does not see the request")
		}
		if res, _ := f.do(t, "POST", "/training/requests/"+rm[1], boss, url.Values{"csrf_token": {bcsrf}, "decision": {"approve"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/training/completed", clin, url.Values{"csrf_token": {csrf}, "course": {m[1]}, "completed_on": {"2026-01-05"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record completion: %d", res.StatusCode)
		}
		res, body := f.do(t, "GET", "/training/matrix", boss, nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "renew by") || !strings.Contains(body, "no one holds") {
			t.Errorf("matrix: %d, want the completion with its renewal and what the team lacks", res.StatusCode)
		}
		if res, _ := f.do(t, "POST", "/training/courses", boss, url.Values{"csrf_token": {bcsrf}, "name": {"Working with carers"}, "provider": {"Carers Centre"},
			"lived_experience": {"co-delivered"}, "renewal_months": {"24"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("add course: %d", res.StatusCode)
		}
		if _, body := f.do(t, "GET", "/training", clin, nil); !strings.Contains(body, "Working with carers") || !strings.Contains(body, "approved") {
			t.Error("the clinician does not see the new course or the approved request")
		}
	})
}
