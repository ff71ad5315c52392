package demo

import (
	"strings"
	"testing"
	"time"
)

// TestProgress: a terminal gets a bar redrawn in place, anything else one
// plain line per phase.
func TestProgress(t *testing.T) {
	tests := []struct {
		terminal bool
		want     []string
		notWant  string
	}{
		{false, []string{"People and referrals: 4000 done in 2s\n"}, "\r"},
		{true, []string{"\rPeople and referrals   [...............", "[###############...............] 2000/4000",
			"[##############################] 4000/4000 2s\n"}, "done in"},
	}
	for _, tt := range tests {
		var b strings.Builder
		clock := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
		p := NewProgress(&b, tt.terminal).(*progress)
		p.now = func() time.Time { return clock }
		p.Phase("People and referrals", 4000)
		clock = clock.Add(time.Second)
		p.Add(2000)
		clock = clock.Add(time.Second)
		p.Add(2000)
		p.Done()
		got := b.String()
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("terminal %v: output %q, want it to contain %q", tt.terminal, got, w)
			}
		}
		if strings.Contains(got, tt.notWant) {
			t.Errorf("terminal %v: output %q, want no %q", tt.terminal, got, tt.notWant)
		}
	}
}
