package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/store"
)

// accessSubject is whose record a request names: a person, one of their
// referrals, and the roles whose users have a relationship with them under
// the policy's relationship rules.
type accessSubject struct {
	name     string
	person   int64
	referral int64
	episode  int64 // 0 when the person has none
	related  []auth.Role
	// account is a throwaway staff account of the subject's own for the
	// administrator's account routes, so that an empty "deactivate" or
	// "reset password" lands on nobody whose session the matrix uses.
	account int64
}

// staffRoles are the roles whose relationship comes from their teams.
var staffRoles = []auth.Role{auth.Clinician, auth.PeerWorker, auth.Admin, auth.TeamManager}

// accessSubjects adds to the fixture an unrelated person with an open
// referral to a service none of the fixture's teams serve, a person whose
// only referral to the fixture team's service was declined, and a person
// with an open referral to that service, and returns them with the
// fixture's linked person.
func accessSubjects(t *testing.T, f *fixture) []accessSubject {
	t.Helper()
	ctx := context.Background()
	related := accessSubject{name: "related person", person: f.person.ID,
		related: append(slices.Clone(staffRoles), auth.Referrer, auth.ServiceUser)}
	unrelated := accessSubject{name: "unrelated person", person: f.stranger.ID}
	closed := accessSubject{name: "closed referral", related: nil}
	open := accessSubject{name: "open referral to the team", related: staffRoles}
	err := f.db.Update(ctx, func(tx *store.Tx) error {
		other := directory.Service{ID: "elsewhere", Name: "Elsewhere Service", Tier: "secondary"}
		if err := tx.CreateService(ctx, &other); err != nil {
			return err
		}
		if err := tx.CreateTeam(ctx, &directory.Team{Name: "Elsewhere Team", ServiceID: "elsewhere"}); err != nil {
			return err
		}
		ref := care.Referral{PersonID: f.stranger.ID, ServiceID: "elsewhere", ReferrerName: "Dr Elsewhere", Reason: "Unrelated"}
		if err := tx.CreateReferral(ctx, auth.System, &ref); err != nil {
			return err
		}
		unrelated.referral = ref.ID
		declined := care.Person{GivenName: "Dana", FamilyName: "Declined"}
		if err := tx.CreatePerson(ctx, auth.System, &declined); err != nil {
			return err
		}
		ref = care.Referral{PersonID: declined.ID, ServiceID: "cen", ReferrerName: "Dr Elsewhere", Reason: "Declined long ago",
			Status: care.ReferralDeclined, Decision: care.DecisionDeclined, DeclineReason: "needs-specialist-service", OnwardServiceID: "elsewhere"}
		if err := tx.CreateReferral(ctx, auth.System, &ref); err != nil {
			return err
		}
		closed.person, closed.referral = declined.ID, ref.ID
		waiting := care.Person{GivenName: "Wren", FamilyName: "Waiting"}
		if err := tx.CreatePerson(ctx, auth.System, &waiting); err != nil {
			return err
		}
		ref = care.Referral{PersonID: waiting.ID, ServiceID: "cen", ReferrerName: "Dr Elsewhere", Reason: "Waiting to be screened"}
		if err := tx.CreateReferral(ctx, auth.System, &ref); err != nil {
			return err
		}
		open.person, open.referral = waiting.ID, ref.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	refs, err := f.db.Referrals(ctx, store.ReferralFilter{PersonID: f.person.ID})
	if err != nil || len(refs) != 1 {
		t.Fatalf("the linked person's referral: %v, %v", refs, err)
	}
	related.referral = refs[0].ID
	eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID})
	if err != nil || len(eps) == 0 {
		t.Fatalf("the linked person's episode: %v, %v", eps, err)
	}
	related.episode = eps[0].ID
	subjects := []accessSubject{related, unrelated, closed, open}
	for i := range subjects {
		u := auth.User{Username: fmt.Sprintf("matrix-target-%d", i), DisplayName: "Matrix Target", Role: auth.Clinician, Profession: "nurse", PasswordHash: f.users[auth.Clinician].PasswordHash}
		if err := f.db.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		subjects[i].account = u.ID
	}
	return subjects
}

// recordRoute reports whether the route opens one person's record: a
// person-record policy, or a referral's own pages, which are part of the
// record even though their address names the referral.
func recordRoute(rt route) bool {
	_, path, _ := strings.Cut(rt.pattern, " ")
	return rt.policy.PersonRecord || strings.HasPrefix(path, "/referrals/{id}")
}

// subjectPath fills a route's path parameters with the subject's ids; the
// parameters that do not name the subject get an id that a refusal must
// not depend on.
func subjectPath(pattern string, s accessSubject) string {
	_, path, _ := strings.Cut(pattern, " ")
	id := "1"
	switch {
	case strings.HasPrefix(path, "/people/{id}"), strings.HasPrefix(path, "/api/people/{id}"), strings.HasPrefix(path, "/fhir/R4/Patient/{id}"):
		id = fmt.Sprint(s.person)
	case strings.HasPrefix(path, "/referrals/{id}"):
		id = fmt.Sprint(s.referral)
	case strings.HasPrefix(path, "/directory/{id}"):
		id = "cen"
	case strings.HasPrefix(path, "/admin/users/{id}"):
		id = fmt.Sprint(s.account)
	}
	episode := max(s.episode, 1)
	return strings.NewReplacer("{$}", "", "{id}", id, "{rid}", fmt.Sprint(s.referral), "{episode}", fmt.Sprint(episode),
		"{measure}", "PHQ-9", "{to}", "referrer").Replace(
		regexp.MustCompile(`\{(goal|med|carer|aid|tid|eid|response|mid|sid|rule)\}`).ReplaceAllString(path, "1"))
}

var breakGlassLocation = regexp.MustCompile(`^/people/\d+/break-glass\?`)

// refused reports whether the answer turned the request away before the
// handler acted: not signed in, forbidden, or sent to sign in or to claim
// emergency access.
func refused(res *http.Response) bool {
	switch res.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return true
	case http.StatusSeeOther, http.StatusFound:
		loc := res.Header.Get("Location")
		return strings.HasPrefix(loc, "/login") || breakGlassLocation.MatchString(loc)
	}
	return false
}

// TestAccessMatrix walks every route × every role × every subject and
// finds no request let through that the policy table does not state: the
// role must be one of the route's policy, and on a route into a person's
// record the user must have a relationship with that person. A declined
// referral to the user's team is no relationship.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		subjects := accessSubjects(t, f)
		tokens := map[auth.Role][2]string{}
		for _, role := range auth.Roles {
			token, csrf := f.session(t, f.users[role])
			tokens[role] = [2]string{token, csrf}
		}
		for _, subj := range subjects {
			t.Run(subj.name, func(t *testing.T) {
				t.Parallel()
				for _, rt := range f.srv.routes() {
					if rt.policy.Public {
						continue
					}
					method, _, _ := strings.Cut(rt.pattern, " ")
					path := subjectPath(rt.pattern, subj)
					for _, role := range auth.Roles {
						token, csrf := tokens[role][0], tokens[role][1]
						if rt.pattern == "POST /logout" {
							token, csrf = f.session(t, f.users[role]) // signing out ends the session
						}
						res, body := f.request(t, method, path, token, csrf)
						mayPass := rt.policy.Allows(role) && (!recordRoute(rt) || slices.Contains(subj.related, role))
						if !mayPass && !refused(res) {
							t.Errorf("%s as %s on %s (%s): status %d %s, but the policy does not allow it",
								rt.pattern, role, subj.name, path, res.StatusCode, res.Header.Get("Location"))
						}
						if res.StatusCode >= 500 {
							t.Errorf("%s as %s on %s: status %d\n%s", rt.pattern, role, subj.name, res.StatusCode, body)
						}
						// The record's own pages stay open to whoever the
						// policy lets in, so the matrix is not passing by
						// refusing everyone.
						// A carer reaches their own page, and nothing of a
						// person's record but what the carer routes show
						// (questionnaire definitions hold nothing of anyone).
						if role == auth.Carer && res.StatusCode == http.StatusOK && rt.policy.Name != carersOnly.Name && rt.policy.Name != anyoneSignedIn.Name && rt.policy.Name != measureReaders.Name && rt.policy.Name != fhirCatalogs.Name {
							t.Errorf("%s as carer: status 200 on a route that is not the carer's", rt.pattern)
						}
						if mayPass && method == http.MethodGet && (path == fmt.Sprintf("/people/%d", subj.person) || path == fmt.Sprintf("/referrals/%d", subj.referral) || path == "/carer") && refused(res) {
							t.Errorf("%s as %s on %s: refused (%d %s), but the policy allows it",
								rt.pattern, role, subj.name, res.StatusCode, res.Header.Get("Location"))
						}
					}
				}
			})
		}
	})
}

// request sends one request as a signed-in user: a GET, or a POST carrying
// a valid CSRF token and an empty body (JSON for the API), which the guard
// must refuse before the handler acts on it.
func (f *fixture) request(t *testing.T, method, path, token, csrf string) (*http.Response, string) {
	t.Helper()
	if method == http.MethodGet {
		return f.do(t, method, path, token, nil)
	}
	var req *http.Request
	var err error
	if strings.HasPrefix(path, "/api/") {
		req, err = http.NewRequest(method, f.ts.URL+path, strings.NewReader("{}"))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	} else {
		req, err = http.NewRequest(method, f.ts.URL+path, strings.NewReader(url.Values{"csrf_token": {csrf}}.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-CSRF-Token", csrf)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	return send(t, req)
}

// TestPersonReferralRoutesNeedThePersonsReferral: a route naming a person
// and one of their referrals does not open someone else's referral under
// the relationship with the person named in the address.
func TestPersonReferralRoutesNeedThePersonsReferral(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		subjects := accessSubjects(t, f)
		mixed := subjects[0]
		mixed.referral = subjects[2].referral // the declined referral of someone unrelated
		for _, rt := range f.srv.routes() {
			if !strings.Contains(rt.pattern, "{rid}") {
				continue
			}
			method, _, _ := strings.Cut(rt.pattern, " ")
			path := subjectPath(rt.pattern, mixed)
			for _, role := range mixed.related {
				if !rt.policy.Allows(role) {
					continue
				}
				token, csrf := f.session(t, f.users[role])
				res, _ := f.request(t, method, path, token, csrf)
				if !refused(res) && res.StatusCode != http.StatusNotFound {
					t.Errorf("%s as %s with another person's referral (%s): status %d, want a refusal or 404", rt.pattern, role, path, res.StatusCode)
				}
			}
		}
	})
}
