package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/measures"
)

// A risk answer above zero reaches the named worker where they start their
// day, by the person's name, and stays there, marked overdue, until it is
// done: it cannot sit unseen behind a count of tasks.
func TestHomeShowsRiskChecksAndOverdueTasksByName(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		clinician := f.users[auth.Clinician]
		token, _ := f.session(t, clinician)
		attention := func() string {
			t.Helper()
			_, body := f.do(t, "GET", "/", token, nil)
			start := strings.Index(body, `id="attention"`)
			if start < 0 {
				return ""
			}
			end := strings.Index(body[start:], "</div>")
			return body[start : start+end]
		}
		if got := attention(); got != "" {
			t.Fatalf("attention box with nothing to attend to: %s", got)
		}
		a, err := measures.ParseAnswers("0,0,0,0,0,0,0,0,2")
		if err != nil {
			t.Fatal(err)
		}
		resp := measures.Response{PersonID: f.person.ID, MeasureID: "PHQ-9", TakenAt: f.db.Now(), Answers: a}
		task, err := f.db.RecordMeasure(ctx, auth.Actor{User: clinician, Relationship: auth.RelCaseload}, &resp)
		if err != nil || task == nil || task.AssigneeID != clinician.ID {
			t.Fatalf("a PHQ-9 item 9 of 2 should open a check-in for the named worker: %+v, %v", task, err)
		}
		got := attention()
		for _, want := range []string{"Linked", measures.RiskCheckTitle(measures.Catalogue()["PHQ-9"])} {
			if !strings.Contains(got, want) {
				t.Errorf("attention box lacks %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, "Overdue") {
			t.Errorf("a task due today is marked overdue:\n%s", got)
		}
		later := f.db.Now().AddDate(0, 0, 10)
		f.db.Now = func() time.Time { return later }
		token, _ = f.session(t, clinician) // the first session has expired by now
		if got := attention(); !strings.Contains(got, "Overdue") {
			t.Errorf("ten days on, the check-in is not marked overdue:\n%s", got)
		}
	})
}
