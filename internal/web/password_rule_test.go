package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestWeakPasswordsRefusedWhereverSet: creating an account refuses a
// common, repeated or name-containing password with the rule's words.
func TestWeakPasswordsRefusedWhereverSet(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		admin, csrf := f.session(t, f.users[auth.SystemAdmin])
		tests := []struct {
			password, want string
		}{
			{"aaaaaaaaaaaa", "repeated character or a simple sequence"},
			{"password1234", "list of common passwords"},
			{"jpk7 likes tea a lot", "must not contain the username"},
			{"tea with Jordan please", "must not contain the person&#39;s name"},
		}
		for _, tt := range tests {
			form := url.Values{"csrf_token": {csrf}, "username": {"jpk7"}, "display_name": {"Jordan Pike"}, "role": {"admin"}, "password": {tt.password}}
			res, body := f.do(t, "POST", "/admin/users", admin, form)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) {
				t.Errorf("password %q: status %d, want 422 with %q", tt.password, res.StatusCode, tt.want)
			}
		}
	})
}
