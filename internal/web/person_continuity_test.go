package web

import (
	"fmt"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestPersonPageContinuity: staff caring for someone see continuity of
// care on their record; a referrer does not.
func TestPersonPageContinuity(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		path := fmt.Sprintf("/people/%d", f.person.ID)
		tests := []struct {
			role auth.Role
			want bool
		}{
			{auth.Clinician, true},
			{auth.TeamManager, true},
			{auth.Referrer, false},
		}
		for _, tt := range tests {
			token, _ := f.session(t, f.users[tt.role])
			res, body := f.do(t, "GET", path, token, nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: status %d", tt.role, res.StatusCode)
			}
			if got := strings.Contains(body, `id="continuity"`); got != tt.want {
				t.Errorf("%s sees continuity = %v, want %v", tt.role, got, tt.want)
			}
		}
		token, _ := f.session(t, f.users[auth.Clinician])
		_, body := f.do(t, "GET", path, token, nil)
		if !strings.Contains(body, "No contact recorded yet") || !strings.Contains(body, "No contact for over 28 days") {
			t.Errorf("a person with no contact should be shown as such and flagged")
		}
	})
}
