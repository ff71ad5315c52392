package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/fhir"
	"throughline/internal/problem"
	"throughline/internal/uktime"
)

// fhirBase is where the FHIR R4 API lives.
const fhirBase = "/fhir/R4"

func isFHIR(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/fhir/") }

// writeFHIR writes a resource as application/fhir+json.
func writeFHIR(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/fhir+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeOutcome writes an error as an OperationOutcome with its status.
func writeOutcome(w http.ResponseWriter, status int, msg string) {
	code := "exception"
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge:
		code = "invalid"
	case http.StatusUnauthorized:
		code = "login"
	case http.StatusForbidden:
		code = "forbidden"
	case http.StatusNotFound:
		code = "not-found"
	case http.StatusGone:
		code = "deleted"
	case http.StatusTooManyRequests:
		code = "throttled"
	}
	writeFHIR(w, status, fhir.Outcome(code, msg))
}

// fhirError turns a bad search into a 400; other errors pass through to
// renderProblem's status mapping.
func fhirError(err error) error {
	var se *fhir.SearchError
	if errors.As(err, &se) {
		return &statusError{status: http.StatusBadRequest, message: se.Message}
	}
	return err
}

// fhirRow is one resource in a search over a person's records, with the
// values the common search parameters match against.
type fhirRow struct {
	id       string
	resource any
	updated  time.Time
	date     time.Time
	status   string
	codes    []fhir.Coding
	// refs are the references a reference parameter such as performer
	// matches, as Type/id.
	refs []string
	// includes are resources an _include of that name brings in.
	includes map[string]fhirIncluded
}

type fhirIncluded struct {
	kind, id string
	resource any
}

// filterRows keeps the rows matching every common search parameter given.
func filterRows(rows []fhirRow, s fhir.Search) ([]fhirRow, error) {
	type test func(fhirRow) bool
	var tests []test
	for name, vals := range s.Values {
		for _, v := range vals {
			alts := strings.Split(v, ",")
			switch name {
			case "_id":
				tests = append(tests, func(r fhirRow) bool { return slices.Contains(alts, r.id) })
			case "status", "lifecycle-status", "active":
				tests = append(tests, func(r fhirRow) bool { return slices.Contains(alts, r.status) })
			case "code", "category":
				tests = append(tests, func(r fhirRow) bool {
					return slices.ContainsFunc(alts, func(tok string) bool { return fhir.HasCode(r.codes, tok) })
				})
			case "performer":
				tests = append(tests, func(r fhirRow) bool {
					return slices.ContainsFunc(alts, func(ref string) bool { return slices.Contains(r.refs, ref) })
				})
			case "date", "authored", "effective", "_lastUpdated":
				d, err := fhir.ParseDate(v, uktime.London)
				if err != nil {
					return nil, err
				}
				// authored and effective are each type's clinical date,
				// which the row keeps as date.
				if name != "_lastUpdated" {
					tests = append(tests, func(r fhirRow) bool { return d.Matches(r.date) })
				} else {
					tests = append(tests, func(r fhirRow) bool { return d.Matches(r.updated) })
				}
			}
		}
	}
	var out []fhirRow
	for _, r := range rows {
		if !slices.ContainsFunc(tests, func(t test) bool { return !t(r) }) {
			out = append(out, r)
		}
	}
	return out, nil
}

// fhirBaseURL is the absolute base for fullUrl and paging links.
func fhirBaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + fhirBase
}

// searchBundle is one page of matches as a searchset with paging links;
// page holds the matches from s.Offset, total counts all of them.
func searchBundle(r *http.Request, kind string, s fhir.Search, page []fhirRow, total int) fhir.Bundle {
	base := fhirBaseURL(r)
	b := fhir.Bundle{ResourceType: "Bundle", Type: "searchset", Total: &total}
	link := func(rel string, offset int) {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			if k != "_offset" {
				q[k] = v
			}
		}
		q.Set("_count", strconv.Itoa(s.Count))
		q.Set("_offset", strconv.Itoa(offset))
		b.Link = append(b.Link, fhir.BundleLink{Relation: rel, URL: base + "/" + kind + "?" + q.Encode()})
	}
	link("self", s.Offset)
	link("first", 0)
	if s.Count > 0 {
		if s.Offset > 0 {
			link("previous", max(0, s.Offset-s.Count))
		}
		if s.Offset+s.Count < total {
			link("next", s.Offset+s.Count)
		}
		link("last", max(0, (total-1)/s.Count*s.Count))
	}
	seen := map[string]bool{}
	for _, row := range page {
		b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: base + "/" + kind + "/" + row.id, Resource: row.resource, Search: &fhir.EntrySearch{Mode: "match"}})
	}
	for _, inc := range s.Include {
		for _, row := range page {
			in, ok := row.includes[inc]
			if !ok || seen[in.kind+"/"+in.id] {
				continue
			}
			seen[in.kind+"/"+in.id] = true
			b.Entry = append(b.Entry, fhir.BundleEntry{FullURL: base + "/" + in.kind + "/" + in.id, Resource: in.resource, Search: &fhir.EntrySearch{Mode: "include"}})
		}
	}
	return b
}

// pageRows is the part of rows a search's _offset and _count select.
func pageRows(rows []fhirRow, s fhir.Search) []fhirRow {
	lo := min(s.Offset, len(rows))
	return rows[lo:min(lo+s.Count, len(rows))]
}

// fhirPersonActor decides the user's relationship with personID by the
// guard's own rule (personActor), for a FHIR read or search that names the
// person in a parameter or a scoped id rather than the path.
func (s *Server) fhirPersonActor(r *http.Request, personID int64) (auth.Actor, error) {
	if c := fhirClient(r); c != nil {
		// A system client's scopes cover every person; the person must exist.
		if _, err := s.db.PersonNoAudit(r.Context(), personID); err != nil {
			return auth.Actor{}, err
		}
		return actor(r), nil
	}
	u := currentUser(r)
	if u == nil {
		return auth.Actor{}, problem.Errorf(problem.Unauthorized, "Sign in to use the FHIR API.")
	}
	inner := r.Clone(r.Context())
	inner.SetPathValue("id", strconv.FormatInt(personID, 10))
	a, _, _, err := s.personActor(inner, *u)
	return a, err
}
