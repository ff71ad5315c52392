package web

import (
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestStaffSupportLinksTheLanguageGuide: the language guide is reached from
// Staff support by everyone who may read it (the team manager keeps its
// lexicon there), and not offered to the auditor, who may not.
func TestStaffSupportLinksTheLanguageGuide(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		for _, tt := range []struct {
			role auth.Role
			want bool
		}{
			{auth.TeamManager, true},
			{auth.Clinician, true},
			{auth.PeerWorker, true},
			{auth.Auditor, false},
		} {
			tok, _ := f.session(t, f.users[tt.role])
			res, body := f.do(t, "GET", "/supervision", tok, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: /supervision %d", tt.role, res.StatusCode)
			}
			if got := strings.Contains(body, `<a href="/language">Language guide</a>`); got != tt.want {
				t.Errorf("%s: links the language guide %v, want %v", tt.role, got, tt.want)
			}
		}
	})
}
