package notify

import (
	"strings"
	"testing"
)

func TestClassifyReadsNotifyErrors(t *testing.T) {
	tests := []struct {
		status    int
		body      string
		temporary bool
		message   string
	}{
		{400, `{"status_code":400,"errors":[{"error":"BadRequestError","message":"Can't send to this recipient using a team-only API key"}]}`, false, "BadRequestError: Can't send to this recipient"},
		{403, `{"errors":[{"error":"AuthError","message":"Invalid token: API key not found"}]}`, false, "AuthError: Invalid token"},
		{429, `{"errors":[{"error":"RateLimitError","message":"Exceeded rate limit"}]}`, true, "RateLimitError"},
		{502, `<html>bad gateway</html>`, true, "Bad Gateway"},
		{400, ``, false, "Bad Request"},
	}
	for _, tt := range tests {
		e := classify(tt.status, []byte(tt.body))
		if e.Temporary != tt.temporary || !strings.Contains(e.Message, tt.message) || e.Status != tt.status {
			t.Errorf("classify(%d, %s) = %+v, want temporary %v and %q", tt.status, tt.body, e, tt.temporary, tt.message)
		}
	}
}

func FuzzClassify(f *testing.F) {
	f.Add(400, []byte(`{"errors":[{"error":"X","message":"y"}]}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := classify(status, body)
		if len(e.Message) > 500 {
			t.Errorf("message of %d bytes kept", len(e.Message))
		}
		if e.Temporary != (status == 429 || status >= 500) {
			t.Errorf("status %d temporary = %v", status, e.Temporary)
		}
	})
}
