package auditlog

import (
	"crypto/ed25519"
	"fmt"
	"time"
)

// ChainCheck checks checkpoints one at a time in order of N: each is well
// formed, follows the one before (no checkpoint lost or replaced), covers
// a later event, and, when a public key is given, is signed by it.
type ChainCheck struct {
	pub  ed25519.PublicKey
	last *Checkpoint
}

// NewChainCheck starts a check. With a nil key only the links and the form
// are checked: the database alone cannot prove the signatures.
func NewChainCheck(pub ed25519.PublicKey) *ChainCheck { return &ChainCheck{pub: pub} }

// Next checks c and returns an error naming the first problem found.
func (v *ChainCheck) Next(c Checkpoint) error {
	if err := c.checkFields(); err != nil {
		return err
	}
	want, link := int64(1), Genesis
	if v.last != nil {
		want, link = v.last.N+1, v.last.Link()
	}
	if c.N != want {
		return fmt.Errorf("audit checkpoint %d missing (found %d next)", want, c.N)
	}
	if c.Prev != link {
		return fmt.Errorf("audit checkpoint %d does not follow checkpoint %d: it was replaced or one was removed", c.N, c.N-1)
	}
	if v.last != nil && c.Seq <= v.last.Seq {
		return fmt.Errorf("audit checkpoint %d covers event %d, not after checkpoint %d's event %d", c.N, c.Seq, v.last.N, v.last.Seq)
	}
	if v.pub != nil {
		if err := c.Verify(v.pub); err != nil {
			return err
		}
	}
	v.last = &c
	return nil
}

// Last is the last checkpoint checked, if any.
func (v *ChainCheck) Last() (Checkpoint, bool) {
	if v.last == nil {
		return Checkpoint{}, false
	}
	return *v.last, true
}

// Report is what a verification found.
type Report struct {
	Events      int64       // audit events whose hashes were checked
	Checkpoints int64       // checkpoints whose links were checked
	KeyID       string      // the key their signatures were checked with; "" when none
	Latest      *Checkpoint // the newest checkpoint, nil when none
	Expected    int         // checkpoints kept outside that were found unchanged
	Pending     int64       // events appended but not yet sealed into the chain
}

// Unsigned is how many events come after the newest checkpoint.
func (r Report) Unsigned() int64 {
	if r.Latest == nil {
		return r.Events
	}
	return r.Events - r.Latest.Seq
}

// String words the report for an operator.
func (r Report) String() string {
	s := fmt.Sprintf("audit chain intact: %d events verified", r.Events)
	switch {
	case r.Checkpoints == 0:
		s += "; no signed checkpoints yet"
	case r.KeyID == "":
		s += fmt.Sprintf("; %d checkpoints linked, signatures NOT checked (no key given)", r.Checkpoints)
	default:
		s += fmt.Sprintf("; %d checkpoints signed by key %s", r.Checkpoints, r.KeyID)
	}
	if r.Latest != nil {
		s += fmt.Sprintf(", the latest %d at event %d (%s)", r.Latest.N, r.Latest.Seq, r.Latest.At.Format(time.RFC3339))
	}
	if r.Expected > 0 {
		s += fmt.Sprintf("; %d checkpoints kept outside still in the log", r.Expected)
	}
	return s + fmt.Sprintf("; not yet signed: %d events; not yet sealed: %d events", r.Unsigned(), r.Pending)
}

// Schedule says when the chain is due a checkpoint: when it has moved, and
// either enough events or enough time have passed since the last one.
type Schedule struct {
	Every  time.Duration
	Events int64
}

// DefaultSchedule checkpoints every minute or every 1,000 events,
// whichever comes first.
var DefaultSchedule = Schedule{Every: time.Minute, Events: 1000}

// Due reports whether a checkpoint should be made now, given the newest
// (nil if none) and the chain's last event.
func (s Schedule) Due(latest *Checkpoint, headSeq int64, now time.Time) bool {
	if latest == nil {
		return headSeq > 0
	}
	if headSeq <= latest.Seq {
		return false
	}
	return headSeq-latest.Seq >= s.Events || now.Sub(latest.At) >= s.Every
}
