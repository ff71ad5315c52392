package web

import (
	"net/http"
	"time"

	"throughline/internal/disclosure"
	"throughline/internal/uktime"
)

// languageMonths is how far back language over time looks.
const languageMonths = 12

type languageOverTime struct {
	Months []string
	Rows   []languageTrend
}

type languageTrend struct {
	Term   string
	Counts []disclosure.Count
}

// handleLanguageOverTime shows, for a team manager's teams, how often each
// current lexicon entry appeared in new staff text each month: counts
// only, never who wrote them or about whom, each through disclosure, to
// guide training rather than to find people out.
func (s *Server) handleLanguageOverTime(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	entries, err := s.db.LanguageEntries(ctx)
	if err != nil {
		return err
	}
	m, err := s.matcher(ctx)
	if err != nil {
		return err
	}
	now := uktime.In(s.db.Now())
	first := time.Date(now.Year(), now.Month()-languageMonths+1, 1, 0, 0, 0, 0, uktime.London)
	d := languageOverTime{}
	col := map[string]int{}
	for i := range languageMonths {
		label := first.AddDate(0, i, 0).Format("Jan 2006")
		col[label] = i
		d.Months = append(d.Months, label)
	}
	row := map[string]int{}
	var terms []string
	for _, e := range entries {
		if !e.Retired {
			row[e.Term] = len(terms)
			terms = append(terms, e.Term)
		}
	}
	counts := make([][]int, len(terms))
	for i := range counts {
		counts[i] = make([]int, languageMonths)
	}
	err = s.db.EachTeamText(ctx, teamIDs(currentUser(r)), first, func(at time.Time, text string) error {
		j, ok := col[uktime.In(at).Format("Jan 2006")]
		if !ok {
			return nil
		}
		for _, f := range m.Check(text) {
			if i, ok := row[f.Term]; ok {
				counts[i][j]++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	t := disclosure.NewTable("language over time", terms, d.Months, counts)
	t.Protect()
	for i, term := range terms {
		d.Rows = append(d.Rows, languageTrend{Term: term, Counts: t.Row(i)})
	}
	s.render(w, r, http.StatusOK, "language_over_time", view{Title: "Language over time", D: d})
	return nil
}
