package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is GOV.UK Notify's API.
const DefaultBaseURL = "https://api.notifications.service.gov.uk"

// Client sends through GOV.UK Notify's v2 API.
type Client struct {
	key     Key
	baseURL string
	http    *http.Client
	now     func() time.Time
}

// NewClient makes a client for an API key. baseURL is Notify's unless a
// test points it at a fake server.
func NewClient(apiKey, baseURL string) (*Client, error) {
	k, err := ParseKey(apiKey)
	if err != nil {
		return nil, err
	}
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("the Notify base URL %q is not an http(s) address", baseURL)
	}
	return &Client{key: k, baseURL: strings.TrimRight(baseURL, "/"), http: &http.Client{Timeout: 30 * time.Second}, now: time.Now}, nil
}

// Name names the transport.
func (c *Client) Name() string { return "notify" }

// Send posts a text or an email.
func (c *Client) Send(ctx context.Context, m Message) (Receipt, error) {
	body := map[string]any{"template_id": m.TemplateID, "reference": m.Reference}
	if len(m.Personalisation) > 0 {
		body["personalisation"] = m.Personalisation
	}
	var path string
	switch m.Channel {
	case "sms":
		path, body["phone_number"] = "/v2/notifications/sms", m.To
	case "email":
		path, body["email_address"] = "/v2/notifications/email", m.To
	default:
		return Receipt{}, &Error{Message: "unknown channel " + m.Channel}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return Receipt{}, &Error{Message: err.Error()}
	}
	var got struct {
		ID string `json:"id"`
	}
	data, err := c.do(ctx, http.MethodPost, path, b)
	if err != nil {
		return Receipt{}, err
	}
	// Notify took the message: an answer we cannot read must not make us
	// send it again, so it is kept without Notify's id.
	if json.Unmarshal(data, &got) != nil {
		got.ID = ""
	}
	return Receipt{ID: got.ID, Status: "created"}, nil
}

// Lookup asks Notify for a notification sent under our reference.
func (c *Client) Lookup(ctx context.Context, reference string) (Receipt, bool, error) {
	var got struct {
		Notifications []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"notifications"`
	}
	data, err := c.do(ctx, http.MethodGet, "/v2/notifications?reference="+url.QueryEscape(reference), nil)
	if err != nil {
		return Receipt{}, false, err
	}
	// Unreadable is not "not found": guessing wrong would send twice.
	if err := json.Unmarshal(data, &got); err != nil {
		return Receipt{}, false, &Error{Temporary: true, Message: "reading Notify's answer: " + err.Error()}
	}
	if len(got.Notifications) == 0 {
		return Receipt{}, false, nil
	}
	n := got.Notifications[0]
	return Receipt{ID: n.ID, Status: n.Status}, true, nil
}

func (c *Client) do(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, rd)
	if err != nil {
		return nil, &Error{Message: err.Error()}
	}
	req.Header.Set("Authorization", "Bearer "+c.key.Token(c.now()))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "throughline")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, &Error{Temporary: true, Message: err.Error()}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, &Error{Status: resp.StatusCode, Temporary: true, Message: "reading the response: " + err.Error()}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return data, nil
	}
	return nil, classify(resp.StatusCode, data)
}

// classify turns a refusal into an Error, with Notify's own words when its
// error body says what was wrong.
func classify(status int, body []byte) *Error {
	var e struct {
		Errors []struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	msg := http.StatusText(status)
	if json.Unmarshal(body, &e) == nil && len(e.Errors) > 0 {
		var parts []string
		for _, x := range e.Errors {
			parts = append(parts, strings.TrimSpace(x.Error+": "+x.Message))
		}
		msg = strings.Join(parts, "; ")
	}
	if len(msg) > 500 {
		msg = strings.ToValidUTF8(msg[:500], "")
	}
	return &Error{Status: status, Temporary: status == http.StatusTooManyRequests || status >= 500, Message: msg}
}
