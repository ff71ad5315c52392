package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"throughline/internal/care"
	"throughline/internal/problem"
	"throughline/internal/store"
	"throughline/internal/store/storetest"
)

// TestAssessmentAttendanceIsOneStep checks that an assessment's outcome and
// its timeline note are recorded together, and that a refused attempt
// leaves neither behind.
func TestAssessmentAttendanceIsOneStep(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pr := newPathwayRegion(t, db)
		other := mustPerson(t, db, "Sam")
		tests := []struct {
			name      string
			person    func(ap care.Appointment) int64
			version   func(ap care.Appointment) int
			outcome   care.Outcome
			wantCode  string
			wantNote  string
			wantSaved care.Outcome
		}{
			{"stale version", func(ap care.Appointment) int64 { return ap.PersonID }, func(ap care.Appointment) int { return ap.Version + 1 },
				care.OutcomeAttended, problem.Conflict, "", ""},
			{"another person's appointment", func(care.Appointment) int64 { return other.ID }, func(ap care.Appointment) int { return ap.Version },
				care.OutcomeAttended, problem.NotFound, "", ""},
			{"attended", func(ap care.Appointment) int64 { return ap.PersonID }, func(ap care.Appointment) int { return ap.Version },
				care.OutcomeAttended, "", "Attended", care.OutcomeAttended},
			{"did not attend", func(ap care.Appointment) int64 { return ap.PersonID }, func(ap care.Appointment) int { return ap.Version },
				care.OutcomeDidNotAttend, "", "follow-up task opened", care.OutcomeDidNotAttend},
		}
		// Two assessments may wait at once: a refused attempt leaves its
		// appointment waiting for the next case.
		var ap care.Appointment
		for i, tt := range tests {
			if ap.ID == 0 || ap.Outcome != "" {
				ap = care.Appointment{PersonID: pr.person.ID, ReferralID: pr.ref.ID, StartsAt: db.Now().Add(-time.Duration(i+1) * time.Hour), StaffIDs: []int64{pr.clin.ID}}
				if err := db.BookAssessment(ctx, pr.actor, &ap); err != nil {
					t.Fatalf("%s: book: %v", tt.name, err)
				}
			}
			before, err := db.ReferralEvents(ctx, pr.ref.ID)
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.RecordAssessmentAttendance(ctx, pr.actor, tt.person(ap), ap.ID, tt.version(ap), tt.outcome, "")
			if got := problem.Code(err); got != tt.wantCode {
				t.Errorf("%s: code %q (%v), want %q", tt.name, got, err, tt.wantCode)
			}
			after, err := db.ReferralEvents(ctx, pr.ref.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ap, err = db.Appointment(ctx, pr.actor, ap.ID); err != nil {
				t.Fatal(err)
			}
			if got, want := ap.Outcome, tt.wantSaved; got != want {
				t.Errorf("%s: outcome saved = %q, want %q", tt.name, got, want)
			}
			gotNotes := len(after) - len(before)
			wantNotes := 0
			if tt.wantNote != "" {
				wantNotes = 1
			}
			if gotNotes != wantNotes {
				t.Errorf("%s: %d timeline notes added, want %d", tt.name, gotNotes, wantNotes)
				continue
			}
			if wantNotes == 1 && !strings.Contains(after[len(after)-1].Note, tt.wantNote) {
				t.Errorf("%s: timeline note %q, want it to mention %q", tt.name, after[len(after)-1].Note, tt.wantNote)
			}
		}
	})
}
