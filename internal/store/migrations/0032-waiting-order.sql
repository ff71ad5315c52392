-- The waiting list is read a page at a time in the order it is shown
-- (care.WaitOrder): by days waited from acceptance or from referral. These
-- two indexes hold only the referrals on the list, so they stay as small
-- as the list; each gives one service's list in the order its wait is
-- measured from (decision date, referral date) and carries every column
-- that wait needs, status too, so that no read of the list touches the
-- table. A page reads them in order and stops soon after its
-- last row, instead of reading and sorting every referral waiting (17,000
-- at scale 75: 170 ms a page); only the page's rows are read in full.
CREATE INDEX IF NOT EXISTS referrals_waiting_accepted ON referrals (service_id, decision, decided_at, id, received_at, status)
	WHERE status IN ('accepted-for-assessment', 'waiting', 'assessment-booked');
CREATE INDEX IF NOT EXISTS referrals_waiting_received ON referrals (service_id, received_at, id, paused_seconds, paused_at, decision, decided_at, status)
	WHERE status IN ('accepted-for-assessment', 'waiting', 'assessment-booked');
