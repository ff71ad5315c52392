// Package auditlog signs the audit chain so that rewriting it is detectable
// without trusting the database: a checkpoint names a point of the chain
// (its sequence number and hash), is signed with an Ed25519 key kept
// outside the database, and carries the hash of the checkpoint before it,
// so the checkpoints form a chain of their own and none can be dropped
// from the middle unnoticed. A checkpoint is one line of text, so that
// someone outside the service can keep it and later check it is still
// there.
package auditlog

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Genesis is the link of the first checkpoint: there is none before it.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// lineTag starts every checkpoint line and names its version, so a later
// format can be told apart.
const lineTag = "throughline-audit-checkpoint/1"

// Checkpoint is one signed point of the audit chain.
type Checkpoint struct {
	N     int64     // 1 for the first checkpoint, then one more each time
	Seq   int64     // the last audit event it covers
	Hash  string    // that event's chain hash
	At    time.Time // when it was signed (UTC, microseconds)
	Prev  string    // Link of checkpoint N-1, Genesis for the first
	KeyID string    // which key signed it (see KeyID)
	Sig   []byte    // Ed25519 signature over Message
}

// Message is the exact text the signature covers: every field but the
// signature, in a fixed order.
func (c Checkpoint) Message() string {
	return fmt.Sprintf("%s n=%d seq=%d hash=%s at=%s prev=%s key=%s",
		lineTag, c.N, c.Seq, c.Hash, c.At.UTC().Format(time.RFC3339Nano), c.Prev, c.KeyID)
}

// Line is the checkpoint as one line of text, signature last.
func (c Checkpoint) Line() string {
	return c.Message() + " sig=" + base64.RawURLEncoding.EncodeToString(c.Sig)
}

// Link is what the next checkpoint carries as Prev: the hash of this
// whole line, signature included, so replacing a checkpoint breaks the
// link even where its fields look the same.
func (c Checkpoint) Link() string {
	sum := sha256.Sum256([]byte(c.Line()))
	return hex.EncodeToString(sum[:])
}

// Sign makes checkpoint n over the chain at (seq, hash), following prev
// (nil for the first checkpoint).
func Sign(key ed25519.PrivateKey, prev *Checkpoint, seq int64, hash string, at time.Time) (Checkpoint, error) {
	c := Checkpoint{N: 1, Seq: seq, Hash: hash, At: at.UTC().Truncate(time.Microsecond), Prev: Genesis,
		KeyID: KeyID(key.Public().(ed25519.PublicKey))}
	if prev != nil {
		c.N, c.Prev = prev.N+1, prev.Link()
		if seq <= prev.Seq {
			return Checkpoint{}, fmt.Errorf("audit chain at event %d is not after checkpoint %d (event %d): the chain went backwards", seq, prev.N, prev.Seq)
		}
	}
	if err := c.checkFields(); err != nil {
		return Checkpoint{}, err
	}
	c.Sig = ed25519.Sign(key, []byte(c.Message()))
	return c, nil
}

// Verify checks the checkpoint's signature with pub.
func (c Checkpoint) Verify(pub ed25519.PublicKey) error {
	if c.KeyID != KeyID(pub) {
		return fmt.Errorf("audit checkpoint %d was signed by key %s, not by this key (%s)", c.N, c.KeyID, KeyID(pub))
	}
	if !ed25519.Verify(pub, []byte(c.Message()), c.Sig) {
		return fmt.Errorf("audit checkpoint %d was altered: its signature does not match", c.N)
	}
	return nil
}

func (c Checkpoint) checkFields() error {
	switch {
	case c.N < 1:
		return fmt.Errorf("checkpoint number %d: must be 1 or more", c.N)
	case c.Seq < 1:
		return fmt.Errorf("checkpoint %d: event number %d must be 1 or more", c.N, c.Seq)
	case !isHash(c.Hash):
		return fmt.Errorf("checkpoint %d: hash must be 64 lower-case hex digits", c.N)
	case !isHash(c.Prev):
		return fmt.Errorf("checkpoint %d: prev must be 64 lower-case hex digits", c.N)
	case c.N == 1 && c.Prev != Genesis:
		return fmt.Errorf("checkpoint 1 must follow no other checkpoint")
	case len(c.KeyID) != 16 || !isHex(c.KeyID):
		return fmt.Errorf("checkpoint %d: key must be 16 lower-case hex digits", c.N)
	}
	return nil
}

// ParseLine reads a checkpoint line as Line writes it. It checks the form
// of every field, not the signature (see Verify).
func ParseLine(s string) (Checkpoint, error) {
	fields := strings.Split(strings.TrimSpace(s), " ")
	names := []string{"n", "seq", "hash", "at", "prev", "key", "sig"}
	if len(fields) != len(names)+1 || fields[0] != lineTag {
		return Checkpoint{}, fmt.Errorf("not an audit checkpoint line: want %q followed by %s", lineTag, strings.Join(names, "=… "))
	}
	val := map[string]string{}
	for i, name := range names {
		v, ok := strings.CutPrefix(fields[i+1], name+"=")
		if !ok {
			return Checkpoint{}, fmt.Errorf("audit checkpoint line: field %d must be %s=…", i+1, name)
		}
		val[name] = v
	}
	var c Checkpoint
	var err error
	if c.N, err = strconv.ParseInt(val["n"], 10, 64); err != nil {
		return Checkpoint{}, fmt.Errorf("audit checkpoint line: n=%q is not a whole number", val["n"])
	}
	if c.Seq, err = strconv.ParseInt(val["seq"], 10, 64); err != nil {
		return Checkpoint{}, fmt.Errorf("audit checkpoint line: seq=%q is not a whole number", val["seq"])
	}
	if c.At, err = time.Parse(time.RFC3339Nano, val["at"]); err != nil {
		return Checkpoint{}, fmt.Errorf("audit checkpoint line: at=%q is not a time such as 2026-11-29T10:00:00Z", val["at"])
	}
	c.At = c.At.UTC()
	if c.Sig, err = base64.RawURLEncoding.DecodeString(val["sig"]); err != nil || len(c.Sig) != ed25519.SignatureSize {
		return Checkpoint{}, fmt.Errorf("audit checkpoint line: sig is not an Ed25519 signature")
	}
	c.Hash, c.Prev, c.KeyID = val["hash"], val["prev"], val["key"]
	if err := c.checkFields(); err != nil {
		return Checkpoint{}, fmt.Errorf("audit checkpoint line: %w", err)
	}
	// One canonical spelling: a line that reads but writes back
	// differently (a time with another offset, "n=+3") would let two
	// different texts stand for one checkpoint.
	if c.Line() != strings.TrimSpace(s) {
		return Checkpoint{}, fmt.Errorf("audit checkpoint line is not in its canonical form")
	}
	return c, nil
}

func isHash(s string) bool { return len(s) == 64 && isHex(s) }

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return s != ""
}
