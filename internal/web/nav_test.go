package web

import (
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestNavLinksOnlyWhereTheRoleMayGo: every link in each role's main
// navigation is a page that role may open (a carer's once led to seven
// staff pages, each refused), and the home page is in each.
func TestNavLinksOnlyWhereTheRoleMayGo(t *testing.T) {
	t.Parallel()
	s := &Server{}
	pages := map[string]auth.Policy{}
	for _, rt := range s.routes() {
		if path, ok := strings.CutPrefix(rt.pattern, http.MethodGet+" "); ok {
			pages[strings.TrimSuffix(path, "{$}")] = rt.policy
		}
	}
	for _, role := range auth.Roles {
		links := navFor(&auth.User{Role: role}, "/")
		if len(links) == 0 || links[0].Href != "/" {
			t.Errorf("%s: the navigation does not start at the home page: %v", role, links)
		}
		for _, l := range links {
			p, ok := pages[l.Href]
			if !ok {
				t.Errorf("%s: %q links to no page", role, l.Href)
				continue
			}
			if !p.Allows(role) {
				t.Errorf("%s: %q links to %s, which the %s policy refuses them", role, l.Label, l.Href, p.Name)
			}
		}
	}
}
