package auditlog

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testKey is fixed so lines in failures read the same from run to run.
func testKey(b byte) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = b
	return ed25519.NewKeyFromSeed(seed)
}

func hashOf(c byte) string { return strings.Repeat(string(c), 64) }

var t0 = time.Date(2026, 11, 29, 10, 0, 0, 123456789, time.UTC)

// chain signs checkpoints at the given event numbers, one minute apart.
func chain(t *testing.T, key ed25519.PrivateKey, seqs ...int64) []Checkpoint {
	t.Helper()
	var out []Checkpoint
	for i, seq := range seqs {
		var prev *Checkpoint
		if i > 0 {
			prev = &out[i-1]
		}
		c, err := Sign(key, prev, seq, hashOf("abcdef0123456789"[i%16]), t0.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func TestLineRoundTrip(t *testing.T) {
	key := testKey(1)
	for _, c := range chain(t, key, 5, 9, 120) {
		got, err := ParseLine(c.Line())
		if err != nil {
			t.Fatalf("ParseLine(%q): %v", c.Line(), err)
		}
		if got.Line() != c.Line() || !got.At.Equal(c.At) {
			t.Errorf("round trip: got %q, want %q", got.Line(), c.Line())
		}
		if err := got.Verify(key.Public().(ed25519.PublicKey)); err != nil {
			t.Errorf("parsed checkpoint does not verify: %v", err)
		}
	}
}

func TestParseLineRefuses(t *testing.T) {
	good := chain(t, testKey(1), 7)[0].Line()
	tests := []struct {
		name, line, wantErr string
	}{
		{"empty", "", "not an audit checkpoint line"},
		{"other tag", strings.Replace(good, lineTag, "checkpoint/2", 1), "not an audit checkpoint line"},
		{"missing field", good[:strings.Index(good, " sig=")], "not an audit checkpoint line"},
		{"fields swapped", strings.Replace(strings.Replace(good, " n=1", " x=1", 1), " seq=", " n=", 1), "field 1 must be n"},
		{"n not a number", strings.Replace(good, " n=1 ", " n=one ", 1), "n=\"one\""},
		{"n zero", strings.Replace(good, " n=1 ", " n=0 ", 1), "must be 1 or more"},
		{"n with plus", strings.Replace(good, " n=1 ", " n=+1 ", 1), "canonical"},
		{"seq negative", strings.Replace(good, " seq=7 ", " seq=-7 ", 1), "must be 1 or more"},
		{"upper-case hash", strings.Replace(good, "hash="+hashOf('a'), "hash="+hashOf('A'), 1), "hash must be"},
		{"short hash", strings.Replace(good, "hash="+hashOf('a'), "hash=abc", 1), "hash must be"},
		{"bad time", strings.Replace(good, "at=2026-11-29T10:00:00.123456Z", "at=yesterday", 1), "not a time"},
		{"time with offset", strings.Replace(good, "at=2026-11-29T10:00:00.123456Z", "at=2026-11-29T11:00:00.123456+01:00", 1), "canonical"},
		{"bad signature", good[:strings.Index(good, " sig=")] + " sig=%%%", "not an Ed25519 signature"},
		{"short signature", good[:strings.Index(good, " sig=")] + " sig=AAAA", "not an Ed25519 signature"},
		{"first not after genesis", strings.Replace(good, "prev="+Genesis, "prev="+hashOf('1'), 1), "follow no other"},
		{"double space", strings.Replace(good, " seq=", "  seq=", 1), "not an audit checkpoint line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLine(tt.line)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseLine = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestChainCheck(t *testing.T) {
	key := testKey(1)
	pub := key.Public().(ed25519.PublicKey)
	other := testKey(2).Public().(ed25519.PublicKey)
	good := chain(t, key, 3, 10, 11, 40)
	forged := chain(t, testKey(2), 3, 10, 11, 40)
	edited := append([]Checkpoint{}, good...)
	edited[1].Hash = hashOf('9') // signature no longer matches
	resigned := append([]Checkpoint{}, good...)
	// A checkpoint replaced by a validly signed one with other content
	// breaks the next one's link.
	var err error
	if resigned[1], err = Sign(key, &good[0], 10, hashOf('9'), good[1].At); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		pub     ed25519.PublicKey
		cps     []Checkpoint
		wantErr string
	}{
		{"intact", pub, good, ""},
		{"intact, links only", nil, good, ""},
		{"first lost", pub, good[1:], "checkpoint 1 missing"},
		{"middle lost", pub, []Checkpoint{good[0], good[2], good[3]}, "checkpoint 2 missing"},
		{"edited", pub, edited, "checkpoint 2 was altered"},
		{"edited, links only", nil, edited, "checkpoint 3 does not follow"},
		{"replaced and re-signed", pub, resigned, "checkpoint 3 does not follow"},
		{"signed by another key", pub, forged, "signed by key"},
		{"checked against another key", other, good, "signed by key"},
		{"renumbered", pub, []Checkpoint{good[0], renumber(good[2], 2)}, "does not follow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewChainCheck(tt.pub)
			var err error
			for _, c := range tt.cps {
				if err = v.Next(c); err != nil {
					break
				}
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				if last, ok := v.Last(); !ok || last.N != int64(len(tt.cps)) {
					t.Errorf("last = %d, %v; want %d", last.N, ok, len(tt.cps))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func renumber(c Checkpoint, n int64) Checkpoint { c.N = n; return c }

func TestSignRefusesChainGoingBack(t *testing.T) {
	key := testKey(1)
	first := chain(t, key, 10)[0]
	for _, seq := range []int64{10, 9} {
		if _, err := Sign(key, &first, seq, hashOf('b'), t0); err == nil || !strings.Contains(err.Error(), "went backwards") {
			t.Errorf("Sign at %d after 10: %v, want went backwards", seq, err)
		}
	}
	if _, err := Sign(key, nil, 0, hashOf('b'), t0); err == nil {
		t.Error("Sign of an empty chain succeeded")
	}
}

func TestScheduleDue(t *testing.T) {
	s := Schedule{Every: time.Minute, Events: 100}
	last := &Checkpoint{Seq: 50, At: t0}
	tests := []struct {
		name   string
		latest *Checkpoint
		head   int64
		now    time.Time
		want   bool
	}{
		{"empty chain", nil, 0, t0, false},
		{"first events", nil, 1, t0, true},
		{"no new events, long after", last, 50, t0.Add(time.Hour), false},
		{"few events, soon", last, 51, t0.Add(time.Second), false},
		{"few events, a minute on", last, 51, t0.Add(time.Minute), true},
		{"many events, soon", last, 150, t0.Add(time.Second), true},
		{"one short of many, soon", last, 149, t0.Add(time.Second), false},
	}
	for _, tt := range tests {
		if got := s.Due(tt.latest, tt.head, tt.now); got != tt.want {
			t.Errorf("%s: Due = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReportWording(t *testing.T) {
	c := chain(t, testKey(1), 90)[0]
	tests := []struct {
		r    Report
		want string
	}{
		{Report{Events: 4}, "audit chain intact: 4 events verified; no signed checkpoints yet; not yet signed: 4 events"},
		{Report{Events: 100, Checkpoints: 1, KeyID: c.KeyID, Latest: &c, Expected: 1},
			"audit chain intact: 100 events verified; 1 checkpoints signed by key " + c.KeyID + ", the latest 1 at event 90 (2026-11-29T10:00:00Z); 1 checkpoints kept outside still in the log; not yet signed: 10 events"},
		{Report{Events: 90, Checkpoints: 1, Latest: &c}, "signatures NOT checked"},
		{Report{Events: 90, Checkpoints: 1, Latest: &c, Pending: 3}, "not yet signed: 0 events; not yet sealed: 3 events"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); !strings.Contains(got, tt.want) {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit-key")
	key, created, err := LoadOrCreateKey(path)
	if err != nil || !created {
		t.Fatalf("first run: created = %v, err = %v", created, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("new key file mode = %04o, want 0600", got)
	}
	again, created, err := LoadOrCreateKey(path)
	if err != nil || created || !again.Equal(key) {
		t.Fatalf("second run: created = %v, same key = %v, err = %v", created, again.Equal(key), err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("group-readable key: err = %v, want refusal naming chmod 600", err)
	}
	if _, _, err := LoadOrCreateKey(path); err == nil {
		t.Error("LoadOrCreateKey accepted a group-readable key")
	}
	junk := filepath.Join(dir, "junk")
	if err := os.WriteFile(junk, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(junk); err == nil || !strings.Contains(err.Error(), "not a PEM private key") {
		t.Errorf("junk key: %v", err)
	}
}

func TestPublicKeyText(t *testing.T) {
	pub := testKey(1).Public().(ed25519.PublicKey)
	got, err := ParsePublicKey(PublicKeyText(pub))
	if err != nil || !got.Equal(pub) {
		t.Fatalf("round trip: %v", err)
	}
	for _, bad := range []string{"", "ed25519:", "ed25519:AAAA", "rsa:" + PublicKeyText(pub)[8:]} {
		if _, err := ParsePublicKey(bad); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	key := testKey(1)
	c, err := Sign(key, nil, 42, hashOf('c'), t0)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(c.Line())
	f.Add("")
	f.Add(lineTag + " n=1 seq=1")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseLine(s)
		if err != nil {
			return
		}
		// Whatever parses writes back as the same text and parses again
		// to the same checkpoint.
		if c.Line() != strings.TrimSpace(s) {
			t.Fatalf("Line() = %q, input %q", c.Line(), s)
		}
		again, err := ParseLine(c.Line())
		if err != nil || again.Line() != c.Line() {
			t.Fatalf("reparse: %v", err)
		}
	})
}
