-- A team's home page lists its service's newest open referrals. Named by
-- service, the referrals come from this index newest first, with their
-- status read from the index, and the list stops after ten; through
-- referrals(service_id, status) every referral the service ever had was
-- read and sorted (93,000 for the specialist service at scale 75: a
-- quarter of a second a page).
CREATE INDEX IF NOT EXISTS referrals_service_received ON referrals (service_id, received_at, status);
