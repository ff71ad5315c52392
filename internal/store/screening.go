package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"throughline/internal/auth"
	"throughline/internal/care"
	"throughline/internal/directory"
	"throughline/internal/problem"
)

func (t *Tx) referralDetail(ctx context.Context, id int64) (care.ReferralDetail, error) {
	var d care.ReferralDetail
	if err := scanDetail(t.queryRow(ctx, `SELECT `+detailColumns+` FROM referrals r WHERE r.id = ?`, id), &d); err != nil {
		return d, notFound(err, "referral")
	}
	return d, nil
}

// ReferralDetailNoAudit reads a referral for access decisions, showing nothing.
func (db *DB) ReferralDetailNoAudit(ctx context.Context, id int64) (care.ReferralDetail, error) {
	var d care.ReferralDetail
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		d, err = tx.referralDetail(ctx, id)
		return err
	})
	return d, err
}

// ReferralDetail reads a referral, audited as a view of the person's record.
func (db *DB) ReferralDetail(ctx context.Context, a auth.Actor, id int64) (care.ReferralDetail, error) {
	d, err := db.ReferralDetailNoAudit(ctx, id)
	if err != nil {
		return d, err
	}
	return d, db.Audit(ctx, a, auth.ActionView, d.PersonID, fmt.Sprintf("referral/%d", id))
}

// screen applies one screening action to the referral if nobody has changed
// it since version was read, storing the result and its timeline steps.
func (db *DB) screen(ctx context.Context, a auth.Actor, id int64, version int, act func(tx *Tx, d *care.ReferralDetail, now time.Time) ([]care.Step, error)) (care.ReferralDetail, error) {
	var d care.ReferralDetail
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if d, err = tx.referralDetail(ctx, id); err != nil {
			return err
		}
		if d.Version != version {
			return problem.Errorf(problem.Conflict, "Someone else changed this referral while you were working on it; reload to see what changed")
		}
		now := db.Now()
		steps, err := act(tx, &d, now)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE referrals SET status = ?, decision = ?, decided_at = ?, decline_reason = ?, onward_service_id = ?, onward_exception = ?,
			profile = ?, more_info_reason = ?, paused_at = ?, paused_seconds = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			string(d.Status), string(d.Decision), nullTime(d.DecidedAt), d.DeclineReason, nullText(d.OnwardServiceID), d.OnwardException,
			d.Profile, d.MoreInfoReason, nullTime(d.PausedAt), int64(d.Paused/time.Second), now, id, version)
		if err != nil {
			return fmt.Errorf("screen referral %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return problem.Errorf(problem.Conflict, "Someone else changed this referral while you were working on it; reload to see what changed")
		}
		d.Version++
		for i, s := range steps {
			// Steps of one action keep their order on the timeline.
			if err := tx.AddReferralEvent(ctx, id, s.Status, now.Add(time.Duration(i)*time.Microsecond), a.User.ID, s.Note); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a.Event(auth.ActionUpdate, d.PersonID, fmt.Sprintf("referral/%d", id)))
	})
	return d, err
}

// AcceptReferral accepts a referral for assessment; it joins the waiting list.
func (db *DB) AcceptReferral(ctx context.Context, a auth.Actor, id int64, version int, profile, note string) (care.ReferralDetail, error) {
	return db.screen(ctx, a, id, version, func(_ *Tx, d *care.ReferralDetail, now time.Time) ([]care.Step, error) {
		return d.Accept(profile, note, now)
	})
}

// RequestMoreInfo asks the referrer for more, pausing the clock.
func (db *DB) RequestMoreInfo(ctx context.Context, a auth.Actor, id int64, version int, reason string) (care.ReferralDetail, error) {
	return db.screen(ctx, a, id, version, func(_ *Tx, d *care.ReferralDetail, now time.Time) ([]care.Step, error) {
		return d.RequestMoreInfo(reason, now)
	})
}

// RecordInformation records the information asked for and resumes screening.
func (db *DB) RecordInformation(ctx context.Context, a auth.Actor, id int64, version int, note string) (care.ReferralDetail, error) {
	return db.screen(ctx, a, id, version, func(_ *Tx, d *care.ReferralDetail, now time.Time) ([]care.Step, error) {
		return d.InformationReceived(note, now)
	})
}

// DeclineReferral declines a referral; it is refused without a reason code
// and an onward route that is a directory service or a documented
// exception, and, when the onward service's published criteria do not
// take the person's profile, without a written reason for sending them
// there (care.Decline.CheckOnwardCriteria).
func (db *DB) DeclineReferral(ctx context.Context, a auth.Actor, id int64, version int, dc care.Decline) (care.ReferralDetail, error) {
	return db.screen(ctx, a, id, version, func(tx *Tx, d *care.ReferralDetail, now time.Time) ([]care.Step, error) {
		onwardName := ""
		if dc.OnwardServiceID != "" {
			sv, err := tx.findService(ctx, dc.OnwardServiceID)
			if err != nil {
				if problem.Code(err) == problem.NotFound {
					return nil, fieldProblem("onward", "Choose an onward service from the directory")
				}
				return nil, err
			}
			onwardName = sv.Name
			if err := dc.CheckOnwardCriteria(acceptsProfile(&sv, dc.Profile)); err != nil {
				return nil, err
			}
		}
		steps, err := d.Decline(dc.Reason, dc.OnwardServiceID, onwardName, dc.OnwardException, dc.Profile, now)
		if err != nil {
			return nil, err
		}
		if dc.OutsideCriteria != "" {
			steps[len(steps)-1].Note += ", whose published criteria do not take this profile: " + dc.OutsideCriteria
		}
		if _, err := tx.exec(ctx, `UPDATE referrals SET onward_outside_reason = ? WHERE id = ?`, dc.OutsideCriteria, id); err != nil {
			return nil, fmt.Errorf("decline referral %d: %w", id, err)
		}
		return steps, nil
	})
}

// acceptsProfile reports whether the service's published criteria take
// the profile the decision was made on. Without a complete profile there
// is nothing to judge by, and the service is taken to accept.
func acceptsProfile(sv *directory.Service, profile string) bool {
	if strings.TrimSpace(profile) == "" {
		return true
	}
	p, err := directory.ParseProfile(profile, directory.Profile{})
	if err != nil {
		return true
	}
	ok, _, err := directory.Accepts(sv, p)
	return ok || err != nil
}

// DeclineOutsideCriteria is why a declined referral was sent on to a
// service whose published criteria do not take the person; "" when it
// was not. Shown on pages whose view is already audited.
func (db *DB) DeclineOutsideCriteria(ctx context.Context, referralID int64) (string, error) {
	var why string
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT onward_outside_reason FROM referrals WHERE id = ?`, referralID).Scan(&why)
	})
	if err != nil {
		return "", notFound(err, "referral")
	}
	return why, nil
}

// ReferralEvent is one step on a referral's timeline.
type ReferralEvent struct {
	At     time.Time
	Status care.ReferralStatus
	By     string
	Note   string
}

// ReferralEvents lists a referral's timeline, oldest first. Callers show it
// on a page whose view they have already audited.
func (db *DB) ReferralEvents(ctx context.Context, referralID int64) ([]ReferralEvent, error) {
	return queryAll(ctx, db, "referral events", `SELECT e.at, e.status, COALESCE(u.display_name, ''), e.note
		FROM referral_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.referral_id = ? ORDER BY e.at, e.id`, []any{referralID}, func(rows scanner, e *ReferralEvent) error {
		var status string
		if err := rows.Scan(dbTime{&e.At}, &status, &e.By, &e.Note); err != nil {
			return err
		}
		e.Status = care.ReferralStatus(status)
		return nil
	})
}
