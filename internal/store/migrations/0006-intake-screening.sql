-- Referral intake, screening and the waiting list: what the referrer told
-- us, the screening clock (paused while more information is awaited),
-- the person's preferences for how they are worked with, contact while
-- waiting, and each service's waiting-time thresholds.
ALTER TABLE referrals ADD COLUMN what_tried TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN risks_known TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN consent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE referrals ADD COLUMN referrer_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN entered_by {{bigint}} REFERENCES users(id);
ALTER TABLE referrals ADD COLUMN more_info_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN paused_at {{ts}};
ALTER TABLE referrals ADD COLUMN paused_seconds {{bigint}} NOT NULL DEFAULT 0;

-- Duplicate detection looks for an open referral of one person to one service.
CREATE INDEX referrals_person_service ON referrals (person_id, service_id, status);

CREATE TABLE person_preferences (
	person_id {{bigint}} PRIMARY KEY REFERENCES people(id),
	worker_gender TEXT NOT NULL DEFAULT '',
	interpreter_language TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{ts}} NOT NULL
);

CREATE TABLE referral_check_ins (
	id {{id}},
	referral_id {{bigint}} NOT NULL REFERENCES referrals(id),
	contact_on TEXT NOT NULL,
	method TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	crisis_signposted BOOLEAN NOT NULL DEFAULT FALSE,
	recorded_by {{bigint}} REFERENCES users(id),
	created_at {{ts}} NOT NULL
);
CREATE INDEX referral_check_ins_referral ON referral_check_ins (referral_id, contact_on);

CREATE TABLE wait_thresholds (
	service_id TEXT PRIMARY KEY REFERENCES services(id),
	amber_weeks INTEGER NOT NULL,
	red_weeks INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	updated_by {{bigint}} REFERENCES users(id),
	updated_at {{ts}} NOT NULL
);
