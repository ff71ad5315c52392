package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/store"
)

// TestEveryRecordPageIsAudited: opening any page of a person's record
// (every GET route whose only parameter is the person) as their clinician
// appends at least one audit event for that person. A page that shows a
// record without recording who looked would fail here.
func TestEveryRecordPageIsAudited(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		token, _ := f.session(t, f.users[auth.Clinician])
		count := func() int {
			evs, err := f.db.AuditEvents(ctx, store.AuditFilter{PersonID: f.person.ID, Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		checked := 0
		for _, rt := range f.srv.routes() {
			method, path, _ := strings.Cut(rt.pattern, " ")
			if method != http.MethodGet || !strings.HasPrefix(path, "/people/{id}") || strings.Count(path, "{") != 1 ||
				!rt.policy.PersonRecord || !rt.policy.Allows(auth.Clinician) {
				continue
			}
			url := strings.Replace(path, "{id}", fmt.Sprint(f.person.ID), 1)
			before := count()
			res, _ := f.do(t, method, url, token, nil)
			if res.StatusCode != http.StatusOK {
				continue // pages that need more than the person (a form for a missing episode) are covered elsewhere
			}
			checked++
			if count() == before {
				t.Errorf("GET %s showed the record without an audit event", url)
			}
		}
		if checked < 10 {
			t.Errorf("only %d record pages checked; the route filter is too narrow", checked)
		}
	})
}
