package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"throughline/internal/auth"
	"throughline/internal/store"
)

var feedbackStampField = regexp.MustCompile(`name="form_stamp" value="([^"]+)"`)

// feedbackForm loads the public form and returns its signed stamp.
func (f *fixture) feedbackForm(t *testing.T) string {
	t.Helper()
	res, body := f.do(t, http.MethodGet, "/feedback", "", nil)
	m := feedbackStampField.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(body, "Overall, how was your experience of our service?") || !strings.Contains(body, "Leave this blank") {
		t.Fatalf("feedback form: %d, stamp %v", res.StatusCode, m)
	}
	return m[1]
}

// later moves the store's clock on, as the time a person takes to answer.
func (f *fixture) later(t *testing.T, d time.Duration) {
	t.Helper()
	clock := f.db.Now
	f.db.Now = func() time.Time { return clock().Add(d) }
	t.Cleanup(func() { f.db.Now = clock })
}

func (f *fixture) teamID(t *testing.T) string {
	t.Helper()
	return fmt.Sprint(f.users[auth.TeamManager].TeamIDs[0])
}

// reviewed is the text of the manager's review page.
func (f *fixture) reviewed(t *testing.T) string {
	t.Helper()
	token, _ := f.session(t, f.users[auth.TeamManager])
	res, body := f.do(t, http.MethodGet, "/feedback/review", token, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("review page: %d\n%s", res.StatusCode, body)
	}
	return body
}

// postFeedback sends the public form as a person would fill it, changed
// by change, and checks the sender sees the thank-you page.
func (f *fixture) postFeedback(t *testing.T, stamp, text string, change func(url.Values)) {
	t.Helper()
	v := url.Values{"form_stamp": {stamp}, "team": {f.teamID(t)}, "answer": {"good"}, "text": {text}, "anonymous": {"yes"}, "contact_wish": {"no"}, "website": {""}}
	if change != nil {
		change(v)
	}
	res, body := f.do(t, http.MethodPost, "/feedback", "", v)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Thank you for your feedback") {
		t.Fatalf("%q: %d, want the thank-you page\n%s", text, res.StatusCode, body)
	}
}

// TestFeedbackSpamIsKeptOutQuietly: a person's feedback reaches the
// manager; a post too soon after the form was drawn, a filled honeypot, a
// forged or missing stamp and too many links get the same thank-you page
// and never reach the review page.
func TestFeedbackSpamIsKeptOutQuietly(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		stamp := f.feedbackForm(t)
		f.later(t, time.Second)
		f.postFeedback(t, stamp, "Too fast spam", nil)
		f.later(t, time.Minute)
		f.postFeedback(t, stamp, "The group helped me a lot", nil)
		spam := map[string]func(url.Values){
			"Honeypot spam": func(v url.Values) { v.Set("website", "http://spam.example") },
			"Forged spam":   func(v url.Values) { v.Set("form_stamp", fmt.Sprint(f.db.Now().Add(-time.Hour).Unix())+".deadbeef") },
			"No stamp spam": func(v url.Values) { v.Del("form_stamp") },
			"Link spam":     func(v url.Values) { v.Set("text", "Link spam https://a.example https://b.example") },
		}
		for text, change := range spam {
			f.postFeedback(t, stamp, text, change)
		}
		body := f.reviewed(t)
		if !strings.Contains(body, "The group helped me a lot") {
			t.Errorf("the person's feedback is not on the review page")
		}
		for _, text := range []string{"Too fast spam", "Honeypot spam", "Forged spam", "No stamp spam", "Link spam"} {
			if strings.Contains(body, text) {
				t.Errorf("%q reached the review page", text)
			}
		}
		if !strings.Contains(body, "5 submissions were kept out") {
			t.Errorf("the review page does not say how many were kept out")
		}
	})
}

// TestFeedbackRateLimitPerAddress: the sixth post from one address in an
// hour is kept out, counted in the database; an hour on, feedback from
// the same address is taken again.
func TestFeedbackRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		stamp := f.feedbackForm(t)
		f.later(t, time.Minute)
		for i := 1; i <= 6; i++ {
			f.postFeedback(t, stamp, fmt.Sprintf("Visit number %d was fine", i), nil)
		}
		f.later(t, time.Hour)
		f.postFeedback(t, stamp, "An hour later", nil)
		body := f.reviewed(t)
		for i, want := range map[string]bool{"Visit number 5 was fine": true, "Visit number 6 was fine": false, "An hour later": true} {
			if got := strings.Contains(body, i); got != want {
				t.Errorf("review page shows %q = %v, want %v", i, got, want)
			}
		}
	})
}

// TestFeedbackBadInputIsExplained: real feedback with no answer, or a wish
// to be contacted with no way to do it, is shown again with the problem
// and what was typed, and nothing is stored.
func TestFeedbackBadInputIsExplained(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		stamp := f.feedbackForm(t)
		f.later(t, time.Minute)
		for _, tt := range []struct {
			name   string
			change func(url.Values)
			msg    string
		}{
			{"no answer", func(v url.Values) { v.Del("answer") }, "Choose an answer to the question"},
			{"contact with no details", func(v url.Values) { v.Set("anonymous", "no"); v.Set("contact_wish", "yes") }, "Tell us how to contact you"},
		} {
			v := url.Values{"form_stamp": {stamp}, "team": {f.teamID(t)}, "answer": {"poor"}, "text": {"Kept text " + tt.name}, "anonymous": {"yes"}, "contact_wish": {"no"}}
			tt.change(v)
			res, body := f.do(t, http.MethodPost, "/feedback", "", v)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.msg) || !strings.Contains(body, "Kept text "+tt.name) {
				t.Errorf("%s: %d, want 422 with %q and the text kept", tt.name, res.StatusCode, tt.msg)
			}
		}
		if body := f.reviewed(t); strings.Contains(body, "Kept text") {
			t.Errorf("invalid feedback was stored")
		}
	})
}

// TestFeedbackReviewAndYouSaidWeDid: the manager hides, tags and replies
// (only where contact was asked for), and publishes a "you said, we did"
// the public sees; the portal form takes a service user's feedback.
func TestFeedbackReviewAndYouSaidWeDid(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		stamp := f.feedbackForm(t)
		f.later(t, time.Minute)
		f.postFeedback(t, stamp, "Please call me back about the waiting", func(v url.Values) {
			v.Set("anonymous", "no")
			v.Set("name", "Alex")
			v.Set("contact_wish", "yes")
			v.Set("contact", "07700 900000")
		})
		f.postFeedback(t, stamp, "Anonymous and fine", nil)
		self, scsrf := f.session(t, f.users[auth.ServiceUser])
		res, body := f.do(t, http.MethodPost, fmt.Sprintf("/people/%d/feedback", f.person.ID), self,
			url.Values{"csrf_token": {scsrf}, "team": {f.teamID(t)}, "answer": {"very-good"}, "text": {"From my portal"}, "anonymous": {"yes"}, "contact_wish": {"no"}})
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Thank you") {
			t.Fatalf("portal feedback: %d\n%s", res.StatusCode, body)
		}
		list, err := f.db.FeedbackPage(ctx, nil, store.FirstPage)
		if err != nil || list.Total != 3 {
			t.Fatalf("feedback stored: %d, %v; want 3", list.Total, err)
		}
		ids := map[string]int64{}
		for _, fb := range list.Rows {
			ids[fb.Text] = fb.ID
		}
		token, csrf := f.session(t, f.users[auth.TeamManager])
		review := func(text string, v url.Values) (*http.Response, string) {
			v.Set("csrf_token", csrf)
			v.Set("version", "1")
			return f.do(t, http.MethodPost, fmt.Sprintf("/feedback/review/%d", ids[text]), token, v)
		}
		if res, body := review("Anonymous and fine", url.Values{"reply": {"Thanks"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "did not ask to be contacted") {
			t.Errorf("reply to anonymous feedback: %d, want 422", res.StatusCode)
		}
		if res, body := review("Please call me back about the waiting", url.Values{"theme": {"Waiting times"}, "reply": {"Called Alex on Tuesday"}, "hidden": {"no"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("review: %d\n%s", res.StatusCode, body)
		}
		if res, _ := review("Anonymous and fine", url.Values{"theme": {"Not a theme"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("made-up theme: %d, want 422", res.StatusCode)
		}
		if res, _ := review("From my portal", url.Values{"hidden": {"yes"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("hide: %d", res.StatusCode)
		}
		body = f.reviewed(t)
		for _, want := range []string{"Called Alex on Tuesday", "Hidden", "from the portal"} {
			if !strings.Contains(body, want) {
				t.Errorf("review page lacks %q", want)
			}
		}
		res, body = f.do(t, http.MethodPost, "/feedback/you-said-we-did", token, url.Values{"csrf_token": {csrf}, "action_team": {f.teamID(t)},
			"you_said": {"The wait for a first appointment was too long"}, "we_did": {"We added an evening clinic"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%s", res.StatusCode, body)
		}
		if _, body := f.do(t, http.MethodGet, "/feedback/you-said-we-did", "", nil); !strings.Contains(body, "We added an evening clinic") {
			t.Errorf("the public page does not show what was published")
		}
		if res, _ := f.do(t, http.MethodPost, "/feedback/you-said-we-did", token, url.Values{"csrf_token": {csrf}, "action_team": {f.teamID(t)}, "you_said": {"x"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("publish with nothing done: %d, want 422", res.StatusCode)
		}
	})
}

// TestPrinciplesShowFeedbackScores: the principles page shows each team's
// Friends and Family Test answers and share positive through the
// disclosure rules: a small count is hidden, and so is a share it would
// give away.
func TestPrinciplesShowFeedbackScores(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		self, csrf := f.session(t, f.users[auth.ServiceUser])
		send := func(answer string, n int) {
			for range n {
				res, body := f.do(t, http.MethodPost, fmt.Sprintf("/people/%d/feedback", f.person.ID), self,
					url.Values{"csrf_token": {csrf}, "team": {f.teamID(t)}, "answer": {answer}, "anonymous": {"yes"}, "contact_wish": {"no"}})
				if res.StatusCode != http.StatusOK {
					t.Fatalf("portal feedback: %d\n%s", res.StatusCode, body)
				}
			}
		}
		fftRow := func() string {
			t.Helper()
			token, _ := f.session(t, f.users[auth.TeamManager])
			res, body := f.do(t, http.MethodGet, "/reports/principles", token, nil)
			_, table, ok := strings.Cut(body, `id="fft-table"`)
			if res.StatusCode != http.StatusOK || !ok {
				t.Fatalf("principles: %d, FFT table %v", res.StatusCode, ok)
			}
			table, _, _ = strings.Cut(table, "</table>")
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(table, " ")
		}
		send("very-good", 9)
		send("poor", 2)
		row := strings.Join(strings.Fields(fftRow()), " ")
		if !strings.Contains(row, "CEN Community Team not shown 0 not shown 0 10 not shown") {
			t.Errorf("with 2 poor answers the negative count, what it could be worked out from, and the share must be hidden: %s", row)
		}
		send("very-poor", 8)
		// The figures are stored (stored aggregates): the manager asks for
		// them to be refreshed, with the page's own form, to see the new
		// answers now rather than at the next scheduled refresh.
		manager, managerCSRF := f.session(t, f.users[auth.TeamManager])
		if res, body := f.do(t, http.MethodPost, "/reports/principles/refresh", manager, url.Values{"csrf_token": {managerCSRF}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("refresh: %d\n%s", res.StatusCode, body)
		}
		row = strings.Join(strings.Fields(fftRow()), " ")
		if !strings.Contains(row, "CEN Community Team 10 0 10 0 20 50%") {
			t.Errorf("FFT row = %q, want 9 positive and 10 negative of 19 answers, rounded, 50%% positive", row)
		}
	})
}

// TestFeedbackIsFoundFromEveryPage: every page's footer links to the
// feedback form and "you said, we did", signed in or not, and a team
// manager's navigation leads to the review.
func TestFeedbackIsFoundFromEveryPage(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f *fixture) {
		_, body := f.do(t, http.MethodGet, "/login", "", nil)
		if !strings.Contains(body, `href="/feedback"`) || !strings.Contains(body, `href="/feedback/you-said-we-did"`) {
			t.Errorf("the sign-in page's footer does not link to feedback")
		}
		token, _ := f.session(t, f.users[auth.TeamManager])
		if _, body := f.do(t, http.MethodGet, "/", token, nil); !strings.Contains(body, `href="/feedback/review"`) {
			t.Errorf("the manager's navigation does not link to the review")
		}
	})
}
