package web

import (
	"fmt"
	"strconv"
	"strings"
)

// htmlWriter builds a fragment of HTML in Go for a partial that runs on
// every hot page, escaping each value exactly as html/template escapes it
// in the same place, so the page is the same byte for byte (each partial
// written this way has a test comparing it with its old template). In the
// template every value is a reflective field read and one to three
// reflective escaper calls; here it is a string copy.
type htmlWriter struct{ strings.Builder }

// raw writes markup as it is.
func (w *htmlWriter) raw(s string) { w.WriteString(s) }

// text writes s as element text or a quoted attribute value.
func (w *htmlWriter) text(s string) {
	if _, err := htmlEscaper.WriteString(&w.Builder, s); err != nil {
		panic(err) // a strings.Builder never fails to write
	}
}

// int writes a whole number, which needs no escaping anywhere.
func (w *htmlWriter) int(n int64) {
	var b [20]byte
	w.Write(strconv.AppendInt(b[:0], n, 10))
}

// href writes s as a quoted URL attribute value (href="{{.}}"): an unsafe
// scheme is defanged, the URL normalised, then escaped for the attribute,
// as html/template's urlfilter, urlnormalizer and attrescaper do.
func (w *htmlWriter) href(s string) {
	if !urlSchemeIsSafe(s) {
		s = "#ZgotmplZ"
	}
	w.text(normaliseURL(s))
}

// urlSchemeIsSafe is true of a relative URL and of http, https and mailto
// ones, as html/template's isSafeURL.
func urlSchemeIsSafe(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// normaliseURL percent-encodes the bytes a URL may not hold as they
// stand, leaving reserved characters and valid escapes alone, as
// html/template's urlnormalizer does.
func normaliseURL(s string) string {
	keep := func(i int) bool {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			return true
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			return true
		case c == '%':
			return i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])
		}
		return false
	}
	i := 0
	for i < len(s) && keep(i) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if keep(i) {
			b.WriteByte(s[i])
		} else {
			fmt.Fprintf(&b, "%%%02x", s[i])
		}
	}
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
