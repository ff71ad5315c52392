-- Screening decisions as data: until now a decline's reason and onward
-- route lived only in free-text timeline notes, so nobody could count who
-- was declined, why, where they were sent, or whether they were ever seen.
-- Every column is nullable or defaulted so existing rows stay valid.
ALTER TABLE referrals ADD COLUMN decided_at {{ts}};
ALTER TABLE referrals ADD COLUMN decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'accepted', 'declined'));
ALTER TABLE referrals ADD COLUMN decline_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN onward_service_id TEXT REFERENCES services(id);
ALTER TABLE referrals ADD COLUMN onward_exception TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN profile TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN referrer_tier TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN treatment_started_at {{ts}};

-- Referrals already past screening get the decision their status implies and
-- the time of the timeline event that recorded it. Reason codes cannot be
-- recovered from free text, so older declines show "no reason code recorded".
UPDATE referrals SET decision = CASE WHEN status = 'declined' THEN 'declined' ELSE 'accepted' END
	WHERE status IN ('declined', 'accepted-for-assessment', 'waiting', 'assessment-booked', 'assessed', 'team-discussion', 'outcome');
UPDATE referrals SET decided_at = (SELECT MIN(e.at) FROM referral_events e
	WHERE e.referral_id = referrals.id AND e.status IN ('declined', 'accepted-for-assessment'))
	WHERE decision <> '';

-- Period filters on journey analysis and dashboards.
CREATE INDEX referrals_received ON referrals (received_at);
-- Decline rates and reasons per service.
CREATE INDEX referrals_service_decision ON referrals (service_id, decision, decline_reason);
-- PostgreSQL does not index foreign keys itself; checks on deleting a
-- service and "who was sent to this service" both need it.
CREATE INDEX referrals_onward_service ON referrals (onward_service_id) WHERE onward_service_id IS NOT NULL;
-- The locality filter selects people first.
CREATE INDEX people_locality ON people (locality);
