package store

import (
	"time"

	"throughline/internal/care"
)

// referralColumns are a referral's own columns from a table aliased r, in
// the order scanReferral reads them. Every query that reads whole
// referrals uses them, so a new column is added in one place.
const referralColumns = `r.id, r.person_id, r.service_id, COALESCE(r.referrer_user_id, 0), r.referrer_name, r.referrer_org, r.reason, r.status, r.received_at, r.version,
	r.decision, r.decided_at, r.decline_reason, COALESCE(r.onward_service_id, ''), r.onward_exception, r.profile, r.referrer_tier, r.treatment_started_at`

// detailColumns add what screening reads to referralColumns, in the order
// scanDetail reads them.
const detailColumns = referralColumns + `,
	r.what_tried, r.risks_known, r.consent, r.referrer_contact, COALESCE(r.entered_by, 0), r.more_info_reason, r.paused_at, r.paused_seconds`

// scanReferral reads referralColumns into r, then any extra columns the
// query selected after them.
func scanReferral(s scanner, r *care.Referral, extra ...any) error {
	var status, decision string
	dest := []any{&r.ID, &r.PersonID, &r.ServiceID, &r.ReferrerUserID, &r.ReferrerName, &r.ReferrerOrg, &r.Reason, &status,
		dbTime{&r.ReceivedAt}, &r.Version, &decision, dbTime{&r.DecidedAt}, &r.DeclineReason, &r.OnwardServiceID, &r.OnwardException, &r.Profile,
		&r.ReferrerTier, dbTime{&r.TreatmentStartedAt}}
	err := s.Scan(append(dest, extra...)...)
	r.Status, r.Decision = care.ReferralStatus(status), care.Decision(decision)
	return err
}

// scanDetail reads detailColumns into d, then any extra columns.
func scanDetail(s scanner, d *care.ReferralDetail, extra ...any) error {
	var paused int64
	dest := []any{&d.Tried, &d.Risks, &d.Consent, &d.ReferrerContact, &d.EnteredBy, &d.MoreInfoReason, dbTime{&d.PausedAt}, &paused}
	err := scanReferral(s, &d.Referral, append(dest, extra...)...)
	d.Paused = time.Duration(paused) * time.Second
	return err
}
