package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"throughline/internal/directory"
	"throughline/internal/problem"
)

// CreateLocality adds an area of the region.
func (t *Tx) CreateLocality(ctx context.Context, l directory.Locality) error {
	if l.Code == "" || l.Name == "" {
		return problem.Errorf(problem.Invalid, "A locality needs a code and a name")
	}
	_, err := t.exec(ctx, `INSERT INTO localities (code, name) VALUES (?, ?)`, l.Code, l.Name)
	return err
}

// Localities lists the region's areas by code.
func (db *DB) Localities(ctx context.Context) ([]directory.Locality, error) {
	return queryAll(ctx, db, "list localities", `SELECT code, name FROM localities ORDER BY code`, nil, func(rows scanner, l *directory.Locality) error {
		return rows.Scan(&l.Code, &l.Name)
	})
}

// serviceRow is a service's JSON-valued columns, encoded.
type serviceRow struct{ locs, elig, offer, routes, contact, good, barriers, purpose string }

func encodeService(s *directory.Service) serviceRow {
	enc := func(v any) string {
		b, _ := json.Marshal(v) // slices, maps and a plain struct: cannot fail
		return string(b)
	}
	elig := s.Eligibility
	if elig == nil {
		elig = map[string][]string{}
	}
	return serviceRow{enc(orEmpty(s.Localities)), enc(elig), enc(orEmpty(s.Offer)), enc(orEmpty(s.ReferralRoutes)),
		enc(s.Contact), enc(orEmpty(s.GoodPractice)), enc(orEmpty(s.Barriers)), enc(orEmpty(s.Purpose))}
}

// CreateService validates and inserts a directory service.
func (t *Tx) CreateService(ctx context.Context, s *directory.Service) error {
	if err := s.Validate(); err != nil {
		return err
	}
	r := encodeService(s)
	s.Version = 1
	_, err := t.exec(ctx, `INSERT INTO services (id, name, organization, description, tier, localities, min_age, max_age, self_referral,
		referral_routes, eligibility, offer, typical_duration_weeks, wait_weeks, capacity, contact, good_practice, barriers, purpose, version, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		s.ID, s.Name, s.Organization, s.Description, s.Tier, r.locs, intPtr(s.MinAge), intPtr(s.MaxAge), s.SelfReferral,
		r.routes, r.elig, r.offer, s.TypicalDurationWeeks, s.WaitWeeks, s.Capacity, r.contact, r.good, r.barriers, r.purpose, t.db.Now())
	if err != nil {
		return fmt.Errorf("insert service %s: %w", s.ID, err)
	}
	return nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func intPtr(p *int) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*p), Valid: true}
}

const serviceColumns = `id, name, organization, description, tier, localities, min_age, max_age, self_referral, referral_routes, eligibility, offer,
	typical_duration_weeks, wait_weeks, capacity, contact, good_practice, barriers, purpose, version`

func scanService(s scanner) (directory.Service, error) {
	var sv directory.Service
	var r serviceRow
	var minAge, maxAge sql.NullInt64
	if err := s.Scan(&sv.ID, &sv.Name, &sv.Organization, &sv.Description, &sv.Tier, &r.locs, &minAge, &maxAge, &sv.SelfReferral,
		&r.routes, &r.elig, &r.offer, &sv.TypicalDurationWeeks, &sv.WaitWeeks, &sv.Capacity, &r.contact, &r.good, &r.barriers, &r.purpose, &sv.Version); err != nil {
		return sv, err
	}
	if minAge.Valid {
		v := int(minAge.Int64)
		sv.MinAge = &v
	}
	if maxAge.Valid {
		v := int(maxAge.Int64)
		sv.MaxAge = &v
	}
	for _, f := range []struct {
		src string
		dst any
	}{{r.locs, &sv.Localities}, {r.elig, &sv.Eligibility}, {r.offer, &sv.Offer}, {r.routes, &sv.ReferralRoutes},
		{r.contact, &sv.Contact}, {r.good, &sv.GoodPractice}, {r.barriers, &sv.Barriers}, {r.purpose, &sv.Purpose}} {
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return sv, fmt.Errorf("service %s: stored JSON unreadable: %w", sv.ID, err)
		}
	}
	return sv, nil
}

// Services lists the directory by tier then name.
func (db *DB) Services(ctx context.Context) ([]directory.Service, error) {
	return queryAll(ctx, db, "list services", `SELECT `+serviceColumns+` FROM services ORDER BY tier, name`, nil, into(scanService))
}

// Service loads one directory service.
func (db *DB) Service(ctx context.Context, id string) (directory.Service, error) {
	s, err := scanService(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+serviceColumns+` FROM services WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, problem.Errorf(problem.NotFound, "No service with that id")
	}
	return s, err
}

// CreateTeam inserts a team.
func (t *Tx) CreateTeam(ctx context.Context, team *directory.Team) error {
	if team.Name == "" || team.ServiceID == "" {
		return problem.Errorf(problem.Invalid, "A team needs a name and a service")
	}
	return t.queryRow(ctx, `INSERT INTO teams (name, service_id) VALUES (?, ?) RETURNING id`, team.Name, team.ServiceID).Scan(&team.ID)
}

// Teams lists teams, optionally only those with ids in ids.
func (db *DB) Teams(ctx context.Context) ([]directory.Team, error) {
	return queryAll(ctx, db, "list teams", `SELECT id, name, service_id FROM teams ORDER BY name`, nil, func(rows scanner, t *directory.Team) error {
		return rows.Scan(&t.ID, &t.Name, &t.ServiceID)
	})
}

// ServiceFilter narrows the directory list: a tier, a locality (a service
// with no localities serves the whole region, so every one) and text
// found, ignoring case, in the name, the organisation or the offer.
type ServiceFilter struct {
	Tier, Locality, Text string
}

// likeText escapes s for a LIKE pattern with ESCAPE '\'.
var likeText = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// jsonText is s as it appears inside a JSON string in a column such as
// offer or localities, without the quotes: what to look for in the column
// so that a match lies inside one element, never across two.
func jsonText(s string) string {
	b, _ := json.Marshal(s) // a string: cannot fail
	return string(b[1 : len(b)-1])
}

// serviceWhere is the WHERE of the directory list filtered by f.
func serviceWhere(f ServiceFilter) (string, []any) {
	q, args := ` FROM services WHERE 1 = 1`, []any{}
	if f.Tier != "" {
		q, args = q+` AND tier = ?`, append(args, f.Tier)
	}
	if f.Locality != "" {
		q, args = q+` AND (localities = '[]' OR localities LIKE ? ESCAPE '\')`, append(args, `%"`+likeText.Replace(jsonText(f.Locality))+`"%`)
	}
	if f.Text != "" {
		t := strings.ToLower(f.Text)
		plain, inJSON := "%"+likeText.Replace(t)+"%", "%"+likeText.Replace(jsonText(t))+"%"
		q += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR LOWER(organization) LIKE ? ESCAPE '\' OR LOWER(offer) LIKE ? ESCAPE '\')`
		args = append(args, plain, plain, inJSON)
	}
	return q, args
}

// serviceOrder lists services in the order DESIGN.md gives the tiers,
// from primary care onwards, then by name.
func serviceOrder() string {
	var b strings.Builder
	b.WriteString(` ORDER BY CASE tier`)
	for i, t := range directory.Tiers {
		fmt.Fprintf(&b, ` WHEN '%s' THEN %d`, strings.ReplaceAll(t, "'", "''"), i)
	}
	fmt.Fprintf(&b, ` ELSE %d END, name, id`, len(directory.Tiers))
	return b.String()
}

// ServicesPage is one page of the directory services f selects, in tier
// order then by name, with how many there are in all.
func (db *DB) ServicesPage(ctx context.Context, f ServiceFilter, p Page) (Paged[directory.Service], error) {
	where, args := serviceWhere(f)
	return readPage(ctx, db, p, "services", `SELECT COUNT(*)`+where, `SELECT `+serviceColumns+where+serviceOrder(), args, into(scanService))
}

// ServiceCount is how many services the directory holds.
func (db *DB) ServiceCount(ctx context.Context) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM services`).Scan(&n); err != nil {
			return fmt.Errorf("count services: %w", err)
		}
		return nil
	})
	return n, err
}
