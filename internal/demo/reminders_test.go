package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/demo"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestDemoRemindersInOutbox: after the demo loads, some people have opted
// in and the outbox holds reminders for their upcoming appointments, some
// already "sent" through the outbox transport; the demo service user has
// not opted in, so they can choose in the portal.
func TestDemoRemindersInOutbox(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, filepath.Join(t.TempDir(), "demo.db"))
	opt := options(t, 2026)
	opt.People = anyDayPeople
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, opt); err != nil {
		t.Fatal(err)
	}
	page, err := db.MessagesPage(ctx, store.MessageFilter{}, store.FirstPage)
	if err != nil {
		t.Fatal(err)
	}
	kinds, statuses := map[care.MessageKind]int{}, map[string]int{}
	for _, m := range page.Rows {
		kinds[m.Kind]++
		statuses[m.Status]++
	}
	if kinds[care.MessageReminder2Days]+kinds[care.MessageReminder2Hours] == 0 || statuses[store.MessageSent] == 0 {
		t.Errorf("outbox after the demo: kinds %v, statuses %v; want reminders, some sent", kinds, statuses)
	}
	su := mustUser(t, db, "serviceuser")
	if p, err := db.ContactPrefs(ctx, auth.System, su.PersonID); err != nil || p.Version != 0 {
		t.Errorf("demo service user's contact preferences = %+v, %v; want none yet", p, err)
	}
}
