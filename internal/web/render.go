package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/disclosure"
	"throughline/internal/problem"
	"throughline/internal/uktime"
	"throughline/internal/web/form"
)

// pageTemplate is the layout plus one page's "content" block.
type pageTemplate struct{ t *template.Template }

var funcs = template.FuncMap{
	// Every time shown is UK local time (Europe/London, with BST); storage is UTC.
	"date":     shownDate,
	"datetime": uktime.DateTime,
	"clock":    uktime.Clock,
	"isodate":  uktime.Date,
	"ukformat": func(layout string, t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return uktime.In(t).Format(layout)
	},
	"opts":              form.Options,
	"has":               func(xs []string, x string) bool { return slices.Contains(xs, x) },
	"roleLabel":         func(r auth.Role) string { return r.Label() },
	"statusLabel":       func(s care.ReferralStatus) string { return s.Label() },
	"disclosureHint":    func() string { return disclosure.Hint },
	"list":              func(xs ...string) []string { return xs },
	"dimLabelOf":        dimLabel,
	"add":               func(a, b int) int { return a + b },
	"join":              strings.Join,
	"dict":              dict,
	"selectOptions":     selectOptions,     // throughput
	"referralTableRows": referralTableRows, // throughput: these four are
	"episodeTableRows":  episodeTableRows,  // written in Go (hot_partials.go)
	"navItems":          navItems,
	"bannerHTML":        bannerHTML,
	"waitingTableRows":  waitingTableRows, // hot_waiting.go
	"personSummary":     personSummary,    // person_page.go
	"personRecordNav":   personRecordNav,
	"fieldInput":        fieldInput, // form_fields.go
	"fieldTextarea":     fieldTextarea,
	"fieldSelect":       fieldSelect,
	"fieldRadios":       fieldRadios, // form_fields_choice.go
	"fieldCheckboxes":   fieldCheckboxes,
	"fieldErr":          func(e *formErrors, f string) string { return e.field(f) },
	// age is the person's age on the server's clock: {{age .Person $.Now}}.
	"age": func(p care.Person, now time.Time) string {
		if a := p.AgeOn(now); a >= 0 {
			return fmt.Sprint(a)
		}
		return care.NotRecorded
	},
	"orNone": orNone,
}

// shownDate is a date as pages show it, "2 Jan 2006" in UK time; nothing
// for the zero time.
func shownDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return uktime.In(t).Format("2 Jan 2006")
}

// dict builds a map from key, value pairs, to pass several values to a
// partial template.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		key, ok := kv[i].(string) // as they almost always are: no fmt
		if !ok {
			key = fmt.Sprint(kv[i])
		}
		m[key] = kv[i+1]
	}
	return m
}

// parsed holds the page templates, parsed once per process: they are
// embedded in the binary, so every server (and every test fixture) can
// share them, as html/template allows once they are parsed.
var parsed struct {
	once  sync.Once
	pages map[string]*pageTemplate
	err   error
}

func parsePages() (map[string]*pageTemplate, error) {
	parsed.once.Do(func() { parsed.pages, parsed.err = parseAllPages() })
	return parsed.pages, parsed.err
}

// parseAllPages parses the layout and partials once and each page on a
// clone of them.
func parseAllPages() (map[string]*pageTemplate, error) {
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout and partials: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*pageTemplate{}
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".html")
		if name == "layout" || strings.HasPrefix(name, "partials") {
			continue
		}
		page, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("clone layout for %s: %w", name, err)
		}
		if _, err := page.ParseFS(templateFiles, path); err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		pages[name] = &pageTemplate{t: page}
	}
	return pages, nil
}

// view is what every page template receives.
type view struct {
	Title  string
	Now    time.Time // the server's clock when the page was drawn
	User   *auth.User
	CSRF   string
	Nav    []navLink
	Flash  string
	Errors *formErrors
	Form   url.Values
	D      any
	// Banner identifies the person on every page of their record.
	Banner *recordBanner
}

type navLink struct {
	Href, Label string
	Current     bool
}

// formErrors keeps field messages and their order for the error summary.
type formErrors struct {
	Fields  map[string]string
	Summary []fieldError
}

type fieldError struct{ Field, Message string }

func errorsFrom(err error) *formErrors {
	if err == nil {
		return nil
	}
	fe := &formErrors{Fields: problem.Fields(err)}
	for _, p := range problem.Problems(err) {
		fe.Summary = append(fe.Summary, fieldError{Field: p.Field, Message: p.Message})
	}
	return fe
}

func navFor(u *auth.User, path string) []navLink {
	if u == nil {
		return nil
	}
	var links []navLink
	add := func(href, label string) {
		cur := path == href || (href != "/" && strings.HasPrefix(path, href))
		links = append(links, navLink{href, label, cur})
	}
	switch u.Role {
	case auth.ServiceUser:
		add("/", "My care")
	case auth.Carer:
		// A carer sees what the person shares; every other page is staff's.
		add("/", "Home")
		add("/carer", "What is shared with you")
	case auth.Commissioner:
		add("/", "Home")
		add("/reports/overview", "Service overview")
		add("/measures/outcomes", "Outcomes")
		add("/gaps", "Gap map")
		add("/directory", "Services")
	case auth.SystemAdmin:
		add("/", "Home")
		add("/admin/users", "Users")
		add("/admin/messages", "Messages")
		add("/gaps", "Gap map")
		add("/directory", "Services")
	case auth.Auditor:
		add("/", "Home")
		add("/audit", "Audit log")
		add("/audit/break-glass", "Emergency access review")
		add("/directory", "Services")
	case auth.Referrer:
		add("/", "Home")
		add("/referrals", "My referrals")
		add("/gaps", "Gap map")
		add("/directory", "Services")
	case auth.Admin:
		add("/", "Home")
		add("/people", "People")
		add("/referrals", "Referrals")
		add("/waiting", "Waiting list")
		add("/mdt", "Team discussions")
		add("/diary", "Diary")
		add("/directory", "Services")
	case auth.TeamManager:
		add("/", "Home")
		add("/people", "People")
		add("/referrals", "Referrals")
		add("/waiting", "Waiting list")
		add("/mdt", "Team discussions")
		add("/caseload", "Caseloads")
		add("/admin/messages", "Messages")
		add("/gaps", "Gap map")
		add("/directory", "Services")
		add("/feedback/review", "Feedback") // carers branch: feedback review
	default: // clinicians and peer workers: their day first
		add("/", "Home")
		add("/people", "People")
		add("/diary", "Diary")
		add("/tasks", "Tasks")
		add("/caseload", "Caseloads")
		add("/waiting", "Waiting list")
		add("/gaps", "Gap map")
		add("/directory", "Services")
	}
	return links
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean error page, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	pt, ok := s.pages[name]
	if !ok {
		s.log.Error("unknown template", "name", name)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	v.User = currentUser(r)
	v.Now = s.db.Now()
	if sess := currentSession(r); sess != nil {
		v.CSRF = sess.CSRFToken
	}
	v.Nav = navFor(v.User, r.URL.Path)
	v.Banner = bannerFrom(r)
	if v.Flash == "" {
		v.Flash = s.takeFlash(w, r)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := pt.t.ExecuteTemplate(buf, "layout.html", v); err != nil {
		s.log.Error("render template", "name", name, "err", err)
		if name != "error" {
			s.renderError(w, r, http.StatusInternalServerError, "Something went wrong on our side. The problem has been logged; please try again.")
			return
		}
		// The error page itself failed: fall back to plain text, keeping the status.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte("Sorry, there is a problem with the service. Please try again later.\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderBuffers keeps the buffers pages are drawn into: a page is tens of
// kilobytes, and growing a new buffer to that size for every request was
// a tenth of the care plan's template time.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRender is the largest buffer kept for reuse, so that one huge
// page does not hold its memory for ever.
const maxPooledRender = 1 << 20

// putRenderBuffer returns a buffer once its page has been written (the
// ResponseWriter has copied it, or sent it).
func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledRender {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// renderError shows a clear error page with the given status.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	// fhir: errors under /fhir/ are OperationOutcome resources.
	if isFHIR(r) {
		writeOutcome(w, status, message)
		return
	}
	if isAPI(r) {
		writeJSON(w, status, apiError{Error: message})
		return
	}
	title := http.StatusText(status)
	switch status {
	case http.StatusNotFound:
		title = "Page not found"
	case http.StatusForbidden:
		title = "You do not have access to this"
	case http.StatusUnauthorized:
		title = "Please sign in"
	case http.StatusRequestEntityTooLarge:
		title = "Too much information sent"
	case http.StatusInternalServerError:
		title = "Sorry, there is a problem with the service"
	}
	s.render(w, r, status, "error", view{Title: title, D: struct {
		Status  int
		Message string
	}{status, message}})
}

// isAPI reports whether the request is for the JSON API, whose callers
// get every answer, refusals included, as JSON.
func isAPI(r *http.Request) bool {
	// fhir: the FHIR API is an API too (no sign-in redirects or break-glass forms).
	return strings.HasPrefix(r.URL.Path, "/api/") || isFHIR(r)
}

// renderProblem shows err as an error page (JSON under /api/), logging
// internal errors. It is the one place a returned error is rendered; a
// redirect returned as an error (seeOther) is followed instead.
func (s *Server) renderProblem(w http.ResponseWriter, r *http.Request, err error) {
	var to redirect
	if errors.As(err, &to) {
		http.Redirect(w, r, string(to), http.StatusSeeOther)
		return
	}
	status := statusFor(err)
	msg := problem.Message(err)
	var se *statusError
	if errors.As(err, &se) {
		msg = se.message
	}
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	}
	if status == http.StatusRequestEntityTooLarge {
		msg = "What you sent is too large. Shorten it and try again."
	}
	// fhir: errors under /fhir/ are OperationOutcome resources.
	if isFHIR(r) {
		writeOutcome(w, status, msg)
		return
	}
	if isAPI(r) {
		writeJSON(w, status, apiError{Error: msg, Fields: problem.Fields(err)})
		return
	}
	s.renderError(w, r, status, msg)
}

// redirect is returned by a helper that decides the request belongs on
// another page (a sign-in, an emergency-access form); renderProblem sends
// the browser there with 303 See Other.
type redirect string

func (to redirect) Error() string { return "see other: " + string(to) }

func seeOther(url string) error { return redirect(url) }

// statusError carries an HTTP status that no problem code names (400 for
// an unreadable form, 413 for a body over the limit).
type statusError struct {
	status  int
	message string
}

func (e *statusError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.message) }

// parseForm reads a posted form, turning an oversized or malformed body
// into a clear error.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		status := statusFor(err)
		if status == http.StatusInternalServerError {
			status = http.StatusBadRequest
		}
		msg := "The form could not be read. Go back and try again."
		if status == http.StatusRequestEntityTooLarge {
			msg = "What you sent is too large. Shorten it and try again."
		}
		return &statusError{status: status, message: msg}
	}
	return nil
}

const flashCookie = "tl_flash"

// setFlash leaves a one-time message for the next page.
func (s *Server) setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", MaxAge: 60, HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.CookieSecure, SameSite: http.SameSiteLaxMode})
	msg, _ := url.QueryUnescape(c.Value)
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}
