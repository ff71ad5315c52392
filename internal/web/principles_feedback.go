package web

import (
	"context"

	"throughline/internal/care"
	"throughline/internal/disclosure"
	"throughline/internal/indicators"
	"throughline/internal/store"
)

// feedbackScores is the Friends and Family Test per team on the principles
// page, every count through the disclosure rules: positive (very good or
// good), neither, negative (poor or very poor), don't know, and the share
// positive of everyone who answered.
type feedbackScores struct {
	Table    *disclosure.Table
	Positive []disclosure.Share // one a row
}

// The table's columns.
const (
	fftPositive = iota
	fftNeither
	fftNegative
	fftDontKnow
	fftTotal
)

func (s *Server) principlesFeedback(ctx context.Context, sc store.IndicatorScope, p indicators.Period) (feedbackScores, error) {
	var out feedbackScores
	ids := make([]int64, 0, len(sc.Teams))
	names := make([]string, 0, len(sc.Teams))
	for _, t := range sc.Teams {
		ids, names = append(ids, t.ID), append(names, t.Name)
	}
	scores, err := s.db.FeedbackScores(ctx, ids, p.From, p.To.AddDate(0, 0, 1))
	if err != nil {
		return out, err
	}
	counts := make([][]int, len(scores))
	for i, sc := range scores {
		c := sc.Counts
		counts[i] = []int{sc.PositiveCount(), c[care.FFTNeither], c[care.FFTPoor] + c[care.FFTVeryPoor], c[care.FFTDontKnow], sc.Total()}
	}
	out.Table = disclosure.NewTable("Friends and Family Test", names, []string{"Very good or good", "Neither good nor poor", "Poor or very poor", "Don't know", "Answers"}, counts)
	out.Table.RowSums(fftTotal, fftPositive, fftNeither, fftNegative, fftDontKnow)
	out.Table.Protect()
	for i := range scores {
		out.Positive = append(out.Positive, out.Table.Share(disclosure.Cell{Row: i, Col: fftPositive}, disclosure.Cell{Row: i, Col: fftTotal},
			disclosure.Cell{Row: i, Col: fftNeither}, disclosure.Cell{Row: i, Col: fftNegative}, disclosure.Cell{Row: i, Col: fftDontKnow}))
	}
	return out, nil
}
