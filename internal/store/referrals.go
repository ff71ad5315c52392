package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// CreateReferral inserts a referral with its first timeline event, audited.
func (t *Tx) CreateReferral(ctx context.Context, a auth.Actor, r *care.Referral) error {
	if r.PersonID == 0 || r.ServiceID == "" {
		return problem.Errorf(problem.Invalid, "A referral needs a person and a service")
	}
	if r.Status == "" {
		r.Status = care.ReferralReceived
	}
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = t.db.Now()
	}
	if err := r.ValidateDecision(); err != nil {
		return err
	}
	if r.Decision != care.DecisionPending && r.DecidedAt.IsZero() {
		r.DecidedAt = t.db.Now()
	}
	r.Version = 1
	var err error
	r.ID, err = t.insertID(ctx, `INSERT INTO referrals (person_id, service_id, referrer_user_id, referrer_name, referrer_org, reason, status, received_at, version, updated_at,
		decision, decided_at, decline_reason, onward_service_id, onward_exception, profile, referrer_tier, treatment_started_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.PersonID, r.ServiceID, nullID(r.ReferrerUserID), r.ReferrerName, r.ReferrerOrg, r.Reason, string(r.Status), r.ReceivedAt.UTC(), t.db.Now(),
		string(r.Decision), nullTime(r.DecidedAt), r.DeclineReason, nullText(r.OnwardServiceID), r.OnwardException, r.Profile, r.ReferrerTier,
		nullTime(r.TreatmentStartedAt))
	if err != nil {
		return fmt.Errorf("insert referral: %w", err)
	}
	if err := t.AddReferralEvent(ctx, r.ID, care.ReferralReceived, r.ReceivedAt, a.User.ID, ""); err != nil {
		return err
	}
	return t.audit(ctx, a.Event(auth.ActionCreate, r.PersonID, fmt.Sprintf("referral/%d", r.ID)))
}

// AddReferralEvent appends a step to a referral's timeline.
func (t *Tx) AddReferralEvent(ctx context.Context, referralID int64, status care.ReferralStatus, at time.Time, userID int64, note string) error {
	if t.copying() { // pgcopy: COPY in a bulk load on PostgreSQL (bulk_copy.go)
		return t.copyReferralEvent(ctx, NewReferralEvent{ReferralID: referralID, Status: status, At: at, UserID: userID, Note: note})
	}
	_, err := t.exec(ctx, `INSERT INTO referral_events (referral_id, at, status, user_id, note) VALUES (?, ?, ?, ?, ?)`,
		referralID, at.UTC(), string(status), nullID(userID), note)
	return err
}

// ReferralRow is a referral with the names screens show beside it.
type ReferralRow struct {
	care.Referral
	PersonName  string
	ServiceName string
}

// ReferralFilter narrows a referral listing; zero fields do not narrow it.
type ReferralFilter struct {
	PersonID   int64
	ReferrerID int64
	TeamIDs    []int64 // referrals to the services these teams belong to
	ServiceID  string
	Status     care.ReferralStatus
	OpenOnly   bool
	Limit      int // the newest Limit referrals; 0 = 200, AllRows = every one (see MaxLimit)
}

// teamServices is the services the teams work for, each once.
func (db *DB) teamServices(ctx context.Context, teamIDs []int64) ([]string, error) {
	q, args := appendIn(`SELECT DISTINCT service_id FROM teams WHERE id IN (0`, nil, teamIDs)
	return queryAll(ctx, db, "teams' services", q+`) ORDER BY service_id`, args, scanValue[string])
}

// Referrals lists referrals newest first.
func (db *DB) Referrals(ctx context.Context, f ReferralFilter) ([]ReferralRow, error) {
	return listReferrals(ctx, db, f, referralColumns, scanReferralRow)
}

// scanReferralRow reads referralColumns and the person's and service's
// names.
func scanReferralRow(rows scanner, r *ReferralRow) error {
	return scanReferral(rows, &r.Referral, &r.PersonName, &r.ServiceName)
}

// listReferrals is the referrals f selects, newest first, each row's
// columns (from referrals r) followed by the person's and the service's
// names, scanned by scan.
func listReferrals(ctx context.Context, db *DB, f ReferralFilter, columns string, scan func(scanner, *ReferralRow) error) ([]ReferralRow, error) {
	q, args, err := db.referralsQuery(ctx, f, columns)
	if err != nil {
		return nil, err
	}
	rows, err := queryAll(ctx, db, "list referrals", q, args, scan)
	return notAllRows(rows, err, "referrals")
}

// referralsQuery is the listing f selects with its arguments, each row's
// columns (from referrals r) followed by the person's and the service's
// names.
func (db *DB) referralsQuery(ctx context.Context, f ReferralFilter, columns string) (string, []any, error) {
	where, args, err := db.referralsWhere(ctx, f)
	if err != nil {
		return "", nil, err
	}
	limit, err := limitOrAllSQL("referrals", f.Limit, 200)
	if err != nil {
		return "", nil, err
	}
	return referralsSelect(columns) + where + referralsOrder + limit, args, nil
}

const referralsOrder = ` ORDER BY r.received_at DESC, r.id DESC`

// referralsSelect reads columns (from referrals r) and the person's and
// the service's names.
func referralsSelect(columns string) string {
	return `SELECT ` + columns + `, p.given_name || ' ' || p.family_name, s.name
		FROM referrals r JOIN people p ON p.id = r.person_id JOIN services s ON s.id = r.service_id`
}

// referralsWhere is the WHERE clause of the referrals f selects (f.Limit
// aside), with its arguments.
func (db *DB) referralsWhere(ctx context.Context, f ReferralFilter) (string, []any, error) {
	q := ` WHERE 1 = 1`
	var args []any
	if f.PersonID != 0 {
		q, args = q+` AND r.person_id = ?`, append(args, f.PersonID)
	}
	if f.ReferrerID != 0 {
		q, args = q+` AND r.referrer_user_id = ?`, append(args, f.ReferrerID)
	}
	if f.TeamIDs != nil {
		// The teams' services are named as values rather than a subquery,
		// so the planner knows them and reads a service's referrals newest
		// first (migration 0031) instead of all of them.
		services, err := db.teamServices(ctx, f.TeamIDs)
		if err != nil {
			return "", nil, err
		}
		if len(services) == 1 {
			// One service (a team's usual case) is an equality, which the
			// index serves in date order: the list stops after Limit.
			q, args = q+` AND r.service_id = ?`, append(args, services[0])
		} else {
			q += ` AND r.service_id IN (''`
			q, args = appendIn(q, args, services)
			q += `)`
		}
	}
	if f.ServiceID != "" {
		q, args = q+` AND r.service_id = ?`, append(args, f.ServiceID)
	}
	if f.Status != "" {
		q, args = q+` AND r.status = ?`, append(args, string(f.Status))
	}
	if f.OpenOnly {
		q += ` AND r.status NOT IN ('declined', 'outcome')`
	}
	return q, args, nil
}

// ReferralsPage is one page of the referrals f selects, newest first as
// Referrals lists them, with how many there are in all (f.Limit is not
// used): a list such as the referrals waiting for a team discussion,
// which at region scale runs to thousands.
func (db *DB) ReferralsPage(ctx context.Context, f ReferralFilter, p Page) (Paged[ReferralRow], error) {
	where, args, err := db.referralsWhere(ctx, f)
	if err != nil {
		return Paged[ReferralRow]{Page: p}, err
	}
	return readPage(ctx, db, p, "referrals", `SELECT COUNT(*) FROM referrals r`+where, referralsSelect(referralColumns)+where+referralsOrder, args, scanReferralRow)
}

// nullText writes an empty string as NULL, for optional foreign keys.
func nullText(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// DecisionCount is how many referrals to a service had a screening decision.
type DecisionCount struct {
	ServiceID string
	Decision  care.Decision
	N         int
}

// DecisionCounts counts referrals per service and decision, a plain SQL
// aggregate for dashboards; the index on (service_id, decision) answers it
// without reading the referrals themselves.
func (db *DB) DecisionCounts(ctx context.Context) ([]DecisionCount, error) {
	return queryAll(ctx, db, "decision counts", `SELECT service_id, decision, COUNT(*) FROM referrals GROUP BY service_id, decision ORDER BY service_id, decision`, nil, func(rows scanner, c *DecisionCount) error {
		var d string
		if err := rows.Scan(&c.ServiceID, &d, &c.N); err != nil {
			return err
		}
		c.Decision = care.Decision(d)
		return nil
	})
}

// sep separates the fields packed into one text per referral row when
// reading referrals in bulk: the driver's cost is per column, not per byte,
// so one packed column instead of nine reads a million referrals in well
// under half the time. concat_ws builds it in one step in both databases;
// it skips NULLs, so every nullable field is given a default.
const sep = "\x1f"

// stamp is a timestamp column as text for packing: SQLite's stored text,
// PostgreSQL's Unix seconds; "" when NULL. parseStamp reads both, to the
// second in either database.
func (db *DB) stamp(column string) string {
	if db.dialect == Postgres {
		return `COALESCE(FLOOR(EXTRACT(EPOCH FROM ` + column + `))::BIGINT::TEXT, '')`
	}
	return `COALESCE(` + column + `, '')`
}

// parseStamp reads Unix seconds or SQLite's
// "2006-01-02 15:04:05[.999999999][-07:00]", to the second, without the
// allocations of time.Parse, which would dominate reading a million
// referrals; any other form goes through the slower general parser.
func parseStamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) < 19 || s[4] != '-' {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("cannot parse time %q", s)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	p, ok := readStamp(s)
	if !ok {
		var t time.Time
		err := dbTime{&t}.parse(s)
		return t.Truncate(time.Second), err
	}
	return time.Date(p.y, time.Month(p.mo), p.d, p.h, p.mi, p.sec, 0, time.UTC).Add(-time.Duration(p.offset()) * time.Second), nil
}

// serviceTiers maps every service id to its tier, read once so that no
// referral row needs a join.
func (db *DB) serviceTiers(ctx context.Context) (map[string]string, error) {
	tiers := map[string]string{}
	err := eachRow(ctx, db, "service tiers", `SELECT id, tier FROM services`, nil, func(rows scanner) error {
		var id, tier string
		err := rows.Scan(&id, &tier)
		tiers[id] = tier
		return err
	})
	return tiers, err
}

// referral reads one referral row for update, without auditing.
func (t *Tx) referral(ctx context.Context, id int64) (care.Referral, error) {
	var r care.Referral
	if err := scanReferral(t.queryRow(ctx, `SELECT `+referralColumns+` FROM referrals r WHERE r.id = ?`, id), &r); err != nil {
		return r, notFound(err, "referral")
	}
	return r, nil
}

// MoveReferral moves a referral along its lifecycle if the move is allowed
// and nobody has changed the referral since version was read, recording
// the step on its timeline, audited. Screening decisions carry more than a
// status (a decline needs a reason and onward route), so they have their
// own actions and are refused here.
func (t *Tx) MoveReferral(ctx context.Context, a auth.Actor, id int64, version int, to care.ReferralStatus, note string) (care.Referral, error) {
	r, err := t.referral(ctx, id)
	if err != nil {
		return r, err
	}
	if to == care.ReferralDeclined || to == care.ReferralAccepted {
		return r, problem.Errorf(problem.Invalid, "Record a screening decision with its reason, not as a status change")
	}
	if r.Version != version {
		return r, problem.Errorf(problem.Conflict, "Someone else changed this referral while you were working on it; reload to see what changed")
	}
	if err := care.CheckMove(r.Status, to); err != nil {
		return r, err
	}
	if len(note) > care.MaxNoteLength {
		return r, problem.Errorf(problem.Invalid, "The note must be 20,000 characters or fewer")
	}
	now := t.db.Now()
	if _, err := t.exec(ctx, `UPDATE referrals SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		string(to), now, id, version); err != nil {
		return r, fmt.Errorf("move referral %d: %w", id, err)
	}
	r.Status, r.Version = to, r.Version+1
	if err := t.AddReferralEvent(ctx, id, to, now, a.User.ID, note); err != nil {
		return r, err
	}
	return r, t.audit(ctx, a.Event(auth.ActionUpdate, r.PersonID, fmt.Sprintf("referral/%d", id)))
}
