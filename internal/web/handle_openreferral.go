package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"throughline/internal/openreferral"
	"throughline/internal/problem"
	"throughline/internal/store"
)

// orHandler answers with a value to send as JSON.
type orHandler func(r *http.Request) (any, error)

// openReferral writes h's answer, or its error, as JSON that any origin may
// read: the API's callers are other directories and apps, not browsers
// showing our pages, so errors are JSON too.
func (s *Server) openReferral(h orHandler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		v, err := h(r)
		if err != nil {
			status, msg := statusFor(err), problem.Message(err)
			var se *statusError
			if errors.As(err, &se) {
				msg = se.message
			}
			if status == http.StatusInternalServerError {
				s.log.Error("open referral request failed", "path", r.URL.Path, "err", err)
				msg = "Something went wrong on our side. Try again later."
			}
			writeJSON(w, status, map[string]any{"error": msg, "status": status})
			return nil
		}
		if raw, ok := v.([]byte); ok {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Write(raw)
			return nil
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		return json.NewEncoder(w).Encode(v)
	}
}

func badQuery(format string, args ...any) error {
	return &statusError{status: http.StatusBadRequest, message: fmt.Sprintf(format, args...)}
}

// orPaging reads page and per_page, refusing rather than guessing.
func orPaging(r *http.Request) (page, perPage int, err error) {
	page, perPage = 1, openreferral.DefaultPerPage
	q := r.URL.Query()
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			return 0, 0, badQuery("page must be a whole number from 1, not %q", v)
		}
	}
	if v := q.Get("per_page"); v != "" {
		if perPage, err = strconv.Atoi(v); err != nil || perPage < 1 || perPage > openreferral.MaxPerPage {
			return 0, 0, badQuery("per_page must be a whole number from 1 to %d, not %q", openreferral.MaxPerPage, v)
		}
	}
	return page, perPage, nil
}

func (s *Server) orBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.CookieSecure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/openreferral"
}

func (s *Server) handleORRoot(r *http.Request) (any, error) {
	return openreferral.Root{Version: openreferral.Version, Profile: openreferral.Profile, OpenAPIURL: s.orBase(r) + "/openapi.json"}, nil
}

func (s *Server) handleOROpenAPI(r *http.Request) (any, error) { return openreferral.OpenAPI, nil }

// orServices maps the services f selects, fully nested, in directory order.
func (s *Server) orServices(r *http.Request, f store.PublishedFilter) ([]openreferral.Service, error) {
	rows, err := s.db.PublishedServices(r.Context(), f)
	if err != nil {
		return nil, err
	}
	locs, err := s.db.Localities(r.Context())
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(locs))
	for _, l := range locs {
		names[l.Code] = l.Name
	}
	out := make([]openreferral.Service, 0, len(rows))
	for _, row := range rows {
		svc, err := openreferral.FromDirectory(openreferral.Record{Service: row.Service, Modified: row.UpdatedAt}, names)
		if err != nil {
			return nil, err
		}
		out = append(out, svc)
	}
	return out, nil
}

func (s *Server) handleORServices(r *http.Request) (any, error) {
	page, perPage, err := orPaging(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	f := store.PublishedFilter{Text: strings.TrimSpace(q.Get("search"))}
	if len(f.Text) > 200 {
		return nil, badQuery("search must be under 200 characters")
	}
	if v := q.Get("modified_after"); v != "" {
		if f.ModifiedAfter, err = parseModifiedAfter(v); err != nil {
			return nil, err
		}
	}
	all, err := s.orServices(r, f)
	if err != nil {
		return nil, err
	}
	term, org := q.Get("taxonomy_term_id"), q.Get("organization_id")
	items := make([]openreferral.Service, 0, len(all))
	for _, svc := range all {
		if (term == "" || openreferral.HasTerm(svc, term)) && (org == "" || svc.OrganizationID == org) {
			items = append(items, openreferral.ListItem(svc))
		}
	}
	return openreferral.PageOf(items, page, perPage), nil
}

// parseModifiedAfter reads a date-time, or a date meaning its start in UTC.
func parseModifiedAfter(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, badQuery("modified_after must be a date-time such as 2026-10-01T09:00:00Z or a date such as 2026-10-01, not %q", v)
}

func (s *Server) handleORService(r *http.Request) (any, error) {
	all, err := s.orServices(r, store.PublishedFilter{})
	if err != nil {
		return nil, err
	}
	return byID(r, all, func(s openreferral.Service) string { return s.ID }, "service")
}

// orOrganizations are the organisations the services name, each with its
// services, in order of first appearance.
func (s *Server) orOrganizations(r *http.Request) ([]openreferral.Organization, error) {
	all, err := s.orServices(r, store.PublishedFilter{})
	if err != nil {
		return nil, err
	}
	var out []openreferral.Organization
	index := map[string]int{}
	for _, svc := range all {
		if svc.Organization == nil {
			continue
		}
		i, ok := index[svc.OrganizationID]
		if !ok {
			i = len(out)
			index[svc.OrganizationID] = i
			out = append(out, *svc.Organization)
		}
		out[i].Services = append(out[i].Services, openreferral.ServiceRef{ID: svc.ID, Name: svc.Name, Status: svc.Status})
	}
	return out, nil
}

func (s *Server) handleOROrganizations(r *http.Request) (any, error) {
	page, perPage, err := orPaging(r)
	if err != nil {
		return nil, err
	}
	orgs, err := s.orOrganizations(r)
	if err != nil {
		return nil, err
	}
	search := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("search")))
	items := make([]openreferral.Organization, 0, len(orgs))
	for _, o := range orgs {
		if search == "" || strings.Contains(strings.ToLower(o.Name), search) {
			o.Services = nil // the list gives one-to-one fields only
			items = append(items, o)
		}
	}
	return openreferral.PageOf(items, page, perPage), nil
}

func (s *Server) handleOROrganization(r *http.Request) (any, error) {
	orgs, err := s.orOrganizations(r)
	if err != nil {
		return nil, err
	}
	return byID(r, orgs, func(o openreferral.Organization) string { return o.ID }, "organization")
}

func (s *Server) handleORTaxonomies(r *http.Request) (any, error) {
	page, perPage, err := orPaging(r)
	if err != nil {
		return nil, err
	}
	return openreferral.PageOf(openreferral.Taxonomies(), page, perPage), nil
}

func (s *Server) handleORTaxonomy(r *http.Request) (any, error) {
	return byID(r, openreferral.Taxonomies(), func(t openreferral.Taxonomy) string { return t.ID }, "taxonomy")
}

func (s *Server) handleORTerms(r *http.Request) (any, error) {
	page, perPage, err := orPaging(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	taxonomy, parent, search := q.Get("taxonomy_id"), q.Get("parent_id"), strings.ToLower(strings.TrimSpace(q.Get("search")))
	var items []openreferral.Term
	for _, t := range openreferral.Terms() {
		if (taxonomy == "" || t.TaxonomyID == taxonomy) && (parent == "" || t.ParentID == parent) &&
			(search == "" || strings.Contains(strings.ToLower(t.Name+" "+t.Code), search)) {
			items = append(items, t)
		}
	}
	return openreferral.PageOf(items, page, perPage), nil
}

func (s *Server) handleORTerm(r *http.Request) (any, error) {
	return byID(r, openreferral.Terms(), func(t openreferral.Term) string { return t.ID }, "taxonomy term")
}

// orAtLocations are the services' places, each naming its service.
func (s *Server) orAtLocations(r *http.Request) ([]openreferral.AtLocation, error) {
	all, err := s.orServices(r, store.PublishedFilter{})
	if err != nil {
		return nil, err
	}
	var out []openreferral.AtLocation
	for _, svc := range all {
		for _, at := range svc.ServiceAtLocations {
			item := openreferral.ListItem(svc)
			item.Throughline = nil
			at.Service = &item
			out = append(out, at)
		}
	}
	return out, nil
}

func (s *Server) handleORAtLocations(r *http.Request) (any, error) {
	page, perPage, err := orPaging(r)
	if err != nil {
		return nil, err
	}
	all, err := s.orAtLocations(r)
	if err != nil {
		return nil, err
	}
	return openreferral.PageOf(all, page, perPage), nil
}

func (s *Server) handleORAtLocation(r *http.Request) (any, error) {
	all, err := s.orAtLocations(r)
	if err != nil {
		return nil, err
	}
	return byID(r, all, func(a openreferral.AtLocation) string { return a.ID }, "service at a location")
}

// byID is the item whose id is the request's, or a 404 naming what was
// looked for.
func byID[T any](r *http.Request, items []T, idOf func(T) string, noun string) (any, error) {
	id := r.PathValue("id")
	for _, it := range items {
		if idOf(it) == id {
			return it, nil
		}
	}
	return nil, problem.Errorf(problem.NotFound, "No %s has the id %q", noun, id)
}
