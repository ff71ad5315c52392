// Package disclosure is the one place aggregate outputs are made safe to
// publish. It applies the "central suppression" rule NHS England's
// statistical publications use: 0 stays 0, counts from 1 to 7 are not
// shown, every other count is rounded to the nearest 5, shares are worked
// out from the rounded counts and are not shown where a count they rest on
// is hidden. Tables add secondary suppression so that a hidden cell cannot
// be worked out from a total, and Recoverable checks any output for a
// hidden cell that could be rebuilt. Every page, download and chart that
// counts people goes through here; nothing else decides what is shown.
package disclosure

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

const (
	// Threshold is the smallest count shown: 1 to 7 could identify someone.
	Threshold = 8
	// Base is what shown counts are rounded to.
	Base = 5
	// Hidden is how a suppressed count, share or median reads, on pages
	// and in downloads alike.
	Hidden = "not shown"
	// Hint explains Hidden and the rounding wherever counts are shown.
	Hint = "So that no one can be identified, counts from 1 to 7 are " + `"` + Hidden + `"` +
		", as is any count they could be worked out from. Other counts are rounded to the nearest 5, and percentages are worked out from the rounded counts."
)

type state uint8

const (
	shown     state = iota
	primary         // 1 to 7
	secondary       // hidden so that a primary cell cannot be worked out
)

// Count is one count of people (or of their records) ready to publish: it
// keeps the true number for the rules and exposes only the rounded one.
type Count struct {
	raw   int // -1 when only the published value is known
	value int // rounded; meaningless when hidden
	state state
}

// NewCount applies the primary rule to a true count.
func NewCount(n int) Count {
	if n > 0 && n < Threshold {
		return Count{raw: n, state: primary}
	}
	return Count{raw: n, value: Round(n)}
}

// Round is n to the nearest multiple of Base.
func Round(n int) int {
	return int(math.Round(float64(n)/Base)) * Base
}

// Suppressed reports whether the count is not shown.
func (c Count) Suppressed() bool { return c.state != shown }

// Value is the published number and whether there is one.
func (c Count) Value() (int, bool) { return c.value, c.state == shown }

// Shown is the published number, 0 when hidden: for sums of shown values.
func (c Count) Shown() int {
	if c.Suppressed() {
		return 0
	}
	return c.value
}

// hide is secondary suppression.
func (c Count) hide() Count {
	if c.state == shown {
		c.state = secondary
	}
	return c
}

// String is the published text: a rounded number or Hidden.
func (c Count) String() string {
	if c.Suppressed() {
		return Hidden
	}
	return strconv.Itoa(c.value)
}

// Text is String, for templates.
func (c Count) Text() string { return c.String() }

// MarshalJSON writes null for a hidden count, so chart data never carries
// the true number.
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Suppressed() {
		return []byte("null"), nil
	}
	return json.Marshal(c.value)
}

// Observed reads a published cell back (from a download or a page), for
// checking output that has left this package.
func Observed(text string) (Count, error) {
	if text == Hidden {
		return Count{raw: -1, state: primary}, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 {
		return Count{}, fmt.Errorf("not a published count: %q", text)
	}
	return Count{raw: -1, value: n}, nil
}

// Enough reports whether a median or percentile over n people may be
// shown: over fewer than Threshold it would describe someone.
func Enough(n int) bool { return n >= Threshold }
