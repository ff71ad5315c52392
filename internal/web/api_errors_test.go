package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"throughline/internal/auth"
)

// TestAPIRefusalsAreJSON: a client of the JSON API gets every refusal as
// JSON with the right status, never a sign-in redirect, an emergency-access
// form or an HTML page.
func TestAPIRefusalsAreJSON(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		clin, _ := f.session(t, f.users[auth.Clinician])
		user, _ := f.session(t, f.users[auth.ServiceUser])
		comm, _ := f.session(t, f.users[auth.Commissioner])
		tests := []struct {
			name   string
			method string
			path   string
			token  string
			want   int
		}{
			{"not signed in", "GET", fmt.Sprintf("/api/people/%d/measures", f.person.ID), "", http.StatusUnauthorized},
			{"role without access", "GET", fmt.Sprintf("/api/people/%d/measures", f.person.ID), comm, http.StatusForbidden},
			{"someone else's record", "GET", fmt.Sprintf("/api/people/%d/measures", f.stranger.ID), user, http.StatusForbidden},
			{"no care relationship (no emergency access by API)", "GET", fmt.Sprintf("/api/people/%d/measures", f.stranger.ID), clin, http.StatusForbidden},
			{"missing person", "GET", "/api/people/999999/measures", clin, http.StatusNotFound},
			{"no CSRF token", "POST", fmt.Sprintf("/api/people/%d/measures/phq-9", f.person.ID), user, http.StatusForbidden},
		}
		for _, tt := range tests {
			res, body := f.do(t, tt.method, tt.path, tt.token, nil)
			if res.StatusCode != tt.want {
				t.Errorf("%s: status = %d, want %d", tt.name, res.StatusCode, tt.want)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("%s: content type = %q, want JSON", tt.name, ct)
			}
			var got struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil || got.Error == "" {
				t.Errorf("%s: body %q is not a JSON error: %v", tt.name, body, err)
			}
		}
	})
}
