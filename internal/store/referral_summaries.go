package store

import (
	"context"

	"throughline/internal/care"
)

// ReferralSummaries is Referrals with only what a table of referrals
// shows: each referral's ID, PersonID, Status and ReceivedAt, with the
// person's and the service's names; every other field is left empty. The
// person page and the home pages list referrals on every view, and
// reading and converting a whole referral (its reason, profile and three
// times) for a line of a table was a third of that statement's CPU.
func (db *DB) ReferralSummaries(ctx context.Context, f ReferralFilter) ([]ReferralRow, error) {
	return listReferrals(ctx, db, f, referralSummaryColumns, scanReferralSummary)
}

const referralSummaryColumns = `r.id, r.person_id, r.status, r.received_at`

func scanReferralSummary(rows scanner, r *ReferralRow) error {
	var status string
	err := rows.Scan(&r.ID, &r.PersonID, &status, dbTime{&r.ReceivedAt}, &r.PersonName, &r.ServiceName)
	r.Status = care.ReferralStatus(status)
	return err
}
