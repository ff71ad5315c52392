package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/store"
)

// linkedCarer adds a carer of personID with share and gives them a sign-in
// that has chosen its own password, as a carer would after first signing in.
func (f *fixture) linkedCarer(t *testing.T, personID int64, name string, share care.CarerShare) (care.Carer, auth.User) {
	t.Helper()
	ctx := context.Background()
	worker := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
	c := care.Carer{PersonID: personID, Name: name, Relationship: "sister", Share: share, ConsentOn: f.db.Now()}
	if err := f.db.AddCarer(ctx, worker, &c); err != nil {
		t.Fatal(err)
	}
	u := auth.User{Username: strings.ToLower(strings.ReplaceAll(name, " ", "."))}
	u.PasswordHash = f.users[auth.Clinician].PasswordHash
	if err := f.db.CreateCarerSignIn(ctx, worker, personID, c.ID, &u); err != nil {
		t.Fatal(err)
	}
	if err := f.db.ChangePassword(ctx, u, u.PasswordHash, ""); err != nil {
		t.Fatal(err)
	}
	u.MustChangePassword = false
	c.Version = 1
	return c, u
}

// sharedRecord gives the fixture's person a crisis plan, medication and an
// upcoming appointment with a note, so a carer's page can be checked for
// what it leaves out.
func (f *fixture) sharedRecord(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	worker := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
	plan := care.CrisisPlan{PersonID: f.person.ID, WarningSigns: "Stops answering the phone", Helps: "A walk by the canal",
		Contacts: []care.CrisisContact{{Name: "Crisis line", Phone: "0800 000 0000", Hours: "24 hours"}}}
	if err := f.db.SaveCrisisPlan(ctx, worker, &plan); err != nil {
		t.Fatal(err)
	}
	med := care.Medication{PersonID: f.person.ID, EpisodeID: f.episodeID(t), Name: "Sertraline", Dose: "50mg", Frequency: "once a day", Prescriber: "Dr Patel",
		StartedOn: f.db.Now().AddDate(0, -1, 0), ReviewOn: f.db.Now().AddDate(0, 2, 0)}
	if err := f.db.AddMedication(ctx, worker, &med); err != nil {
		t.Fatal(err)
	}
	ap := care.Appointment{PersonID: f.person.ID, EpisodeID: f.episodeID(t), Kind: care.KindIndividual, StartsAt: f.db.Now().Add(48 * time.Hour),
		Minutes: 50, Location: "Kingsmere Hub", Notes: "Talked about the family row", StaffIDs: []int64{f.users[auth.Clinician].ID}}
	if err := f.db.CreateAppointment(ctx, worker, &ap); err != nil {
		t.Fatal(err)
	}
}

// TestCarerSeesOnlyWhatWasShared: the carer's page shows the parts the
// person consented to share and nothing else (never notes), and every
// read is in the person's access log under the carer relationship.
func TestCarerSeesOnlyWhatWasShared(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.sharedRecord(t)
		_, u := f.linkedCarer(t, f.person.ID, "Sam Carer", care.CarerShare{CrisisPlan: true, Appointments: true})
		token, _ := f.session(t, u)
		res, body := f.do(t, http.MethodGet, "/carer", token, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /carer: %d\n%s", res.StatusCode, body)
		}
		for _, tt := range []struct {
			text string
			want bool
		}{
			{"Stops answering the phone", true}, {"Kingsmere Hub", true}, {"carer's assessment", true},
			{"Sertraline", false}, {"Talked about the family row", false}, {`id="carer-medication"`, false}, {`id="carer-care-plan"`, false},
		} {
			if got := strings.Contains(body, tt.text); got != tt.want {
				t.Errorf("carer's page shows %q = %v, want %v", tt.text, got, tt.want)
			}
		}
		events, err := f.db.AuditEvents(context.Background(), store.AuditFilter{PersonID: f.person.ID, UserID: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		read := map[string]bool{}
		for _, e := range events {
			if e.Relationship != auth.RelCarer {
				t.Errorf("carer's %s of %s audited under %q, want carer", e.Action, e.Record, e.Relationship)
			}
			read[e.Record] = true
		}
		if !read["crisis-plan"] || !read["appointments/upcoming"] || read["medication"] {
			t.Errorf("carer's reads audited: %v, want the crisis plan and appointments only", read)
		}
		// A carer has no way into the record itself.
		if res, _ := f.do(t, http.MethodGet, fmt.Sprintf("/people/%d", f.person.ID), token, nil); !refused(res) {
			t.Errorf("carer opening the person's record: %d, want refused", res.StatusCode)
		}
	})
}

// TestCarerAccessEndsAtOnce: withdrawal by the person from their own page,
// by the team, or the end date passing refuses the carer's next request
// in the same session.
func TestCarerAccessEndsAtOnce(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		byPerson, personsCarer := f.linkedCarer(t, f.person.ID, "Pat One", care.CarerShare{CrisisPlan: true})
		byTeam, teamsCarer := f.linkedCarer(t, f.person.ID, "Pat Two", care.CarerShare{CrisisPlan: true})
		byDate, datedCarer := f.linkedCarer(t, f.person.ID, "Pat Three", care.CarerShare{CrisisPlan: true})
		tokens := map[int64]string{}
		for _, u := range []auth.User{personsCarer, teamsCarer, datedCarer} {
			token, _ := f.session(t, u)
			tokens[u.ID] = token
			if res, body := f.do(t, http.MethodGet, "/carer", token, nil); res.StatusCode != http.StatusOK {
				t.Fatalf("%s before withdrawal: %d\n%s", u.Username, res.StatusCode, body)
			}
		}
		self, csrf := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, http.MethodPost, fmt.Sprintf("/people/%d/sharing/%d/withdraw", f.person.ID, byPerson.ID), self,
			url.Values{"csrf_token": {csrf}, "version": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("person withdraws: %d\n%s", res.StatusCode, body)
		}
		worker := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		if err := f.db.WithdrawCarerConsent(ctx, worker, f.person.ID, byTeam.ID, 1, "The person asked us by phone"); err != nil {
			t.Fatal(err)
		}
		until := byDate
		if err := f.db.UpdateCarerShare(ctx, auth.Actor{User: f.users[auth.ServiceUser], Relationship: auth.RelSelf}, f.person.ID, until.ID, 1, until.Share, f.db.Now()); err != nil {
			t.Fatal(err)
		}
		refusedNow := func(u auth.User, token string) {
			t.Helper()
			res, body := f.do(t, http.MethodGet, "/carer", token, nil)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Nothing is shared with you") {
				t.Errorf("%s after consent ended: %d, want 403 with a plain explanation", u.Username, res.StatusCode)
			}
			if strings.Contains(body, "Stops answering") {
				t.Errorf("%s still sees the crisis plan", u.Username)
			}
		}
		refusedNow(personsCarer, tokens[personsCarer.ID])
		refusedNow(teamsCarer, tokens[teamsCarer.ID])
		if res, _ := f.do(t, http.MethodGet, "/carer", tokens[datedCarer.ID], nil); res.StatusCode != http.StatusOK {
			t.Errorf("consent until today still stands today: %d, want 200", res.StatusCode)
		}
		clock := f.db.Now
		f.db.Now = func() time.Time { return clock().Add(24 * time.Hour) }
		t.Cleanup(func() { f.db.Now = clock })
		tomorrow, _ := f.session(t, datedCarer)
		refusedNow(datedCarer, tomorrow)
		f.db.Now = clock
		// Signing out still works.
		if res, _ := f.do(t, http.MethodGet, "/", tokens[personsCarer.ID], nil); res.StatusCode != http.StatusOK {
			t.Errorf("carer's home after withdrawal: %d, want 200", res.StatusCode)
		}
	})
}

// TestCarerConcernReachesTheNamedWorker: a carer's concern becomes a task
// for the person's named worker and shows on the team's carers page; an
// empty one is refused with a clear message and nothing is stored.
func TestCarerConcernReachesTheNamedWorker(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		_, u := f.linkedCarer(t, f.person.ID, "Jo Carer", care.CarerShare{Appointments: true})
		token, csrf := f.session(t, u)
		res, body := f.do(t, http.MethodPost, "/carer/concerns", token, url.Values{"csrf_token": {csrf}, "concern": {"  "}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Write what you would like the team to know") {
			t.Errorf("empty concern: %d, want 422 with the message", res.StatusCode)
		}
		text := "She has not been sleeping and I am worried"
		if res, body := f.do(t, http.MethodPost, "/carer/concerns", token, url.Values{"csrf_token": {csrf}, "concern": {text}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("concern: %d\n%s", res.StatusCode, body)
		}
		tasks, err := f.db.Tasks(context.Background(), store.TaskFilter{AssigneeID: f.users[auth.Clinician].ID})
		if err != nil {
			t.Fatal(err)
		}
		var found int
		for _, task := range tasks {
			if task.Kind == care.TaskCarerConcern && task.PersonID == f.person.ID {
				found++
			}
		}
		if found != 1 {
			t.Errorf("named worker's carer-concern tasks = %d, want 1", found)
		}
		staff, _ := f.session(t, f.users[auth.Clinician])
		if _, body := f.do(t, http.MethodGet, carersURL(f.person.ID), staff, nil); !strings.Contains(body, text) {
			t.Errorf("the carers page does not show the concern")
		}
	})
}

// TestCarerSignInFromTheCarersPage: the team gives a carer a sign-in and
// sees its temporary password once; a second one for the same carer, or
// one for a carer whose consent was withdrawn, is refused.
func TestCarerSignInFromTheCarersPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		worker := auth.Actor{User: f.users[auth.Clinician], Relationship: auth.RelCaseload}
		c := care.Carer{PersonID: f.person.ID, Name: "Lee Brother", Relationship: "brother", Share: care.CarerShare{CrisisPlan: true}, ConsentOn: f.db.Now()}
		if err := f.db.AddCarer(ctx, worker, &c); err != nil {
			t.Fatal(err)
		}
		token, csrf := f.session(t, f.users[auth.Clinician])
		path := fmt.Sprintf("/people/%d/carers/%d/sign-in", f.person.ID, c.ID)
		res, body := f.do(t, http.MethodPost, path, token, url.Values{"csrf_token": {csrf}, "username": {"lee.brother"}})
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "temporary password") {
			t.Fatalf("create sign-in: %d\n%s", res.StatusCode, body)
		}
		u, err := f.db.UserByUsername(ctx, "lee.brother")
		if err != nil || u.Role != auth.Carer || !u.MustChangePassword {
			t.Errorf("carer's account: %+v, %v; want a carer who must choose a password", u, err)
		}
		if res, _ := f.do(t, http.MethodPost, path, token, url.Values{"csrf_token": {csrf}, "username": {"lee.again"}}); res.StatusCode != http.StatusConflict {
			t.Errorf("a second sign-in: %d, want 409", res.StatusCode)
		}
		if res, body := f.do(t, http.MethodPost, path, token, url.Values{"csrf_token": {csrf}, "username": {""}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a username") {
			t.Errorf("no username: %d, want 422 with the message", res.StatusCode)
		}
		if err := f.db.WithdrawCarerConsent(ctx, worker, f.person.ID, c.ID, 1, ""); err != nil {
			t.Fatal(err)
		}
		other := care.Carer{PersonID: f.person.ID, Name: "Kim", Relationship: "friend", ConsentOn: f.db.Now()}
		if err := f.db.AddCarer(ctx, worker, &other); err != nil {
			t.Fatal(err)
		}
		if err := f.db.WithdrawCarerConsent(ctx, worker, f.person.ID, other.ID, 1, ""); err != nil {
			t.Fatal(err)
		}
		res, _ = f.do(t, http.MethodPost, fmt.Sprintf("/people/%d/carers/%d/sign-in", f.person.ID, other.ID), token, url.Values{"csrf_token": {csrf}, "username": {"kim"}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("sign-in after withdrawal: %d, want 409", res.StatusCode)
		}
	})
}

// TestPersonChangesWhatTheyShare: the person's change on their own page is
// what the carer then sees; a date already past is refused and changes
// nothing.
func TestPersonChangesWhatTheyShare(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		f.sharedRecord(t)
		c, u := f.linkedCarer(t, f.person.ID, "Ash Friend", care.CarerShare{CrisisPlan: true})
		self, csrf := f.session(t, f.users[auth.ServiceUser])
		page := fmt.Sprintf("/people/%d/sharing", f.person.ID)
		if res, body := f.do(t, http.MethodGet, page, self, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "Ash Friend can see your crisis plan") {
			t.Fatalf("sharing page: %d\n%s", res.StatusCode, body)
		}
		path := fmt.Sprintf("%s/%d", page, c.ID)
		past := f.db.Now().AddDate(0, 0, -3).Format("2006-01-02")
		res, body := f.do(t, http.MethodPost, path, self, url.Values{"csrf_token": {csrf}, "version": {"1"}, "share": {"medication"}, "until_kind": {"date"}, "until": {past}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "already passed") {
			t.Errorf("past date: %d, want 422", res.StatusCode)
		}
		res, body = f.do(t, http.MethodPost, path, self, url.Values{"csrf_token": {csrf}, "version": {"1"}, "share": {"medication"}, "until_kind": {"withdrawn"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d\n%s", res.StatusCode, body)
		}
		token, _ := f.session(t, u)
		_, body = f.do(t, http.MethodGet, "/carer", token, nil)
		if !strings.Contains(body, "Sertraline") || strings.Contains(body, "Stops answering the phone") {
			t.Errorf("after the change the carer should see medication and not the crisis plan:\n%s", body)
		}
		// Someone else's page is not the person's to change.
		other, ocsrf := f.session(t, f.users[auth.Clinician])
		if res, _ := f.do(t, http.MethodPost, path, other, url.Values{"csrf_token": {ocsrf}, "version": {"2"}}); !refused(res) {
			t.Errorf("staff changing the person's own sharing: %d, want refused", res.StatusCode)
		}
	})
}
