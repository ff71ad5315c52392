package web

import (
	"throughline/internal/care"
	"throughline/internal/disclosure"
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

func principlesFeedback(names []string, scores []care.FFTScore) feedbackScores {
	var out feedbackScores
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
	return out
}
