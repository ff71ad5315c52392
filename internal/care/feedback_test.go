package care

import (
	"strings"
	"testing"
	"time"

	"throughline/internal/problem"
)

func TestFeedbackSpamReason(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	person := FeedbackSubmission{RenderedAt: now.Add(-2 * time.Minute), Now: now, Text: "The team listened. See www.example.org for our group."}
	tests := []struct {
		name   string
		change func(*FeedbackSubmission)
		want   string
	}{
		{"a person", func(*FeedbackSubmission) {}, ""},
		{"honeypot filled", func(s *FeedbackSubmission) { s.Honeypot = "x" }, "honeypot"},
		{"no signed form", func(s *FeedbackSubmission) { s.RenderedAt = time.Time{} }, "no-form"},
		{"too fast", func(s *FeedbackSubmission) { s.RenderedAt = now.Add(-time.Second) }, "too-fast"},
		{"just slow enough", func(s *FeedbackSubmission) { s.RenderedAt = now.Add(-FeedbackMinWait) }, ""},
		{"a day-old form", func(s *FeedbackSubmission) { s.RenderedAt = now.Add(-25 * time.Hour) }, "stale-form"},
		{"fifth from one address this hour", func(s *FeedbackSubmission) { s.Recent = FeedbackPerHour }, "rate"},
		{"two links", func(s *FeedbackSubmission) { s.Text = "buy at https://a.example and http://b.example" }, "links"},
		{"markup link", func(s *FeedbackSubmission) { s.Text = "[url=x]cheap[/url] <a href=y>" }, "links"},
		{"far too long", func(s *FeedbackSubmission) { s.Text = strings.Repeat("a", 4*MaxFeedbackText+1) }, "too-long"},
	}
	for _, tt := range tests {
		s := person
		tt.change(&s)
		if got := s.SpamReason(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFeedbackValidate(t *testing.T) {
	t.Parallel()
	ok := Feedback{TeamID: 1, Answer: FFTGood}
	tests := []struct {
		name  string
		f     Feedback
		field string
	}{
		{"fine and anonymous", ok, ""},
		{"no team", Feedback{Answer: FFTGood}, "team"},
		{"no answer", Feedback{TeamID: 1}, "answer"},
		{"made-up answer", Feedback{TeamID: 1, Answer: "great"}, "answer"},
		{"wants contact with no way to reach them", Feedback{TeamID: 1, Answer: FFTPoor, WantsContact: true}, "contact"},
		{"too long", Feedback{TeamID: 1, Answer: FFTPoor, Text: strings.Repeat("a", MaxFeedbackText+1)}, "text"},
	}
	for _, tt := range tests {
		err := tt.f.Validate()
		_, has := problem.Fields(err)[tt.field]
		if (err == nil) != (tt.field == "") || (err != nil && !has) {
			t.Errorf("%s: got %v, want a problem with %q", tt.name, err, tt.field)
		}
	}
}

func TestFFTScoreSharePositive(t *testing.T) {
	t.Parallel()
	s := FFTScore{Counts: map[FFTAnswer]int{FFTVeryGood: 3, FFTGood: 2, FFTPoor: 4, FFTDontKnow: 1}}
	if got, want := s.Total(), 10; got != want {
		t.Errorf("total = %d, want %d", got, want)
	}
	if got, want := s.PositiveCount(), 5; got != want {
		t.Errorf("positive = %d, want %d", got, want)
	}
}
