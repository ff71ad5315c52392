package web

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"throughline/internal/auth"
)

var update = flag.Bool("update", false, "rewrite golden files")

// policyTable renders every route × role decision, one route a line.
func policyTable(routes []route) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-38s %-20s", "route", "policy")
	for _, r := range auth.Roles {
		fmt.Fprintf(&b, " %-4.4s", r)
	}
	b.WriteString("\n")
	for _, rt := range routes {
		fmt.Fprintf(&b, "%-38s %-20s", rt.pattern, rt.policy.Name)
		for _, r := range auth.Roles {
			mark := "-"
			if rt.policy.Allows(r) {
				mark = "yes"
				if rt.policy.PersonRecord {
					mark = "rel"
				}
			}
			fmt.Fprintf(&b, " %-4s", mark)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestPolicyTableGolden pins who may use which route. A change in access is
// a reviewed change to testdata/policy.golden (go test -run Golden -update).
func TestPolicyTableGolden(t *testing.T) {
	s := &Server{}
	got := policyTable(s.routes())
	const path = "testdata/policy.golden"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("route × role table changed; if intended run go test ./internal/web -run Golden -update\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestEveryRouteDeclaresAPolicy(t *testing.T) {
	s := &Server{}
	seen := map[string]bool{}
	for _, rt := range s.routes() {
		if !rt.policy.Declared() {
			t.Errorf("route %s has no access policy", rt.pattern)
		}
		if seen[rt.pattern] {
			t.Errorf("route %s declared twice", rt.pattern)
		}
		seen[rt.pattern] = true
	}
	defer func() {
		if recover() == nil {
			t.Error("guard accepted a route without a policy")
		}
	}()
	s.guard(route{pattern: "GET /nope", handle: func(http.ResponseWriter, *http.Request) error { return nil }})
}

// TestRouteRoleMatrix sends every non-public route a request from every role
// and checks the guard's answer against the declared policy.
func TestRouteRoleMatrix(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		for _, rt := range f.srv.routes() {
			if rt.policy.Public {
				continue
			}
			method, path, _ := strings.Cut(rt.pattern, " ")
			// An account route names the outsider's account: with the
			// person's id it would reset, say, the clinician's password
			// (user 1) and every route tested after it would be refused.
			id := f.person.ID
			if strings.HasPrefix(path, "/admin/users/") {
				id = f.outsider.ID
			}
			path = strings.ReplaceAll(path, "{id}", fmt.Sprint(id))
			path = strings.ReplaceAll(path, "{$}", "")
			// staff branch: the account routes act on the user whose id is
			// in the path; the person's id can also be a role user's, whose
			// password reset or deactivation would then deny every route
			// after it in the table. The outsider is no role's user.
			if strings.HasPrefix(rt.pattern, "POST /admin/users/{id}") {
				path = strings.Replace(path, fmt.Sprint(f.person.ID), fmt.Sprint(f.outsider.ID), 1)
			}
			for _, role := range auth.Roles {
				token, csrf := f.session(t, f.users[role])
				var form url.Values
				if method == http.MethodPost {
					form = url.Values{"csrf_token": {csrf}}
				}
				res, body := f.do(t, method, path, token, form)
				allowed := rt.policy.Allows(role)
				denied := res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized
				// fhir: earlier routes in this walk reset a password and turn two-factor
				// sign-in on; pages then redirect the account to its own gate, while an
				// API (/fhir/) refuses with 403 saying why. That is the gate, not the policy.
				if allowed && denied && isAPI(httptest.NewRequest(method, path, nil)) &&
					(strings.Contains(body, "two-factor sign-in before") || strings.Contains(body, "Choose a new password before")) {
					denied = false
				}
				if allowed == denied {
					t.Errorf("%s as %s: status %d, allowed by policy = %v", rt.pattern, role, res.StatusCode, allowed)
				}
				if res.StatusCode >= 500 {
					t.Errorf("%s as %s: status %d\n%s", rt.pattern, role, res.StatusCode, body)
				}
			}
			// Signed out: GET goes to sign-in, anything else (and the JSON
			// API, whose clients cannot follow a sign-in form) is refused.
			res, _ := f.do(t, method, path, "", nil)
			api := isAPI(httptest.NewRequest(method, path, nil)) // fhir: /fhir/ answers as an API
			if api && res.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s signed out: status %d, want 401", rt.pattern, res.StatusCode)
			}
			if method == http.MethodGet && !api && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login")) {
				t.Errorf("%s signed out: status %d location %q, want redirect to /login", rt.pattern, res.StatusCode, res.Header.Get("Location"))
			}
			if method != http.MethodGet && res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusForbidden {
				t.Errorf("%s signed out: status %d, want 401 or 403", rt.pattern, res.StatusCode)
			}
		}
	})
}
