package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"throughline/internal/directory"
	"throughline/internal/journey"
	"throughline/internal/scenario"
)

// gapsReplay replays real journeys against the directory with and without
// proposed rule changes: who that fell through would have had somewhere
// to go, and where the demand would land.
func (m *Main) gapsReplay(ctx context.Context, args []string) error {
	fs := m.newFlags("gaps replay")
	dsn := fs.String("db", "./throughline.db", "database to read the directory and journeys from when files are not given")
	dirFile := fs.String("directory", "", "directory JSON file; default: the database")
	journeysFile := fs.String("journeys", "", "journeys CSV file (as for import journeys); default: the database's own and imported journeys")
	changesFile := fs.String("changes", "", `scenario JSON file: {"changes":[{"service":"id", ...}]} (required)`)
	asOfText := fs.String("as-of", "", "judge 90-day windows as of this date, YYYY-MM-DD (default today)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := m.parse(fs, args); err != nil {
		return err
	}
	if *changesFile == "" {
		return fmt.Errorf("gaps replay needs --changes FILE.json")
	}
	asOf := time.Now().UTC()
	if *asOfText != "" {
		t, err := time.Parse(time.DateOnly, *asOfText)
		if err != nil {
			return fmt.Errorf("--as-of must be a date YYYY-MM-DD, not %q", *asOfText)
		}
		// The whole of the as-of day has happened.
		asOf = t.Add(24*time.Hour - time.Second)
	}
	services, err := m.loadDirectory(ctx, *dirFile, *dsn)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(*changesFile)
	if err != nil {
		return err
	}
	sc, err := scenario.Parse(b, services)
	if err != nil {
		return err
	}
	in, err := m.replayJourneys(ctx, *journeysFile, *dsn, services)
	if err != nil {
		return err
	}
	res, err := scenario.Replay(in, services, sc, asOf)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, res)
	}
	printReplay(m.Stdout, res)
	return nil
}

// replayJourneys reads journeys from a CSV file, or else every journey in
// the database, Throughline's own and imported.
func (m *Main) replayJourneys(ctx context.Context, file, dsn string, services []directory.Service) (journey.Input, error) {
	tiers := make(map[string]string, len(services))
	for _, s := range services {
		tiers[s.ID] = s.Tier
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return journey.Input{}, err
		}
		defer f.Close()
		rows, err := journey.ParseImport(f, func(id string) bool { _, ok := tiers[id]; return ok }, nil)
		if err != nil {
			return journey.Input{}, err
		}
		return journey.ImportedInput(rows, tiers), nil
	}
	db, err := openDB(ctx, dsn, m.Stderr)
	if err != nil {
		return journey.Input{}, err
	}
	defer db.Close()
	in, err := db.JourneyInput(ctx, time.Time{}, time.Time{}, "")
	if err != nil {
		return in, err
	}
	imported, _, err := db.ImportedJourneys(ctx)
	if err != nil {
		return in, err
	}
	in.Referrals = append(in.Referrals, imported...)
	return in, nil
}

func printReplay(w io.Writer, res scenario.Result) {
	fmt.Fprintf(w, "People with a referral:                 %d\n", res.People)
	fmt.Fprintf(w, "Fell through (90 days, no treatment):   %d\n", res.FellThrough)
	fmt.Fprintf(w, "  in the rules gap, baseline:           %d\n", res.RulesGap.Baseline)
	fmt.Fprintf(w, "  in the rules gap, under the scenario: %d\n", res.RulesGap.Scenario)
	fmt.Fprintf(w, "  a route existed (routing, not rules): %d\n", res.RouteExisted)
	fmt.Fprintf(w, "  no complete profile recorded:         %d\n", res.NoProfile)
	fmt.Fprintf(w, "Closed by the scenario:                 %d\n", res.Closed)
	fmt.Fprintf(w, "Declines the scenario would reverse:    %d\n", res.ReversedDeclines)
	if len(res.ByService) == 0 {
		fmt.Fprintln(w, "\nNo service would newly accept anyone who fell through.")
		return
	}
	fmt.Fprintln(w, "\nDemand the scenario would bring (people who fell through, newly accepted):")
	tw := tabwriter.NewWriter(w, 4, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "service\tnewly accepting\tcapacity\twait (weeks)")
	for _, d := range res.ByService {
		capacity := "unknown"
		if d.Capacity > 0 {
			capacity = fmt.Sprint(d.Capacity)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\n", d.ID, d.NewlyAccepting, capacity, d.WaitWeeks)
	}
	tw.Flush()
}
