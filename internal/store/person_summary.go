package store

import (
	"context"

	"throughline/internal/care"
)

// PersonSummaryQuery says what of a person's record their page shows
// beside the person: always their referrals (only those one referrer made,
// when ReferrerID is set), their episodes when Episodes is set, and their
// continuity of care when Continuity is set and they have an episode.
type PersonSummaryQuery struct {
	PersonID   int64
	ReferrerID int64
	Episodes   bool
	Continuity bool
}

// PersonSummary is what PersonSummary read.
type PersonSummary struct {
	Referrals  []ReferralRow
	Episodes   []EpisodeRow
	Continuity *care.Continuity // nil unless asked for and the person has an episode
}

// PersonSummary reads the parts of a person's record q asks for, the same
// as ReferralSummaries, Episodes and Continuity would, in one round trip on
// PostgreSQL (readTogether). There continuity goes in the same round trip
// before it is known whether the person has an episode, and is dropped if
// they have none; on SQLite, where a statement costs no round trip, it is
// read only when needed, as before.
func (db *DB) PersonSummary(ctx context.Context, q PersonSummaryQuery) (PersonSummary, error) {
	var out PersonSummary
	refs, args, err := db.referralsQuery(ctx, ReferralFilter{PersonID: q.PersonID, ReferrerID: q.ReferrerID}, referralSummaryColumns)
	if err != nil {
		return out, err
	}
	steps := []readStep{collect(&out.Referrals, "list referrals", refs, args, scanReferralSummary)}
	if q.Episodes {
		eps, args, err := episodesQuery(EpisodeFilter{PersonID: q.PersonID})
		if err != nil {
			return out, err
		}
		steps = append(steps, collect(&out.Episodes, "list episodes", eps, args, scanEpisodeRow))
	}
	var continuity *continuityRead
	if q.Episodes && q.Continuity && db.dialect == Postgres {
		continuity = db.continuityRead(q.PersonID)
		steps = append(steps, continuity.step)
	}
	if err := db.readTogether(ctx, steps...); err != nil {
		return out, err
	}
	if out.Referrals, err = notAllRows(out.Referrals, nil, "referrals"); err != nil {
		return out, err
	}
	if out.Episodes, err = notAllRows(out.Episodes, nil, "episodes"); err != nil {
		return out, err
	}
	if !q.Continuity || len(out.Episodes) == 0 {
		return out, nil
	}
	var c care.Continuity
	if continuity != nil {
		c = continuity.result()
	} else if c, err = db.Continuity(ctx, q.PersonID); err != nil {
		return out, err
	}
	out.Continuity = &c
	return out, nil
}
