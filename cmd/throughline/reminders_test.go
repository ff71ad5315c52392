package main

import (
	"flag"
	"io"
	"strings"
	"testing"

	"throughline/internal/notify/notifytest"
)

// TestReminderFlags: no key keeps messages in the outbox; a key builds the
// Notify client; a bad key or missing template ids stop serve with a clear
// message instead of failing at the first send.
func TestReminderFlags(t *testing.T) {
	tests := []struct {
		args      []string
		transport string
		err       string
	}{
		{nil, "outbox", ""},
		{[]string{"--notify-key", notifytest.Key, "--notify-sms-template", "a", "--notify-email-template", "b"}, "notify", ""},
		{[]string{"--notify-key", notifytest.Key}, "", "needs --notify-sms-template"},
		{[]string{"--notify-key", "not-a-key", "--notify-sms-template", "a", "--notify-email-template", "b"}, "", "too short"},
		{[]string{"--notify-key", notifytest.Key, "--notify-url", "ftp://x", "--notify-sms-template", "a", "--notify-email-template", "b"}, "", "not an http(s) address"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		f := addReminderFlags(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		s, err := f.sender()
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: err = %v, want %q", tt.args, err, tt.err)
			}
		case err != nil:
			t.Errorf("%v: %v", tt.args, err)
		case s.Name() != tt.transport:
			t.Errorf("%v: transport %s, want %s", tt.args, s.Name(), tt.transport)
		}
	}
}
