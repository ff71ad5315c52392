package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	journeys "throughline/internal/journey"
	"throughline/internal/store"
)

// TalkingTherapiesSource names the demo's imported batch: journeys an NHS
// Talking Therapies service recorded in its own system, so the journeys
// page shows a source beside Throughline's own referrals.
const TalkingTherapiesSource = "NHS Talking Therapies Kingsmere (own records)"

// ttServices are the Talking Therapies teams, with the locality each serves.
var ttServices = []struct{ id, locality string }{
	{"tt-north", "N"}, {"tt-south", "S"}, {"tt-east", "E"}, {"tt-west", "W"}, {"tt-city", "C"},
}

// ttPeople is how many people the batch follows.
const ttPeople = 150

// talkingTherapiesCSV is the batch as the service would send it, with
// pseudonymous keys. Most people are accepted and start treatment within
// six weeks; one in five is declined as needing more than a stepped-care
// service offers, and of those half go on to a crisis service and half to
// nothing recorded, which the journeys page counts as falling through.
func talkingTherapiesCSV(now time.Time) string {
	var b strings.Builder
	b.WriteString(strings.Join(journeys.ImportColumns, ",") + "\n")
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	for i := range ttPeople {
		svc := ttServices[i%len(ttServices)]
		referred := now.AddDate(0, 0, -(30 + (i*37)%330))
		key := fmt.Sprintf("ttk-%04d", i+1)
		age := 19 + (i*7)%45
		if i%5 != 0 {
			decided, treated := referred.AddDate(0, 0, 7+i%10), referred.AddDate(0, 0, 21+i%21)
			if treated.After(now) {
				treated = time.Time{}
			}
			treatedOn := ""
			if !treated.IsZero() {
				treatedOn = day(treated)
			}
			fmt.Fprintf(&b, "%s,%s,%s,accepted,%s,%s,%s,able,none,single,%d,%s,none,settled,short\n",
				key, svc.id, day(referred), day(decided), treatedOn, []string{"low", "moderate"}[i%2], age, svc.locality)
			continue
		}
		decided := referred.AddDate(0, 0, 10)
		fmt.Fprintf(&b, "%s,%s,%s,declined,%s,,high,variable,uncertain,complex-trauma,%d,%s,none,unstable,long\n",
			key, svc.id, day(referred), day(decided), age, svc.locality)
		if i%10 == 0 {
			went := decided.AddDate(0, 0, 20)
			fmt.Fprintf(&b, "%s,crisis-cafe,%s,accepted,%s,,high,variable,uncertain,complex-trauma,%d,%s,none,unstable,long\n",
				key, day(went), day(went), age, svc.locality)
		}
	}
	return b.String()
}

// loadTalkingTherapiesJourneys imports the batch through the same parser
// and store call as `throughline import journeys`.
func loadTalkingTherapiesJourneys(ctx context.Context, db *store.DB, now time.Time) error {
	svcs, err := db.Services(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, s := range svcs {
		known[s.ID] = true
	}
	rows, err := journeys.ParseImport(strings.NewReader(talkingTherapiesCSV(now)), func(id string) bool { return known[id] }, nil)
	if err != nil {
		return fmt.Errorf("demo: talking therapies journeys: %w", err)
	}
	if _, err := db.ImportJourneys(ctx, auth.System, TalkingTherapiesSource, "talking-therapies-journeys.csv", rows, nil); err != nil {
		return fmt.Errorf("demo: talking therapies journeys: %w", err)
	}
	return nil
}
