package main

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The benchmark reads the pages the server sends, as a browser would, so
// that it posts what the forms really hold rather than field names it made
// up. The standard library has no HTML parser; the served markup is our
// own templates' regular output, which these small patterns read well
// enough, and the tests pin them to a golden copy of real pages.

var (
	tagPattern      = regexp.MustCompile(`(?is)<(input|textarea|select|option|/select|/textarea)\b([^>]*)>`)
	attrPattern     = regexp.MustCompile(`(?s)([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+)))?`)
	formOpenPattern = regexp.MustCompile(`(?is)<form\b([^>]*)>`)
	personLink      = regexp.MustCompile(`(?is)<a\b[^>]*href="/people/([0-9]+)"[^>]*>(.*?)</a>`)
	tagStrip        = regexp.MustCompile(`(?s)<[^>]*>`)
)

// attrs reads a tag's attributes; a bare attribute (checked, selected)
// has an empty value but is present.
func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrPattern.FindAllStringSubmatch(s, -1) {
		name := strings.ToLower(m[1])
		if _, seen := out[name]; seen {
			continue
		}
		out[name] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return out
}

// csrfToken is the session's CSRF token from any form on the page.
func csrfToken(page string) (string, error) {
	for _, f := range forms(page) {
		if v := f.Values.Get("csrf_token"); v != "" {
			return v, nil
		}
	}
	return "", errors.New("no csrf_token field on the page")
}

// Person is a link to someone's record found on a page.
type Person struct {
	ID   int64
	Name string
}

// caseload is the people listed under the page's "Your caseload" heading,
// up to the next heading: the clinician home page's own list, not the
// tasks or referrals above and below it.
func caseload(page string) ([]Person, error) {
	lower := strings.ToLower(page)
	i := strings.Index(lower, "your caseload</h2>")
	if i < 0 {
		return nil, errors.New(`no "Your caseload" heading on the page`)
	}
	section := page[i:]
	if j := strings.Index(strings.ToLower(section[1:]), "<h2"); j >= 0 {
		section = section[:j+1]
	}
	var people []Person
	seen := map[int64]bool{}
	for _, m := range personLink.FindAllStringSubmatch(section, -1) {
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		name := strings.TrimSpace(html.UnescapeString(tagStrip.ReplaceAllString(m[2], "")))
		people = append(people, Person{ID: id, Name: name})
	}
	if len(people) == 0 {
		return nil, errors.New(`no one listed under "Your caseload"`)
	}
	return people, nil
}

// Form is one form on a page with the values a browser would submit if
// the user changed nothing.
type Form struct {
	Method string
	Action string
	ID     string
	Values url.Values
	// Fields names every control, filled in or not, with its kind
	// ("textarea", "select", or the input's type), so a caller can tell a
	// field the page lacks from one left empty.
	Fields map[string]string
}

// forms reads every form on the page, in order.
func forms(page string) []Form {
	var out []Form
	opens := formOpenPattern.FindAllStringSubmatchIndex(page, -1)
	for _, o := range opens {
		a := attrs(page[o[2]:o[3]])
		body := page[o[1]:]
		if end := strings.Index(strings.ToLower(body), "</form>"); end >= 0 {
			body = body[:end]
		}
		method := strings.ToUpper(a["method"])
		if method == "" {
			method = "GET"
		}
		f := Form{Method: method, Action: a["action"], ID: a["id"], Values: url.Values{}, Fields: map[string]string{}}
		readControls(body, &f)
		out = append(out, f)
	}
	return out
}

// readControls fills f from the controls in a form's body: text-like
// inputs and textareas as they stand, checked boxes and radios, and each
// select's selected option or else its first.
func readControls(body string, f *Form) {
	tags := tagPattern.FindAllStringSubmatchIndex(body, -1)
	var selectName string
	var selectFirst, selectChosen *string
	endSelect := func() {
		if selectName == "" {
			return
		}
		switch {
		case selectChosen != nil:
			f.Values.Add(selectName, *selectChosen)
		case selectFirst != nil:
			f.Values.Add(selectName, *selectFirst)
		}
		selectName, selectFirst, selectChosen = "", nil, nil
	}
	for k, t := range tags {
		tag := strings.ToLower(body[t[2]:t[3]])
		a := attrs(body[t[4]:t[5]])
		switch tag {
		case "input":
			name := a["name"]
			if name == "" {
				continue
			}
			kind := strings.ToLower(a["type"])
			if kind == "" {
				kind = "text"
			}
			f.Fields[name] = kind
			_, checked := a["checked"]
			switch kind {
			case "checkbox", "radio":
				if checked {
					v, ok := a["value"]
					if !ok {
						v = "on"
					}
					f.Values.Add(name, v)
				}
			case "submit", "button", "image", "reset", "file":
			default:
				f.Values.Add(name, a["value"])
			}
		case "textarea":
			name := a["name"]
			if name == "" {
				continue
			}
			f.Fields[name] = "textarea"
			text := body[t[1]:]
			if end := strings.Index(strings.ToLower(text), "</textarea>"); end >= 0 {
				text = text[:end]
			}
			// A browser drops one newline straight after the opening tag.
			text = strings.TrimPrefix(strings.TrimPrefix(text, "\r"), "\n")
			f.Values.Add(name, html.UnescapeString(text))
		case "select":
			endSelect()
			selectName = a["name"]
			if selectName != "" {
				f.Fields[selectName] = "select"
			}
		case "option":
			if selectName == "" {
				continue
			}
			v, ok := a["value"]
			if !ok {
				v = optionText(body, t, tags, k)
			}
			if selectFirst == nil {
				selectFirst = &v
			}
			if _, sel := a["selected"]; sel && selectChosen == nil {
				selectChosen = &v
			}
		case "/select":
			endSelect()
		}
	}
	endSelect()
}

// optionText is an option's label, its value when it has no value attribute.
func optionText(body string, t []int, tags [][]int, k int) string {
	end := len(body)
	if k+1 < len(tags) {
		end = tags[k+1][0]
	}
	return strings.TrimSpace(html.UnescapeString(tagStrip.ReplaceAllString(body[t[1]:end], "")))
}

// findForm is the first form posting to an action that ends with suffix.
func findForm(page, method, suffix string) (Form, error) {
	for _, f := range forms(page) {
		if f.Method == method && strings.HasSuffix(f.Action, suffix) {
			return f, nil
		}
	}
	return Form{}, fmt.Errorf("no %s form to …%s on the page", method, suffix)
}
