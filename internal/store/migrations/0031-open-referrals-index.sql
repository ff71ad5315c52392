-- The home pages list a team's ten newest open referrals. Without this,
-- the newest ten were found by reading every referral the team's service
-- ever had (93,000 for the specialist service at scale 75, most of them
-- closed) and sorting the open ones: 0.3 to 0.9 s a page. Only open
-- referrals are in it, newest first, so the list stops after ten.
CREATE INDEX IF NOT EXISTS referrals_open_received ON referrals (received_at, id) WHERE status NOT IN ('declined', 'outcome');
