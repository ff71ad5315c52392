package store

import (
	"context"
	"fmt"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/problem"
)

// CreateReferral inserts a referral with its first timeline event, audited.
func (t *Tx) CreateReferral(ctx context.Context, a Actor, r *care.Referral) error {
	if r.PersonID == 0 || r.ServiceID == "" {
		return problem.Errorf(problem.Invalid, "A referral needs a person and a service")
	}
	if r.Status == "" {
		r.Status = care.ReferralReceived
	}
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = t.db.Now()
	}
	r.Version = 1
	err := t.queryRow(ctx, `INSERT INTO referrals (person_id, service_id, referrer_user_id, referrer_name, referrer_org, reason, status, received_at, version, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`,
		r.PersonID, r.ServiceID, nullID(r.ReferrerUserID), r.ReferrerName, r.ReferrerOrg, r.Reason, string(r.Status), r.ReceivedAt.UTC(), t.db.Now()).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert referral: %w", err)
	}
	if err := t.AddReferralEvent(ctx, r.ID, care.ReferralReceived, r.ReceivedAt, a.User.ID, ""); err != nil {
		return err
	}
	return t.audit(ctx, a.event(auth.ActionCreate, r.PersonID, fmt.Sprintf("referral/%d", r.ID)))
}

// AddReferralEvent appends a step to a referral's timeline.
func (t *Tx) AddReferralEvent(ctx context.Context, referralID int64, status care.ReferralStatus, at time.Time, userID int64, note string) error {
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

// ReferralFilter narrows a referral listing.
type ReferralFilter struct {
	PersonID   int64
	ReferrerID int64
	TeamIDs    []int64 // referrals to the services these teams belong to
	OpenOnly   bool
	Limit      int
}

// Referrals lists referrals newest first.
func (db *DB) Referrals(ctx context.Context, f ReferralFilter) ([]ReferralRow, error) {
	q := `SELECT r.id, r.person_id, r.service_id, COALESCE(r.referrer_user_id, 0), r.referrer_name, r.referrer_org, r.reason, r.status, r.received_at, r.version,
		p.given_name || ' ' || p.family_name, s.name
		FROM referrals r JOIN people p ON p.id = r.person_id JOIN services s ON s.id = r.service_id WHERE 1 = 1`
	var args []any
	if f.PersonID != 0 {
		q, args = q+` AND r.person_id = ?`, append(args, f.PersonID)
	}
	if f.ReferrerID != 0 {
		q, args = q+` AND r.referrer_user_id = ?`, append(args, f.ReferrerID)
	}
	if f.TeamIDs != nil {
		q += ` AND r.service_id IN (SELECT service_id FROM teams WHERE id IN (0`
		for _, id := range f.TeamIDs {
			q, args = q+`, ?`, append(args, id)
		}
		q += `))`
	}
	if f.OpenOnly {
		q += ` AND r.status NOT IN ('declined', 'outcome')`
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	q += fmt.Sprintf(` ORDER BY r.received_at DESC, r.id DESC LIMIT %d`, f.Limit)
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list referrals: %w", err)
	}
	defer rows.Close()
	var out []ReferralRow
	for rows.Next() {
		var r ReferralRow
		var status string
		if err := rows.Scan(&r.ID, &r.PersonID, &r.ServiceID, &r.ReferrerUserID, &r.ReferrerName, &r.ReferrerOrg, &r.Reason, &status,
			dbTime{&r.ReceivedAt}, &r.Version, &r.PersonName, &r.ServiceName); err != nil {
			return nil, err
		}
		r.Status = care.ReferralStatus(status)
		out = append(out, r)
	}
	return out, rows.Err()
}
