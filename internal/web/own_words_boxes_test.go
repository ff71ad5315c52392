package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"throughline/internal/auth"
)

// TestOwnWordsBoxesAreNotChecked: the boxes a service user, a carer or
// anyone leaving feedback writes in are their own words. The staff language guide neither checks
// them as they type (its check refuses them, so every pause would be a
// refused request) nor flags their saved words back to them.
func TestOwnWordsBoxesAreNotChecked(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.sharedRecord(t) // a crisis plan to comment on
		token, csrf := f.session(t, f.users[auth.ServiceUser])
		person := fmt.Sprintf("/people/%d", f.person.ID)
		form := url.Values{"csrf_token": {csrf}, "version": {fmt.Sprint(f.person.Version)}, "preferred_name": {"Robbie"},
			"trauma_preferences": {"Please do not call me attention-seeking when I ring"}}
		if res, body := f.do(t, http.MethodPost, person+"/about-me", token, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save about me: %d\n%s", res.StatusCode, body)
		}
		carer, _ := f.session(t, f.users[auth.Carer])
		for _, tt := range []struct {
			who, token, path, box string
		}{
			{"person", token, person + "/about-me", `name="trauma_preferences"`},
			{"person", token, person + "/ask", `name="text"`},
			{"person", token, person + "/crisis-plan/comment", `name="comment"`},
			{"person", token, person + "/feedback", `name="text"`},
			{"carer", carer, "/carer", `name="concern"`},
			{"anyone", "", "/feedback", `name="text"`},
		} {
			res, body := f.do(t, http.MethodGet, tt.path, tt.token, nil)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, tt.box) {
				t.Errorf("%s %s: %d, want 200 with the box %s", tt.who, tt.path, res.StatusCode, tt.box)
				continue
			}
			if strings.Contains(body, "data-language-check") || strings.Contains(body, "Language guide") {
				t.Errorf("%s %s: the staff language guide checks their own words", tt.who, tt.path)
			}
		}
	})
}
