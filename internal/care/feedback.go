package care

import (
	"slices"
	"strings"
	"time"

	"throughline/internal/problem"
)

// FFTQuestion is the NHS Friends and Family Test question, word for word.
const FFTQuestion = "Overall, how was your experience of our service?"

// FFTAnswer is one of the Friends and Family Test's six answers.
type FFTAnswer string

// The six answers, in the order the test asks them.
const (
	FFTVeryGood FFTAnswer = "very-good"
	FFTGood     FFTAnswer = "good"
	FFTNeither  FFTAnswer = "neither"
	FFTPoor     FFTAnswer = "poor"
	FFTVeryPoor FFTAnswer = "very-poor"
	FFTDontKnow FFTAnswer = "dont-know"
)

// FFTAnswers lists the answers in order.
var FFTAnswers = []FFTAnswer{FFTVeryGood, FFTGood, FFTNeither, FFTPoor, FFTVeryPoor, FFTDontKnow}

// Label is the answer as the test words it.
func (a FFTAnswer) Label() string {
	switch a {
	case FFTVeryGood:
		return "Very good"
	case FFTGood:
		return "Good"
	case FFTNeither:
		return "Neither good nor poor"
	case FFTPoor:
		return "Poor"
	case FFTVeryPoor:
		return "Very poor"
	case FFTDontKnow:
		return "Don't know"
	}
	return string(a)
}

// Positive reports whether the answer counts towards the share positive.
func (a FFTAnswer) Positive() bool { return a == FFTVeryGood || a == FFTGood }

// FeedbackThemes are what a manager may tag feedback as being about.
var FeedbackThemes = []string{"Communication", "Waiting times", "Being listened to", "Staff attitude", "Access and getting in touch", "Care and treatment", "Buildings and rooms", "Other"}

// Limits on what feedback may hold.
const (
	MaxFeedbackText   = 2000
	MaxFeedbackName   = 200
	MaxFeedbackReply  = 5000
	MaxFeedbackLinks  = 1
	FeedbackPerHour   = 5                   // from one address, before more is kept out
	FeedbackMinWait   = 3 * time.Second     // a person reads and chooses; a bot posts at once
	FeedbackMaxWait   = 24 * time.Hour      // an old form is replayed, not filled in
	feedbackSpamLimit = 4 * MaxFeedbackText // far past the box's limit: a script, not a person
)

// Feedback is what someone tells us about a team: the Friends and Family
// Test answer, their own words, and whether they want a reply.
type Feedback struct {
	ID           int64
	TeamID       int64
	TeamName     string
	Answer       FFTAnswer
	Text         string
	Name         string
	Contact      string
	WantsContact bool
	FromPortal   bool
	Hidden       bool
	Theme        string
	Reply        string
	RepliedAt    time.Time
	CreatedAt    time.Time
	Version      int
}

// Validate checks feedback a person sends. It is only called on a
// submission that passed the spam checks, so its messages teach a bot
// nothing it could not read on the form.
func (f Feedback) Validate() error {
	var v problem.Validation
	if f.TeamID == 0 {
		v.Add("team", "Choose the team or service your feedback is about")
	}
	if !validAnswer(f.Answer) {
		v.Add("answer", "Choose an answer to the question")
	}
	if len(f.Text) > MaxFeedbackText {
		v.Add("text", "Your feedback must be 2,000 characters or fewer")
	}
	if len(f.Name) > MaxFeedbackName {
		v.Add("name", "Your name must be 200 characters or fewer")
	}
	if len(f.Contact) > MaxFeedbackName {
		v.Add("contact", "Contact details must be 200 characters or fewer")
	}
	if f.WantsContact && strings.TrimSpace(f.Contact) == "" {
		v.Add("contact", "Tell us how to contact you, or choose not to be contacted")
	}
	return v.Err()
}

func validAnswer(a FFTAnswer) bool { return slices.Contains(FFTAnswers, a) }

// FeedbackSubmission is what the spam checks look at besides the feedback.
type FeedbackSubmission struct {
	Honeypot   string    // the "leave this blank" field
	RenderedAt time.Time // from the form's signed timestamp; zero if missing or forged
	Now        time.Time
	Recent     int // feedback from the same address in the last hour
	Text       string
}

// SpamReason says why a submission is kept out, or "" for one that looks
// like a person's. Nothing here is shown to the sender.
func (s FeedbackSubmission) SpamReason() string {
	switch {
	case s.Honeypot != "":
		return "honeypot"
	case s.RenderedAt.IsZero():
		return "no-form"
	case s.Now.Sub(s.RenderedAt) < FeedbackMinWait:
		return "too-fast"
	case s.Now.Sub(s.RenderedAt) > FeedbackMaxWait:
		return "stale-form"
	case s.Recent >= FeedbackPerHour:
		return "rate"
	case len(s.Text) > feedbackSpamLimit:
		return "too-long"
	case countLinks(s.Text) > MaxFeedbackLinks:
		return "links"
	}
	return ""
}

// countLinks counts web addresses and markup links in text.
func countLinks(text string) int {
	t := strings.ToLower(text)
	n := 0
	for _, marker := range []string{"http://", "https://", "www.", "[url", "<a "} {
		n += strings.Count(t, marker)
	}
	return n
}

// ValidateReview checks a manager's review of feedback.
func (f Feedback) ValidateReview() error {
	var v problem.Validation
	if f.Theme != "" && !slices.Contains(FeedbackThemes, f.Theme) {
		v.Add("theme", "Choose a theme from the list")
	}
	if len(f.Reply) > MaxFeedbackReply {
		v.Add("reply", "The reply must be 5,000 characters or fewer")
	}
	if strings.TrimSpace(f.Reply) != "" && !f.WantsContact {
		v.Add("reply", "This person did not ask to be contacted, so there is nobody to reply to")
	}
	return v.Err()
}

// YouSaidWeDid is a change the team made because of feedback, published.
type YouSaidWeDid struct {
	ID          int64
	TeamID      int64
	TeamName    string
	YouSaid     string
	WeDid       string
	PublishedAt time.Time
}

// Validate checks a "you said, we did" entry before it is published.
func (y YouSaidWeDid) Validate() error {
	var v problem.Validation
	if y.TeamID == 0 {
		v.Add("action_team", "Choose the team")
	}
	for _, x := range []struct{ field, text, empty string }{
		{"you_said", y.YouSaid, "Write what people told us"}, {"we_did", y.WeDid, "Write what we did about it"},
	} {
		switch {
		case strings.TrimSpace(x.text) == "":
			v.Add(x.field, x.empty)
		case len(x.text) > MaxFeedbackText:
			v.Add(x.field, "This must be 2,000 characters or fewer")
		}
	}
	return v.Err()
}

// FFTScore is a team's Friends and Family Test tally.
type FFTScore struct {
	TeamID   int64
	TeamName string
	Counts   map[FFTAnswer]int
}

// Total is how many answered.
func (s FFTScore) Total() int {
	n := 0
	for _, c := range s.Counts {
		n += c
	}
	return n
}

// PositiveCount is how many answered very good or good.
func (s FFTScore) PositiveCount() int { return s.Counts[FFTVeryGood] + s.Counts[FFTGood] }
