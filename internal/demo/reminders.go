package demo

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/notify"
	"throughline/internal/reminders"
	"throughline/internal/store"
)

// demoReminderPeople is how many people with appointments in the next two
// days opt in to reminders in the demo.
const demoReminderPeople = 12

// loadReminders opts some people with appointments coming up into texts
// and emails, in a mix of channels and contact times, and runs one round
// of the reminders worker with the outbox transport, so /admin/messages
// shows reminders queued and "sent" after make demo. The demo service user
// is left out: in the portal they choose for themselves. Numbers are in
// Ofcom's drama range and addresses at example.com, so none is anyone's.
func loadReminders(ctx context.Context, db *store.DB, now time.Time) error {
	rows, err := db.Appointments(ctx, store.AppointmentFilter{From: now, To: now.Add(48 * time.Hour), Limit: 500})
	if err != nil {
		return fmt.Errorf("demo reminders: %w", err)
	}
	self := map[int64]bool{}
	if u, err := db.UserByUsername(ctx, "serviceuser"); err == nil {
		self[u.PersonID] = true
	}
	choices := []care.ContactPrefs{
		{Text: true, Times: care.ContactAnyTime},
		{EmailOK: true, Times: care.ContactWeekdayDaytime},
		{Text: true, EmailOK: true, Times: care.ContactEvenings},
	}
	opted := 0
	for _, r := range rows {
		if opted == demoReminderPeople || self[r.PersonID] || r.Outcome != care.OutcomeNone {
			continue
		}
		self[r.PersonID] = true // once per person
		p := choices[opted%len(choices)]
		p.PersonID = r.PersonID
		p.Mobile = fmt.Sprintf("07700 900%03d", opted+100)
		p.Email = fmt.Sprintf("demo.person%d@example.com", opted+1)
		if err := db.SaveContactPrefs(ctx, auth.System, &p); err != nil {
			return fmt.Errorf("demo reminders: contact preferences: %w", err)
		}
		opted++
	}
	w := &reminders.Worker{DB: db, Sender: notify.Outbox{}, Name: "demo"}
	w.Defaults()
	if err := w.Enqueue(ctx, now); err != nil {
		return fmt.Errorf("demo reminders: queue: %w", err)
	}
	if err := w.Deliver(ctx, now); err != nil {
		return fmt.Errorf("demo reminders: deliver: %w", err)
	}
	return nil
}
