package web

import (
	"net/url"
	"strings"
)

// safeNext returns next when it is a path on this site, and the home page
// otherwise. It is the one check for every "next" a request carries (after
// sign-in, after emergency access, after an assessment form), so a link
// cannot send someone from Throughline to another site.
//
// Browsers are lenient: they drop tabs and line breaks anywhere in a URL
// and read a backslash as a slash, so "/\t/evil.example" and "/\evil.example"
// both lead off-site. Rather than clean those, any control character,
// space or backslash is refused; what remains is parsed (not
// pattern-matched) and must have no scheme, host or user, and an absolute
// path that does not begin "//".
func safeNext(next string) string {
	const home = "/"
	if next == "" || len(next) > 2048 {
		return home
	}
	for _, c := range next {
		if c <= ' ' || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f) {
			return home
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return home
	}
	// Both the path as written and as decoded must be absolute ("%2F" is
	// not) and not start "//".
	if p := u.EscapedPath(); !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return home
	}
	// Back to the sign-in page would go round in a circle.
	if u.Path == "/login" || strings.HasPrefix(u.Path, "/login/") {
		return home
	}
	return u.RequestURI() + fragment(u)
}

func fragment(u *url.URL) string {
	if u.Fragment == "" {
		return ""
	}
	return "#" + u.EscapedFragment()
}
