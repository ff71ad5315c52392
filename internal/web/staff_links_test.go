package web

import (
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestStaffPagesAreLinked: the language guide, the consultations and
// "Before you refer" are reached by clicking, by everyone who may use
// them: from Staff support for care staff (the team manager keeps the
// lexicon there, a specialist clinician records advice there) and from
// the referrer's home for the referrer who asks and checks; none is
// offered to the auditor, who may open none.
func TestStaffPagesAreLinked(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		for _, tt := range []struct {
			role       auth.Role
			page, link string
			want       bool
		}{
			{auth.TeamManager, "/supervision", `<a href="/language">Language guide</a>`, true},
			{auth.Clinician, "/supervision", `<a href="/language">Language guide</a>`, true},
			{auth.PeerWorker, "/supervision", `<a href="/language">Language guide</a>`, true},
			{auth.Auditor, "/supervision", `<a href="/language">Language guide</a>`, false},
			{auth.Clinician, "/supervision", `<a href="/consultations">Consultations</a>`, true},
			{auth.TeamManager, "/supervision", `<a href="/consultations">Consultations</a>`, true},
			{auth.Auditor, "/supervision", `<a href="/consultations">Consultations</a>`, false},
			{auth.Referrer, "/", `<a href="/consultations">Ask a specialist team for advice</a>`, true},
			{auth.Referrer, "/", `<a href="/refer/check">Before you refer</a>`, true},
		} {
			tok, _ := f.session(t, f.users[tt.role])
			res, body := f.do(t, "GET", tt.page, tok, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %s %d", tt.role, tt.page, res.StatusCode)
			}
			if got := strings.Contains(body, tt.link); got != tt.want {
				t.Errorf("%s: %s has %s: %v, want %v", tt.role, tt.page, tt.link, got, tt.want)
			}
		}
	})
}
