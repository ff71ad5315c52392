package notify_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"throughline/internal/notify"
	"throughline/internal/notify/notifytest"
)

func TestClientSendsWithValidTokenAndBody(t *testing.T) {
	fake := notifytest.New()
	defer fake.Close()
	c, err := notify.NewClient(notifytest.Key, fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, m := range []notify.Message{
		{Channel: "sms", To: "07700 900123", TemplateID: "tpl-sms", Personalisation: map[string]string{"team": "North team"}, Reference: "ref-1"},
		{Channel: "email", To: "sam@example.com", TemplateID: "tpl-email", Personalisation: map[string]string{"time": "10:00"}, Reference: "ref-2"},
	} {
		r, err := c.Send(ctx, m)
		if err != nil {
			t.Fatalf("send %s: %v (fake saw %v)", m.Channel, err, fake.Problems)
		}
		if r.ID == "" {
			t.Errorf("send %s: no notification id", m.Channel)
		}
	}
	sent := fake.Sent()
	if len(sent) != 2 || len(fake.Problems) != 0 {
		t.Fatalf("sent %+v, problems %v", sent, fake.Problems)
	}
	if got, want := sent[0], (notifytest.Sent{ID: sent[0].ID, Channel: "sms", To: "07700 900123", TemplateID: "tpl-sms", Reference: "ref-1"}); got.Channel != want.Channel || got.To != want.To || got.TemplateID != want.TemplateID || got.Reference != want.Reference || got.Personalisation["team"] != "North team" {
		t.Errorf("sms got %+v, want %+v", got, want)
	}
	if got := sent[1]; got.Channel != "email" || got.To != "sam@example.com" || got.Personalisation["time"] != "10:00" {
		t.Errorf("email got %+v", got)
	}
	r, found, err := c.Lookup(ctx, "ref-2")
	if err != nil || !found || r.ID != sent[1].ID {
		t.Errorf("lookup ref-2 = %+v, %v, %v", r, found, err)
	}
	if _, found, err := c.Lookup(ctx, "never-sent"); err != nil || found {
		t.Errorf("lookup of an unknown reference = %v, %v; want not found", found, err)
	}
}

// The fake refuses a token signed with another secret, for another
// service, or too old: so the passing test above proves ours is right.
func TestFakeRefusesBadTokens(t *testing.T) {
	fake := notifytest.New()
	defer fake.Close()
	other := "throughline_test-" + notifytest.ServiceID + "-00000000-0000-0000-0000-000000000000"
	otherService := "throughline_test-00000000-0000-0000-0000-000000000000-" + notifytest.Secret
	for name, key := range map[string]string{"wrong secret": other, "wrong service": otherService} {
		c, err := notify.NewClient(key, fake.URL)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Send(context.Background(), notify.Message{Channel: "sms", To: "07700 900123", TemplateID: "t", Reference: "r"})
		if err == nil || notify.Temporary(err) {
			t.Errorf("%s: err = %v, want a permanent refusal", name, err)
		}
	}
	fake.Now = func() time.Time { return time.Now().Add(time.Minute) }
	c, err := notify.NewClient(notifytest.Key, fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(context.Background(), notify.Message{Channel: "sms", To: "07700 900123", TemplateID: "t", Reference: "r"}); err == nil || !strings.Contains(err.Error(), "iat") {
		t.Errorf("stale token: err = %v, want refused for iat", err)
	}
}

func TestClientClassifiesFailures(t *testing.T) {
	tests := []struct {
		status    int
		temporary bool
	}{
		{http.StatusTooManyRequests, true},
		{http.StatusInternalServerError, true},
		{http.StatusServiceUnavailable, true},
		{http.StatusBadRequest, false},
		{http.StatusForbidden, false},
	}
	fake := notifytest.New()
	defer fake.Close()
	c, err := notify.NewClient(notifytest.Key, fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		fake.FailNext(tt.status)
		_, err := c.Send(context.Background(), notify.Message{Channel: "sms", To: "07700 900123", TemplateID: "t", Reference: "r"})
		if err == nil {
			t.Fatalf("%d: no error", tt.status)
		}
		if got, want := notify.Temporary(err), tt.temporary; got != want {
			t.Errorf("%d: temporary = %v, want %v (%v)", tt.status, got, want, err)
		}
		if !strings.Contains(err.Error(), "told to fail") {
			t.Errorf("%d: error %q does not carry Notify's message", tt.status, err)
		}
	}
	closed := notifytest.New()
	url := closed.URL
	closed.Close()
	down, err := notify.NewClient(notifytest.Key, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := down.Send(context.Background(), notify.Message{Channel: "sms", To: "07700 900123", TemplateID: "t", Reference: "r"}); err == nil || !notify.Temporary(err) {
		t.Errorf("network failure: err = %v, want temporary", err)
	}
}

func TestParseKey(t *testing.T) {
	tests := []struct {
		key     string
		service string
		ok      bool
	}{
		{notifytest.Key, notifytest.ServiceID, true},
		{"my-key-with-dashes-" + notifytest.ServiceID + "-" + notifytest.Secret, notifytest.ServiceID, true},
		{notifytest.ServiceID + "-" + notifytest.Secret, "", false},
		{"short", "", false},
		{"name-" + notifytest.ServiceID + "x" + notifytest.Secret, "", false},
		{"name-" + strings.Repeat("z", 36) + "-" + notifytest.Secret, "", false},
	}
	for _, tt := range tests {
		k, err := notify.ParseKey(tt.key)
		if got := err == nil; got != tt.ok {
			t.Errorf("ParseKey(%q) err = %v, want ok %v", tt.key, err, tt.ok)
			continue
		}
		if tt.ok && (k.ServiceID != tt.service || k.Secret != notifytest.Secret) {
			t.Errorf("ParseKey(%q) = %+v", tt.key, k)
		}
	}
}

func FuzzParseKey(f *testing.F) {
	f.Add(notifytest.Key)
	f.Add("x")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := notify.ParseKey(s)
		if err == nil && (len(k.ServiceID) != 36 || len(k.Secret) != 36) {
			t.Errorf("ParseKey(%q) = %+v", s, k)
		}
	})
}
