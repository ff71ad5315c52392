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
	"throughline/internal/store"
)

// TestBookingIsInUKTime: a time typed into the booking form is UK local
// time (10:00 in British Summer Time is 09:00 UTC), and the person's page
// and the diary show it as typed.
func TestBookingIsInUKTime(t *testing.T) {
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clin := f.users[auth.Clinician]
		token, csrf := f.session(t, clin)
		eps, err := f.db.Episodes(ctx, store.EpisodeFilter{PersonID: f.person.ID, ActiveOnly: true})
		if err != nil || len(eps) == 0 {
			t.Fatalf("open episodes: %v, %v", eps, err)
		}
		// A July day within the year ahead: the clocks are an hour on.
		summer := time.Date(f.db.Now().Year()+1, time.July, 14, 0, 0, 0, 0, time.UTC)
		if f.db.Now().Month() < time.July {
			summer = summer.AddDate(-1, 0, 0)
		}
		base := fmt.Sprintf("/people/%d/appointments", f.person.ID)
		res, _ := f.do(t, "POST", base, token, url.Values{"csrf_token": {csrf}, "kind": {"individual"}, "date": {summer.Format(time.DateOnly)},
			"time": {"10:00"}, "minutes": {"50"}, "staff": {fmt.Sprint(clin.ID)}, "episode": {fmt.Sprint(eps[0].ID)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("book: status %d", res.StatusCode)
		}
		aps, err := f.db.Appointments(ctx, store.AppointmentFilter{PersonID: f.person.ID})
		if err != nil || len(aps) != 1 {
			t.Fatalf("appointments = %v, %v", aps, err)
		}
		if want := summer.Add(9 * time.Hour); !aps[0].StartsAt.Equal(want) {
			t.Errorf("stored start = %v, want %v (10:00 BST)", aps[0].StartsAt.UTC(), want)
		}
		_, page := f.do(t, "GET", base, token, nil)
		if want := summer.Format("2 Jan 2006") + " 10:00"; !strings.Contains(page, want) {
			t.Errorf("appointments page lacks %q", want)
		}
		_, diary := f.do(t, "GET", "/diary?week="+summer.Format(time.DateOnly), token, nil)
		if !strings.Contains(diary, "<strong>10:00</strong>") || strings.Contains(diary, "UTC") {
			t.Errorf("diary does not show the session at 10:00 UK time")
		}
	})
}
