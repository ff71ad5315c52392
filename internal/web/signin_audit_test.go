package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// TestSignInAndOutAreAudited: every sign-in, right or wrong, and every
// sign-out is an event in the audit chain; a failure records the username
// tried and the address, never the password.
func TestSignInAndOutAreAudited(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := f.users[auth.Clinician]
		const wrong = "not the password at all"
		c := f.browser(t)
		f.login(t, c, "nobody-here", wrong)
		f.login(t, c, "Clinician", wrong)
		res, body := f.login(t, c, "clinician", testPassword)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("sign-in: status %d", res.StatusCode)
		}
		m := hiddenCSRF.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no sign-out form")
		}
		if res, err := c.PostForm(f.ts.URL+"/logout", url.Values{"csrf_token": {m[1]}}); err != nil {
			t.Fatal(err)
		} else {
			res.Body.Close()
		}

		events, err := f.db.AuditEvents(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		type summary struct {
			action, username string
			userID           int64
			role             auth.Role
			reason           string
		}
		var got []summary
		for i := len(events) - 1; i >= 0; i-- { // oldest first
			e := events[i]
			if e.Record != "session" {
				continue
			}
			got = append(got, summary{e.Action, e.Username, e.UserID, e.Role, e.Reason})
			for _, field := range []string{e.Username, e.Record, e.Reason} {
				if strings.Contains(field, wrong) || strings.Contains(field, testPassword) {
					t.Errorf("audit event %d holds a password: %+v", e.Seq, e)
				}
			}
		}
		want := []summary{
			{auth.ActionLoginFail, "nobody-here", 0, "", "from 127.0.0.1"},
			{auth.ActionLoginFail, "clinician", clin.ID, auth.Clinician, "from 127.0.0.1"},
			{auth.ActionLogin, "clinician", clin.ID, auth.Clinician, "from 127.0.0.1"},
			{auth.ActionLogout, "clinician", clin.ID, auth.Clinician, ""},
		}
		if len(got) != len(want) {
			t.Fatalf("sign-in events = %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
			}
		}
		if _, err := f.db.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}
