package reminders_test

import (
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/reminders"
	"throughline/internal/store"
)

// TestPlan: which messages an appointment needs, by what the person was
// told before and what happened to it.
func TestPlan(t *testing.T) {
	now := uk(t, "2026-12-02 10:00")
	start := uk(t, "2026-12-04 11:00")
	longAgo := uk(t, "2026-11-01 10:00")
	text := care.ContactPrefs{Mobile: "07700 900123", Text: true, Times: care.ContactAnyTime}
	type want struct {
		kind     care.MessageKind
		occasion string
	}
	occ := start.UTC().Format(time.RFC3339)
	tests := []struct {
		name string
		c    store.MessageCandidate
		want []want
	}{
		{"booked just now", store.MessageCandidate{StartsAt: start, CreatedAt: now, UpdatedAt: now, Prefs: text},
			[]want{{care.MessageBooked, ""}, {care.MessageReminder2Days, occ}, {care.MessageReminder2Hours, occ}}},
		{"booked long ago", store.MessageCandidate{StartsAt: start, CreatedAt: longAgo, UpdatedAt: longAgo, Prefs: text, ToldAny: true},
			[]want{{care.MessageReminder2Days, occ}, {care.MessageReminder2Hours, occ}}},
		{"moved after we told them another time", store.MessageCandidate{StartsAt: start, CreatedAt: longAgo, UpdatedAt: now, Prefs: text, ToldAny: true, ToldOtherTime: true},
			[]want{{care.MessageMoved, occ}, {care.MessageReminder2Days, occ}, {care.MessageReminder2Hours, occ}}},
		{"cancelled by the team today", store.MessageCandidate{StartsAt: start, CreatedAt: longAgo, UpdatedAt: now, Prefs: text, Outcome: care.OutcomeCancelledByTeam},
			[]want{{care.MessageCancelled, ""}}},
		{"cancelled by the person, who knows", store.MessageCandidate{StartsAt: start, CreatedAt: longAgo, UpdatedAt: now, Prefs: text, Outcome: care.OutcomeCancelledByPerson}, nil},
		{"booked inside the 2-day window", store.MessageCandidate{StartsAt: start, CreatedAt: uk(t, "2026-12-03 09:00"), UpdatedAt: now, Prefs: text},
			[]want{{care.MessageBooked, ""}, {care.MessageReminder2Hours, occ}}},
		{"not opted in", store.MessageCandidate{StartsAt: start, CreatedAt: now, UpdatedAt: now, Prefs: care.ContactPrefs{Mobile: "07700 900123"}}, nil},
	}
	for _, tt := range tests {
		got := reminders.Plan(tt.c, now)
		if len(got) != len(tt.want) {
			t.Errorf("%s: planned %+v, want %v", tt.name, got, tt.want)
			continue
		}
		for i, w := range tt.want {
			if got[i].Kind != w.kind || got[i].Occasion != w.occasion || got[i].Channel != care.ChannelText {
				t.Errorf("%s: message %d = %s/%s/%q, want %s/sms/%q", tt.name, i, got[i].Kind, got[i].Channel, got[i].Occasion, w.kind, w.occasion)
			}
		}
	}
}
