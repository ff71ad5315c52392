package reminders_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/notify"
	"throughline/internal/notify/notifytest"
	"throughline/internal/reminders"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
	"throughline/internal/uktime"
)

func worker(db *store.DB, s notify.Sender) *reminders.Worker {
	w := &reminders.Worker{DB: db, Sender: s, Templates: map[care.Channel]string{care.ChannelText: "tpl-sms", care.ChannelEmail: "tpl-email"}}
	w.Defaults()
	return w
}

// throughNotify books an appointment at start for a person with these
// preferences (booked long before now), and queues its messages at now for
// a worker that sends through a fake Notify on loopback.
func throughNotify(t *testing.T, db *store.DB, prefs care.ContactPrefs, bookedAt, start, now time.Time) (care.Person, *notifytest.Fake, *reminders.Worker) {
	t.Helper()
	at(db, bookedAt)
	c := newClinic(t, db)
	fake := notifytest.New()
	t.Cleanup(fake.Close)
	client, err := notify.NewClient(notifytest.Key, fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.person(t, "Ash", &prefs, start)
	at(db, now)
	w := worker(db, client)
	if err := w.Enqueue(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	return p, fake, w
}

// textAndEmail opted in to both, typing the number the international way.
var textAndEmail = care.ContactPrefs{Mobile: "+44 7700 900123", Text: true, Email: "ash@example.com", EmailOK: true}

func at(db *store.DB, t time.Time) { db.Now = func() time.Time { return t } }

// TestRemindersOnlyForOptedInAtPreferredTimes: an opted-in person's
// reminders appear in the outbox; nothing for someone who did not opt in;
// someone who wants evenings gets the 2-day reminder in the evening and no
// 2-hour reminder for a morning appointment. Queuing again adds nothing.
func TestRemindersOnlyForOptedInAtPreferredTimes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := uk(t, "2026-12-02 10:00")
		at(db, now)
		c := newClinic(t, db)
		start := uk(t, "2026-12-04 11:00")
		texted, _ := c.person(t, "Ash", &care.ContactPrefs{Mobile: "07700 900123", Text: true}, start)
		silent, _ := c.person(t, "Bo", &care.ContactPrefs{Mobile: "07700 900124"}, start)
		never, _ := c.person(t, "Cy", nil, start)
		evenings, _ := c.person(t, "Di", &care.ContactPrefs{Email: "di@example.com", EmailOK: true, Times: care.ContactEvenings}, start)

		w := worker(db, notify.Outbox{})
		for range 2 {
			if err := w.Enqueue(ctx, now); err != nil {
				t.Fatal(err)
			}
		}
		got := outbox(t, db, texted.ID)
		if len(got) != 3 {
			t.Fatalf("opted-in person's outbox = %+v, want booked, 2-day and 2-hour reminders by text", got)
		}
		for _, tt := range []struct {
			kind care.MessageKind
			due  time.Time
		}{{care.MessageBooked, now}, {care.MessageReminder2Days, uk(t, "2026-12-02 11:00")}, {care.MessageReminder2Hours, uk(t, "2026-12-04 09:00")}} {
			m, ok := find(got, tt.kind, care.ChannelText)
			if !ok || !m.DueAt.Equal(tt.due) || m.Status != store.MessageQueued {
				t.Errorf("%s = %+v (found %v), want queued, due %s", tt.kind, m, ok, tt.due)
			}
		}
		for _, p := range []int64{silent.ID, never.ID} {
			if got := outbox(t, db, p); len(got) != 0 {
				t.Errorf("person %d did not opt in, outbox = %+v", p, got)
			}
		}
		eve := outbox(t, db, evenings.ID)
		if m, ok := find(eve, care.MessageReminder2Days, care.ChannelEmail); !ok || !m.DueAt.Equal(uk(t, "2026-12-02 17:00")) {
			t.Errorf("evening person's 2-day reminder = %+v, want due 17:00", m)
		}
		if _, ok := find(eve, care.MessageReminder2Hours, care.ChannelEmail); ok {
			t.Errorf("a 2-hour reminder for an 11am appointment was queued for someone who wants evenings")
		}
		if _, ok := find(eve, care.MessageReminder2Days, care.ChannelText); ok {
			t.Errorf("a text was queued for someone who opted in to email only")
		}

		// At 11:00 the opted-in person's reminder goes; the evening one waits.
		at(db, uk(t, "2026-12-02 11:00"))
		if err := w.Deliver(ctx, db.Now()); err != nil {
			t.Fatal(err)
		}
		if m, _ := find(outbox(t, db, texted.ID), care.MessageReminder2Days, care.ChannelText); m.Status != store.MessageSent || m.Transport != "outbox" || m.Recipient != "07700 900123" {
			t.Errorf("due reminder after delivery = %+v, want sent through the outbox", m)
		}
		if m, _ := find(outbox(t, db, evenings.ID), care.MessageReminder2Days, care.ChannelEmail); m.Status != store.MessageQueued {
			t.Errorf("evening reminder at 11:00 = %+v, want still queued", m)
		}
		if n := storetest.Count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'message-sent'") + storetest.Count(t, db, "SELECT COUNT(*) FROM audit_pending WHERE action = 'message-sent'"); n != 2 {
			t.Errorf("message-sent audit events = %d, want 2 (booked and 2-day reminder)", n)
		}
	})
}

// TestOptOutAndMoveStopQueuedMessages: a message queued before the person
// opted out, or for a time the appointment no longer has, is not sent.
func TestOptOutAndMoveStopQueuedMessages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := uk(t, "2026-12-02 10:00")
		at(db, now)
		c := newClinic(t, db)
		prefs := &care.ContactPrefs{Mobile: "07700 900123", Text: true}
		p, _ := c.person(t, "Ash", prefs, uk(t, "2026-12-04 11:00"))
		w := worker(db, notify.Outbox{})
		if err := w.Enqueue(ctx, now); err != nil {
			t.Fatal(err)
		}
		prefs.Text = false
		if err := db.SaveContactPrefs(ctx, auth.Actor{User: c.worker, Relationship: auth.RelCaseload}, prefs); err != nil {
			t.Fatal(err)
		}
		at(db, uk(t, "2026-12-04 10:00"))
		if err := w.Deliver(ctx, db.Now()); err != nil {
			t.Fatal(err)
		}
		for _, m := range outbox(t, db, p.ID) {
			if m.Status != store.MessageCancelled {
				t.Errorf("after opting out, %s = %s, want cancelled", m.Kind, m.Status)
			}
		}
	})
}

// TestNotifyDelivery: through the Notify client, against a fake Notify on
// loopback that checks the JWT (signature, iss, iat) and the body.
func TestNotifyDelivery(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := uk(t, "2026-12-04 09:30")
		p, fake, w := throughNotify(t, db, textAndEmail, uk(t, "2026-11-20 10:00"), uk(t, "2026-12-04 11:00"), now)
		if err := w.Deliver(ctx, now); err != nil {
			t.Fatal(err)
		}
		sent := fake.Sent()
		if len(fake.Problems) != 0 || len(sent) != 2 {
			t.Fatalf("fake Notify got %+v, problems %v; want the 2-hour reminder, by text and email", sent, fake.Problems)
		}
		byRef := map[string]notifytest.Sent{}
		for _, s := range sent {
			byRef[s.Reference] = s
		}
		m, _ := find(outbox(t, db, p.ID), care.MessageReminder2Hours, care.ChannelText)
		s, ok := byRef[m.Reference]
		want := map[string]string{"headline": "A reminder of your appointment", "team": "North Community Team", "date": "Friday 4 December 2026",
			"time": "11:00", "place": "Hope House, 1 High Street", "rearrange": "020 7946 0001"}
		if !ok || s.Channel != "sms" || s.To != "07700 900123" || s.TemplateID != "tpl-sms" || m.NotifyID != s.ID || m.Status != store.MessageSent {
			t.Fatalf("2-hour text = %+v, at Notify %+v", m, s)
		}
		for k, v := range want {
			if s.Personalisation[k] != v {
				t.Errorf("personalisation %s = %q, want %q", k, s.Personalisation[k], v)
			}
		}
		if len(s.Personalisation) != len(want) {
			t.Errorf("personalisation %v has more than the team, date, time, place and phone", s.Personalisation)
		}
		e, _ := find(outbox(t, db, p.ID), care.MessageReminder2Hours, care.ChannelEmail)
		if got := byRef[e.Reference]; got.Channel != "email" || got.To != "ash@example.com" || got.TemplateID != "tpl-email" {
			t.Errorf("reminder email at Notify = %+v", got)
		}
	})
}

// TestTemporaryFailureRetriedPermanentNot: a 500 is tried again after the
// back-off (not before), a 400 is never tried again.
func TestTemporaryFailureRetriedPermanentNot(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := uk(t, "2026-12-04 09:30")
		p, fake, w := throughNotify(t, db, textAndEmail, uk(t, "2026-11-20 10:00"), uk(t, "2026-12-04 11:00"), now)
		// Messages go in the order queued: the text first, then the email.
		fake.FailNext(http.StatusInternalServerError, http.StatusBadRequest)
		if err := w.Deliver(ctx, now); err != nil {
			t.Fatal(err)
		}
		text, _ := find(outbox(t, db, p.ID), care.MessageReminder2Hours, care.ChannelText)
		email, _ := find(outbox(t, db, p.ID), care.MessageReminder2Hours, care.ChannelEmail)
		if text.Status != store.MessageRetry || text.Attempts != 1 || !text.DueAt.Equal(now.Add(time.Minute)) || text.LastError == "" {
			t.Errorf("after a 500: %+v, want retry in a minute with the error kept", text)
		}
		if email.Status != store.MessageFailed || email.Attempts != 1 || email.LastError == "" {
			t.Errorf("after a 400: %+v, want failed", email)
		}
		// Not yet due: nothing is tried.
		if err := w.Deliver(ctx, now.Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		if n := len(fake.Sent()); n != 0 {
			t.Fatalf("sent %d before the back-off ended", n)
		}
		at(db, now.Add(time.Minute))
		if err := w.Deliver(ctx, db.Now()); err != nil {
			t.Fatal(err)
		}
		at(db, now.Add(2*time.Hour/3))
		if err := w.Deliver(ctx, db.Now()); err != nil {
			t.Fatal(err)
		}
		sent := fake.Sent()
		if len(sent) != 1 || sent[0].Reference != text.Reference {
			t.Errorf("after the back-off, Notify has %+v, want only the text once", sent)
		}
		text, _ = find(outbox(t, db, p.ID), care.MessageReminder2Hours, care.ChannelText)
		email, _ = find(outbox(t, db, p.ID), care.MessageReminder2Hours, care.ChannelEmail)
		if text.Status != store.MessageSent || text.Attempts != 2 || email.Status != store.MessageFailed {
			t.Errorf("text %+v, email %+v; want the text sent on the 2nd try and the email still failed", text, email)
		}
		if n := storetest.Count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'message-failed'") + storetest.Count(t, db, "SELECT COUNT(*) FROM audit_pending WHERE action = 'message-failed'"); n != 1 {
			t.Errorf("message-failed audit events = %d, want 1", n)
		}
	})
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {7, time.Hour}, {40, time.Hour}}
	for _, tt := range tests {
		if got := reminders.Backoff(tt.n, time.Minute, time.Hour); got != tt.want {
			t.Errorf("Backoff(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}

// TestGivesUpAfterMaxAttempts: a message that keeps failing stops.
func TestGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := uk(t, "2026-12-03 09:00")
		p, fake, w := throughNotify(t, db, care.ContactPrefs{Mobile: "07700 900123", Text: true}, now, uk(t, "2026-12-04 18:00"), now)
		w.MaxAttempts = 3
		fake.FailNext(503, 503, 503, 503, 503, 503)
		for i := range 8 {
			at(db, now.Add(time.Duration(i)*time.Hour))
			if err := w.Deliver(ctx, db.Now()); err != nil {
				t.Fatal(err)
			}
		}
		m, _ := find(outbox(t, db, p.ID), care.MessageBooked, care.ChannelText)
		if m.Status != store.MessageFailed || m.Attempts != 3 {
			t.Errorf("after 3 temporary failures: %+v, want failed after 3 tries", m)
		}
	})
}

// TestCrashBetweenClaimAndCompletion: a message left "sending" by a
// process that stopped is looked up at Notify before it is sent again:
// one Notify already has is marked sent, not re-sent; one it does not
// have is sent once.
func TestCrashBetweenClaimAndCompletion(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := uk(t, "2026-12-04 09:30")
		p, fake, w := throughNotify(t, db, textAndEmail, uk(t, "2026-11-20 10:00"), uk(t, "2026-12-04 11:00"), now)
		// A process claims both messages and dies: one had reached Notify.
		claimed, err := db.ClaimMessages(ctx, "crashed", now, w.Lease, 10)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claimed %d, %v", len(claimed), err)
		}
		fake.Accept(notifytest.Sent{Channel: "sms", To: "07700 900123", TemplateID: "tpl-sms", Reference: claimed[0].Reference})

		// While the claim holds, nobody else touches them.
		if err := w.Deliver(ctx, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n := len(fake.Sent()); n != 1 {
			t.Fatalf("Notify has %d messages during the claim, want the 1 sent before the crash", n)
		}
		at(db, now.Add(w.Lease+time.Minute))
		for range 2 {
			if err := w.Deliver(ctx, db.Now()); err != nil {
				t.Fatal(err)
			}
		}
		count := map[string]int{}
		for _, s := range fake.Sent() {
			count[s.Reference]++
		}
		for _, m := range claimed {
			if count[m.Reference] != 1 {
				t.Errorf("%s reached Notify %d times, want once", m.Kind, count[m.Reference])
			}
		}
		for _, m := range outbox(t, db, p.ID) {
			if m.Status != store.MessageSent || m.NotifyID == "" {
				t.Errorf("%s after recovery = %+v, want sent with Notify's id", m.Kind, m)
			}
		}
	})
}

// TestTwoProcessesNeverClaimTheSameMessage: claims racing from two
// processes share the messages out; none is claimed twice.
func TestTwoProcessesNeverClaimTheSameMessage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := uk(t, "2026-12-02 12:00")
		at(db, now)
		c := newClinic(t, db)
		for _, name := range []string{"Ash", "Bo", "Cy", "Di", "Ed", "Flo"} {
			c.person(t, name, &care.ContactPrefs{Mobile: "07700 900123", Text: true, Email: "x@example.com", EmailOK: true}, uk(t, "2026-12-04 11:00"))
		}
		if err := worker(db, notify.Outbox{}).Enqueue(ctx, now); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[int64]string{}
		var wg sync.WaitGroup
		for _, name := range []string{"one", "two", "three"} {
			wg.Go(func() {
				for range 5 {
					got, err := db.ClaimMessages(ctx, name, now, time.Hour, 3)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					for _, m := range got {
						if other, dup := seen[m.ID]; dup {
							t.Errorf("message %d claimed by %s and %s", m.ID, other, name)
						}
						seen[m.ID] = name
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if n := storetest.Count(t, db, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'sending'"); len(seen) == 0 || n != len(seen) {
			t.Errorf("claimed %d messages, %d in sending", len(seen), n)
		}
	})
}

// TestMovedAppointment: once a reminder has gone, moving the appointment
// sends a "moved" notice with the new time, and the reminder queued for
// the old time is not sent.
func TestMovedAppointment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at(db, uk(t, "2026-11-20 10:00"))
		c := newClinic(t, db)
		p, ap := c.person(t, "Ash", &care.ContactPrefs{Mobile: "07700 900123", Text: true}, uk(t, "2026-12-04 11:00"))
		_, later := c.person(t, "Bo", nil, uk(t, "2026-12-05 15:00"))
		now := uk(t, "2026-12-02 11:00")
		at(db, now)
		w := worker(db, notify.Outbox{})
		if err := w.Round(ctx); err != nil {
			t.Fatal(err)
		}
		// Move Ash's appointment to the time of Bo's, in any dialect.
		if err := storetest.Exec(t, db, fmt.Sprintf(`UPDATE appointments SET starts_at = (SELECT starts_at FROM appointments WHERE id = %d),
			updated_at = (SELECT MAX(created_at) FROM outbox_messages), version = version + 1 WHERE id = %d`, later.ID, ap.ID)); err != nil {
			t.Fatal(err)
		}
		at(db, now.Add(time.Minute))
		if err := w.Round(ctx); err != nil {
			t.Fatal(err)
		}
		at(db, uk(t, "2026-12-04 09:00"))
		if err := w.Round(ctx); err != nil {
			t.Fatal(err)
		}
		newTime := uk(t, "2026-12-05 15:00")
		got := map[string]string{}
		for _, m := range outbox(t, db, p.ID) {
			got[fmt.Sprintf("%s %s", m.Kind, uktime.DateTime(m.StartsAt))] = m.Status
		}
		want := map[string]string{
			"reminder-2d " + uktime.DateTime(uk(t, "2026-12-04 11:00")): store.MessageSent,
			"reminder-2h " + uktime.DateTime(uk(t, "2026-12-04 11:00")): store.MessageCancelled,
			"moved " + uktime.DateTime(newTime):                         store.MessageSent,
			"reminder-2d " + uktime.DateTime(newTime):                   store.MessageSent,
			"reminder-2h " + uktime.DateTime(newTime):                   store.MessageQueued,
		}
		if len(got) != len(want) {
			t.Errorf("outbox = %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, want %q", k, got[k], v)
			}
		}
	})
}
