package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// Client is one simulated browser: its own cookie jar and, once signed in,
// its own session and CSRF token. Every client of a run shares one
// transport, so the hello-world ceiling and Throughline are driven by
// exactly the same connection handling.
type Client struct {
	base string
	http *http.Client
	csrf string
}

// newTransport keeps one idle connection per client alive between requests.
func newTransport(clients int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = clients * 2
	t.MaxIdleConnsPerHost = clients * 2
	t.MaxConnsPerHost = 0
	return t
}

func newClient(base string, t http.RoundTripper) (*Client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	return &Client{base: base, http: &http.Client{
		Transport: t,
		Jar:       jar,
		Timeout:   60 * time.Second,
		// A form post answers 303 See Other; the benchmark times the post
		// itself, not the page it points to.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}, nil
}

// do sends one request and reads the whole body, as a browser would.
func (c *Client) do(ctx context.Context, method, path string, form url.Values) (int, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	return resp.StatusCode, b, nil
}

// get fetches a page that must answer 200.
func (c *Client) get(ctx context.Context, path string) (string, error) {
	status, b, err := c.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", path, err)
	}
	if status != http.StatusOK {
		return "", fmt.Errorf("GET %s: status %d", path, status)
	}
	return string(b), nil
}

// signIn goes through the real sign-in form: it reads the form's CSRF
// token and fields, posts the username and password, and then reads the
// session's own CSRF token from the home page.
func (c *Client) signIn(ctx context.Context, username, password string) (home string, err error) {
	page, err := c.get(ctx, "/login")
	if err != nil {
		return "", fmt.Errorf("sign in as %s: %w", username, err)
	}
	f, err := findForm(page, http.MethodPost, "/login")
	if err != nil {
		return "", fmt.Errorf("sign in as %s: %w", username, err)
	}
	for _, field := range []string{"csrf_token", "username", "password"} {
		if f.Fields[field] == "" {
			return "", fmt.Errorf("sign in as %s: the sign-in form has no %s field", username, field)
		}
	}
	f.Values.Set("username", username)
	f.Values.Set("password", password)
	status, _, err := c.do(ctx, http.MethodPost, f.Action, f.Values)
	if err != nil {
		return "", fmt.Errorf("sign in as %s: %w", username, err)
	}
	if status != http.StatusSeeOther {
		return "", fmt.Errorf("sign in as %s: status %d, want 303 (wrong password, or the account needs a second step)", username, status)
	}
	home, err = c.get(ctx, "/")
	if err != nil {
		return "", fmt.Errorf("sign in as %s: %w", username, err)
	}
	if c.csrf, err = csrfToken(home); err != nil {
		return "", fmt.Errorf("sign in as %s: home page: %w", username, err)
	}
	return home, nil
}
