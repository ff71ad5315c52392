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

// TestContactPrefsForm: the person saves their own preferences; a landline
// is refused at the field and nothing is saved; staff on the record see
// and change them; someone outside the person's care cannot.
func TestContactPrefsForm(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		path := fmt.Sprintf("/people/%d/contact-preferences", f.person.ID)
		me, meCSRF := f.session(t, f.users[auth.ServiceUser])
		resp, body := f.do(t, "GET", path, me, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "How would you like reminders?") {
			t.Fatalf("person's own page: %d\n%s", resp.StatusCode, body)
		}
		bad := url.Values{"csrf_token": {meCSRF}, "version": {"0"}, "channels": {"sms"}, "mobile": {"020 7946 0000"}, "times": {"evenings"}}
		resp, body = f.do(t, "POST", path, me, bad)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a UK mobile number, like 07700 900123") || !strings.Contains(body, `value="020 7946 0000"`) {
			t.Errorf("landline: %d, want 422 with the message and the typed number kept\n%s", resp.StatusCode, body)
		}
		good := url.Values{"csrf_token": {meCSRF}, "version": {"0"}, "channels": {"sms"}, "mobile": {"+44 7700 900123"}, "times": {"evenings"}}
		if resp, body = f.do(t, "POST", path, me, good); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", resp.StatusCode, body)
		}
		got, err := f.db.ContactPrefs(context.Background(), auth.System, f.person.ID)
		if err != nil || !got.Wants(care.ChannelText) || got.Mobile != "07700 900123" || got.Times != care.ContactEvenings || got.Version != 1 {
			t.Errorf("saved = %+v, %v", got, err)
		}
		// The same form again, from the old version: a conflict, nothing lost.
		if resp, _ = f.do(t, "POST", path, me, good); resp.StatusCode != http.StatusConflict {
			t.Errorf("stale save: %d, want 409", resp.StatusCode)
		}
		staff, staffCSRF := f.session(t, f.users[auth.Clinician])
		resp, body = f.do(t, "GET", path, staff, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="07700 900123"`) || !strings.Contains(body, "Test "+auth.ServiceUser.Label()) {
			t.Errorf("staff view: %d\n%s", resp.StatusCode, body)
		}
		off := url.Values{"csrf_token": {staffCSRF}, "version": {"1"}, "mobile": {"07700 900123"}, "times": {"any"}}
		if resp, _ = f.do(t, "POST", path, staff, off); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("staff save: %d", resp.StatusCode)
		}
		if got, _ := f.db.ContactPrefs(context.Background(), auth.System, f.person.ID); got.Text || got.Version != 2 {
			t.Errorf("after staff opt-out = %+v", got)
		}
		out, outCSRF := f.session(t, f.outsider)
		if resp, _ = f.do(t, "POST", path, out, url.Values{"csrf_token": {outCSRF}, "version": {"2"}, "times": {"any"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("outsider save: %d, want 403", resp.StatusCode)
		}
	})
}

// TestMessagesPage: the outbox list shows status, tries and last problem,
// masks the number, names nobody, and a team manager sees only their
// teams' messages.
func TestMessagesPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID})
		if err != nil || len(eps) != 1 {
			t.Fatal(eps, err)
		}
		ap := care.Appointment{PersonID: f.person.ID, EpisodeID: eps[0].ID, Kind: care.KindIndividual, StartsAt: f.db.Now().Add(72 * time.Hour), StaffIDs: []int64{f.users[auth.Clinician].ID}}
		if err := f.db.CreateAppointment(ctx, auth.System, &ap); err != nil {
			t.Fatal(err)
		}
		m := store.OutboxMessage{AppointmentID: ap.ID, PersonID: f.person.ID, Kind: care.MessageBooked, Channel: care.ChannelText, StartsAt: ap.StartsAt, DueAt: f.db.Now()}
		if _, err := f.db.QueueMessage(ctx, &m); err != nil {
			t.Fatal(err)
		}
		claimed, err := f.db.ClaimMessages(ctx, "test", f.db.Now(), time.Minute, 1)
		if err != nil || len(claimed) != 1 {
			t.Fatal(claimed, err)
		}
		if err := f.db.MarkMessageSent(ctx, claimed[0].OutboxMessage, "outbox", "outbox-1", "07700 900123"); err != nil {
			t.Fatal(err)
		}
		for _, r := range []auth.Role{auth.SystemAdmin, auth.TeamManager} {
			tok, _ := f.session(t, f.users[r])
			resp, body := f.do(t, "GET", "/admin/messages", tok, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Appointment booked (Text message)") || !strings.Contains(body, "…123") {
				t.Errorf("%s: %d\n%s", r, resp.StatusCode, body)
			}
			if strings.Contains(body, "07700 900123") || strings.Contains(body, f.person.FamilyName) {
				t.Errorf("%s: the list shows the whole number or the person's name", r)
			}
		}
		if got, err := f.db.MessagesPage(ctx, store.MessageFilter{TeamIDs: []int64{}}, store.FirstPage); err != nil || got.Total != 0 {
			t.Errorf("a manager of no team sees %d messages, %v", got.Total, err)
		}
		tok, _ := f.session(t, f.users[auth.Clinician])
		if resp, _ := f.do(t, "GET", "/admin/messages", tok, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("clinician: %d, want 403", resp.StatusCode)
		}
		tok, _ = f.session(t, f.users[auth.SystemAdmin])
		if resp, _ := f.do(t, "GET", "/admin/messages?status=nonsense", tok, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("bad status filter: %d, want 400", resp.StatusCode)
		}
	})
}
